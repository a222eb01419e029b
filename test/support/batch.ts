/** Running batches in-process against the real simulator, with records kept in memory. */
import { runBatch, type RecordSink } from '../../src/exec/index.js';
import { compilePlan, parsePlan, type Plan } from '../../src/plan/index.js';
import type { AttemptEvent, UnitRecord } from '../../src/record/schema.js';
import { startDut, type DutOptions } from '../../src/dut/index.js';

export class MemorySink implements RecordSink {
  readonly attempts: AttemptEvent[] = [];
  readonly units: UnitRecord[] = [];
  attempt(e: AttemptEvent): void {
    this.attempts.push(e);
  }
  async unitEnd(r: UnitRecord): Promise<void> {
    this.units.push(r);
  }
  attemptsOf(sn: string): AttemptEvent[] {
    return this.attempts.filter((a) => a.sn === sn);
  }
}

export const stamp = (plan: Plan) => ({
  run_id: 'RUN',
  batch_id: 'B1',
  station_id: 'ST1',
  stage: plan.station.stage,
  plan_name: plan.name,
  plan_version: plan.version,
});

/** Run `sns` through `planText` against a fresh in-process simulator. */
export async function batchOnSimulator(
  planText: string,
  sns: string[],
  opts: { dut?: DutOptions; sites?: number; job?: string; enables?: string[]; signal?: AbortSignal } = {},
) {
  const plan = parsePlan(planText, 'plan.yaml');
  const compiled = compilePlan(plan);
  const dut = await startDut({ port: 0, profile: 'clean', seed: 1, env: {}, ...opts.dut });
  const sink = new MemorySink();
  try {
    const result = await runBatch({
      plan,
      compiled,
      stamp: stamp(plan),
      job: opts.job ?? plan.station.stage,
      enables: opts.enables ?? [],
      sns,
      sites: opts.sites ?? 4,
      duts: [{ host: '127.0.0.1', port: dut.port }],
      sink,
      signal: opts.signal ?? new AbortController().signal,
    });
    return { plan, sink, result, unit: (sn: string) => sink.units.find((u) => u.sn === sn)! };
  } finally {
    await dut.close();
  }
}

/** A minimal plan around the given steps YAML (indented as list items under `steps:`). */
export function planWith(steps: string, extra = ''): string {
  return `plan: {name: T, version: 1}\nstation: {name: S, stage: DVT, fw_expected: "1.0.0"}\n${extra}steps:\n${steps}`;
}
