/**
 * `mtap report <run-dir> [--out FILE]`: the run's HTML qualification report (docs/report.md), written
 * as qualification_report.html in the run directory unless --out says where (`-`: standard output).
 *
 *     mtap report runs/20261122T024853.062Z-7f3a2c
 *     mtap report runs/… --out lot7-dvt.html
 *
 * A directory that does not exist or is not an mtap run is E_RUN_DIR, an --out whose directory does
 * not exist E_USAGE (both exit 2, nothing written); run.ts prints the one message.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { MtapError } from '../errors.js';
import { loadReportData, REPORT_FILE, renderReport, writeReport } from '../report/index.js';

const STDOUT = '-';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(`write a run's HTML qualification report (default: <run-dir>/${REPORT_FILE})`)
    .argument('<run-dir>', 'the run directory')
    .option('-o, --out <file>', `where to write (default: ${REPORT_FILE} in the run directory); - for standard output`)
    .action(async (dir: string, opts: { out?: string }) => {
      if (opts.out === STDOUT) {
        // Links are then relative to the run directory, as if the page were saved there.
        process.stdout.write(await renderReport(await loadReportData(dir, { out: join(resolve(dir), REPORT_FILE) })));
        return;
      }
      if (opts.out !== undefined) {
        const parent = dirname(resolve(opts.out));
        if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new MtapError('E_USAGE', `--out ${opts.out}: no directory ${parent}`);
      }
      const r = await writeReport(dir, opts.out === undefined ? {} : { out: opts.out });
      process.stdout.write(`report: ${r.units.toLocaleString('en-US')} units → ${r.file} (${r.bytes.toLocaleString('en-US')} bytes, ${(r.ms / 1000).toFixed(1)} s)\n`);
    });
}
