/**
 * `mtap export <format> <run-dir>`: a run written in another format — stdf, atdf, junit, csv-wide,
 * openhtf-json (docs/exports.md).
 *
 *     mtap export stdf runs/20261122T024853.062Z-7f3a2c            # → runs/…/run.stdf
 *     mtap export csv-wide runs/… --out lot7.csv
 *     mtap export atdf runs/… --out - | less                       # text formats to standard output
 *
 * An unknown format is E_USAGE, a directory that is not a run E_RUN_DIR (both exit 2); run.ts prints
 * the one message.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { MtapError } from '../errors.js';
import { EXPORT_FORMATS, exportFormat, FORMATS, loadExportInput, writeFileAtomic } from '../record/index.js';

const STDOUT = '-';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(`write a run in another format: ${EXPORT_FORMATS.join(', ')}`)
    .argument('<format>', EXPORT_FORMATS.join(', '))
    .argument('<run-dir>', 'the run directory')
    .option('-o, --out <file>', `where to write (default: a file in the run directory, e.g. ${FORMATS.stdf.file}); - for standard output`)
    .option('--utc', 'write STDF/ATDF times in UTC (default: the local time zone, as STDF specifies)')
    .action(async (formatName: string, dir: string, opts: { out?: string; utc?: boolean }) => {
      const format = exportFormat(formatName);
      const spec = FORMATS[format];
      const toStdout = opts.out === STDOUT;
      if (toStdout && spec.binary && process.stdout.isTTY) {
        throw new MtapError('E_USAGE', `${format} is binary: give --out FILE, or pipe standard output to a file or program`);
      }
      const input = await loadExportInput(dir);
      const data = spec.build(input, opts.utc ? { utcOffsetMinutes: 0 } : {});
      if (toStdout) {
        process.stdout.write(data);
        return;
      }
      const file = resolve(opts.out ?? resolve(dir, spec.file));
      await writeFileAtomic(file, data);
      const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      process.stdout.write(`${format}: ${input.run.units.length} units → ${file} (${bytes.toLocaleString('en-US')} bytes)\n`);
    });
}
