/**
 * What `mtap batch` and `mtap demo` print while a run goes and when it ends: a progress bar on a TTY
 * (units done, pass/fail, rate, ETA), one plain line per unit otherwise, and a final summary.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import cliProgress from 'cli-progress';
import type { RunHooks, RunOutcome } from '../exec/index.js';
import { RUN_FILES, type ResultsSummary, type UnitRecord } from '../record/index.js';

export interface OutputOptions {
  /** Where progress goes (stderr when stdout carries --json). */
  out: NodeJS.WriteStream;
  tty: boolean;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const secs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

export function unitLineText(u: UnitRecord, done: number, total: number): string {
  const bin = u.hard_bin === null ? 'no bin' : `bin ${u.hard_bin}/${u.soft_bin}`;
  const why = u.deciding_step ? ` (${u.deciding_step}: ${u.deciding_code ?? 'failed'})` : '';
  return `[${done}/${total}] ${u.sn} ${u.outcome} ${bin} site ${u.site} ${u.steps_executed.length} steps ${secs(u.duration_ms)}${why}\n`;
}

/** Hooks that draw progress; call `finish()` before printing anything else. */
export function progressHooks(o: OutputOptions): RunHooks & { finish(): void } {
  let total = 0;
  let done = 0;
  const counts = { PASS: 0, FAIL: 0, ERROR: 0, ABORTED: 0 };
  let bar: cliProgress.SingleBar | null = null;
  return {
    onRunStart({ runId, dir, sns, resumedDone }) {
      total = sns.length;
      const resumed = resumedDone ? ` (resumed: ${resumedDone} units already done)` : '';
      o.out.write(`run ${runId}: ${total} units to test${resumed}, writing ${relative(process.cwd(), dir) || dir}\n`);
      if (o.tty && total > 0) {
        bar = new cliProgress.SingleBar(
          {
            stream: o.out,
            format: ' {bar} {value}/{total} units | pass {pass} fail {fail} error {error} | {rate}/s | ETA {eta_formatted}',
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, { pass: 0, fail: 0, error: 0, rate: '0.0' });
      }
    },
    onUnitEnd(u) {
      done++;
      counts[u.outcome]++;
      if (bar) {
        const elapsed = (Date.now() - (bar as unknown as { startTime: number }).startTime) / 1000; // typed on GenericBar only
        bar.update(done, { pass: counts.PASS, fail: counts.FAIL, error: counts.ERROR, rate: (done / Math.max(elapsed, 0.001)).toFixed(1) });
      } else {
        o.out.write(unitLineText(u, done, total));
      }
    },
    finish() {
      bar?.stop();
      bar = null;
    },
  };
}

/** The final summary, for people. */
export function summaryText(run: RunOutcome, s: ResultsSummary): string {
  const units = Object.values(s.per_sn);
  const bins = new Map<string, number>();
  for (const u of units) {
    if (u.hard_bin === null) continue;
    const key = `${u.hard_bin}/${u.soft_bin}`;
    bins.set(key, (bins.get(key) ?? 0) + 1);
  }
  const binText = [...bins].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([k, n]) => `${k} ×${n}`).join(', ');
  const files = Object.values(RUN_FILES).filter((f) => existsSync(join(run.dir, f)));
  const lines = [
    `run ${s.run_id} · plan "${s.plan.name}" v${s.plan.version} · stage ${s.stage} · batch ${s.batch_id} · station ${s.station_id}`,
    `  ${s.sn_count} units: PASS ${s.passed_count} · FAIL ${s.failed_count} · ERROR ${s.error_count} · ABORTED ${s.aborted_count}` +
      (s.not_tested_count ? ` · not tested ${s.not_tested_count}` : ''),
    `  first-pass yield ${pct(s.first_pass_yield)} · final yield ${pct(s.final_yield)} · ${s.attempt_count} attempts, ${s.failed_attempt_count} failed`,
    ...(binText ? [`  bins (hard/soft): ${binText}`] : []),
    `  artifacts: ${relative(process.cwd(), run.dir) || run.dir}/  ${files.join(' ')}`,
  ];
  if (!files.includes(RUN_FILES.coverage)) {
    lines.push('  coverage: no requirements file, so no coverage_matrix.csv (give --requirements, a plan `requirements:`, or ./traceability/req_traceability.yaml)');
  }
  if (run.interrupted) lines.push(`  interrupted: continue with  mtap batch --resume ${s.run_id}`);
  return lines.join('\n') + '\n';
}

/** Why the run has no report, and how to write it: the run itself is recorded. */
export function reportWarning(run: RunOutcome): string {
  return `the qualification report was not written (${run.report.error}); the run is recorded: write it with  mtap report ${relative(process.cwd(), run.dir) || run.dir}`;
}

/** The exit status a finished run earns (docs/errors.md). */
export function runExitCode(run: RunOutcome, s: ResultsSummary): number {
  if (run.interrupted) return 130;
  if (s.error_count > 0) return 3;
  if (s.failed_count > 0) return 1;
  return 0;
}
