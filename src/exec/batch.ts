/**
 * A batch: units tested `sites` at a time, each site with its own persistent connection, taking the
 * next serial from one queue. Records go to a sink as they happen; a unit's end is handed to the sink
 * without waiting for it to be durable (the sink batches fsyncs), but the batch waits for every unit
 * to be durable before it returns, and stops at once if the sink fails (a full disk).
 *
 * Aborting (SIGINT): no new unit starts; units in flight stop at their next attempt boundary and are
 * recorded ABORTED, so `--resume` tests them again.
 */
import type { CompiledPlan, Plan } from '../plan/index.js';
import type { AttemptEvent, UnitRecord } from '../record/index.js';
import { DutClient, type DutAddress } from '../transport/index.js';
import type { RunStamp } from './step.js';
import { runUnit } from './unit.js';

/** Where records go (the run directory's recorder, in the CLI). */
export interface RecordSink {
  attempt(event: AttemptEvent): void;
  /** Resolves once the unit's records are durable. */
  unitEnd(record: UnitRecord): Promise<void>;
}

export interface BatchOptions {
  plan: Plan;
  compiled: CompiledPlan;
  stamp: RunStamp;
  job: string;
  enables: readonly string[];
  /** Serials to test, in order. */
  sns: readonly string[];
  sites: number;
  /** Site i talks to duts[i % duts.length]. */
  duts: readonly DutAddress[];
  sink: RecordSink;
  signal: AbortSignal;
  onUnitStart?: (sn: string, site: number) => void;
  onAttempt?: (event: AttemptEvent) => void;
  onUnitEnd?: (record: UnitRecord) => void;
}

export interface BatchResult {
  units: UnitRecord[];
  /** Serials never started because the batch was aborted. */
  notStarted: string[];
}

/** A sensible number of sites for a batch: all units at once up to 16. */
export function defaultSites(unitCount: number): number {
  return Math.max(1, Math.min(16, unitCount));
}

export async function runBatch(o: BatchOptions): Promise<BatchResult> {
  const units: UnitRecord[] = [];
  const durable: Array<Promise<void>> = [];
  let sinkError: unknown = null;
  let next = 0;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  o.signal.addEventListener('abort', onAbort, { once: true });
  if (o.signal.aborted) stop.abort();

  const site = async (index: number) => {
    const client = new DutClient(o.duts[index % o.duts.length]!);
    try {
      while (!stop.signal.aborted && next < o.sns.length) {
        const sn = o.sns[next++]!;
        o.onUnitStart?.(sn, index);
        const record = await runUnit(sn, {
          plan: o.plan,
          compiled: o.compiled,
          stamp: o.stamp,
          job: o.job,
          enables: o.enables,
          client,
          site: index,
          signal: stop.signal,
          record: (e) => {
            if (sinkError) return;
            try {
              o.sink.attempt(e);
            } catch (err) {
              sinkError = err;
              stop.abort();
              return;
            }
            o.onAttempt?.(e);
          },
        });
        if (sinkError) break;
        units.push(record);
        durable.push(
          o.sink.unitEnd(record).catch((err: unknown) => {
            sinkError ??= err;
            stop.abort();
          }),
        );
        o.onUnitEnd?.(record);
      }
    } finally {
      await client.close();
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.sites, o.sns.length)) }, (_, i) => site(i)));
    await Promise.all(durable);
  } finally {
    o.signal.removeEventListener('abort', onAbort);
  }
  if (sinkError) throw sinkError;
  return { units, notStarted: o.sns.slice(next) };
}
