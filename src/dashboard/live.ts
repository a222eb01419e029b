/**
 * The live view of a batch in progress: another `mtap batch` process appends to its run directory,
 * and this reads only what was appended since the last look (events.jsonl and units.jsonl), so a
 * snapshot costs little however long the run. Only LF-terminated lines are records (a line being
 * written is read on the next look); a file that shrank was repaired by a resume and is read again.
 *
 * Yields use the record layer's definitions (the same as the run's results_summary.json).
 */
import { open, readFile, stat } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  finalYield,
  firstPassYield,
  RUN_FILES,
  RUN_ID_PATTERN,
  runInfoSchema,
  unitRecordSchema,
  type AttemptEvent,
  type RunInfo,
  type UnitRecord,
} from '../record/index.js';
import type { LiveRunInfo, LiveSite, LiveSnapshot } from './shared/api.js';

export const ROLLING_WINDOW = 20;
const MAX_ROLLING_POINTS = 500;
const MAX_RECENT_FAILURES = 10;

/** Bytes read at a time: a long run's first look goes through its files a piece at a time. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

/** The complete lines appended to a file since the last call, a chunk at a time. */
class Tail {
  private offset = 0;

  constructor(
    readonly file: string,
    private readonly chunkBytes: number,
  ) {}

  /** Read the file again from its start (the other file of the run was cut back). */
  rewind(): void {
    this.offset = 0;
  }

  /**
   * The next complete lines, at most about a chunk of them (a line longer than a chunk comes whole);
   * `more` when there is more to read now. `reset` is true when the file was cut back (a resume
   * repaired it): the caller starts over.
   */
  async read(): Promise<{ lines: string[]; reset: boolean; more: boolean }> {
    let size: number;
    try {
      size = (await stat(this.file)).size;
    } catch {
      return { lines: [], reset: false, more: false };
    }
    const reset = size < this.offset;
    if (reset) this.offset = 0;
    if (size === this.offset) return { lines: [], reset, more: false };
    const fh = await open(this.file, 'r');
    try {
      // Whole strings of a few MiB, never one of the whole file: a run's events.jsonl can be larger
      // than the longest string V8 makes (512 MiB).
      for (let want = this.chunkBytes; ; want *= 2) {
        const len = Math.min(want, size - this.offset);
        const buf = Buffer.alloc(len);
        const { bytesRead } = await fh.read(buf, 0, len, this.offset);
        // Up to the last LF only: the rest is a line still being written, read whole next time.
        const lf = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
        if (lf < 0) {
          if (len < size - this.offset) continue; // a line longer than the chunk: read more of it
          return { lines: [], reset, more: false };
        }
        this.offset += lf + 1;
        return { lines: buf.subarray(0, lf).toString('utf8').split('\n'), reset, more: this.offset < size };
      }
    } finally {
      await fh.close();
    }
  }
}

function parseObject(line: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

type AttemptLite = Pick<AttemptEvent, 'kind' | 'attempt' | 'passed'>;

function attemptOf(r: Record<string, unknown>): (AttemptLite & { unit_exec_id: string; sn: string; site: number; test_step: string }) | null {
  if (typeof r.unit_exec_id !== 'string' || typeof r.sn !== 'string' || typeof r.test_step !== 'string' || typeof r.site !== 'number') return null;
  if (typeof r.attempt !== 'number' || typeof r.passed !== 'boolean') return null;
  return { unit_exec_id: r.unit_exec_id, sn: r.sn, site: r.site, test_step: r.test_step, attempt: r.attempt, passed: r.passed, kind: r.kind === 'discovery' ? 'discovery' : 'step' };
}

interface SiteState {
  exec: string | null;
  sn: string | null;
  step: string | null;
  attempt: number | null;
  stepPassed: boolean | null;
}

export class LiveRun {
  private readonly events: Tail;
  private readonly units: Tail;
  private info: RunInfo | null = null;
  private finished = false;
  private attempts = 0;
  private skipped = 0;
  /** Attempts per unit execution, kept small (what first-pass yield needs). */
  private readonly attemptsByExec = new Map<string, AttemptLite[]>();
  private readonly sites = new Map<number, SiteState>();
  /** A serial's result is its last unit record (a resumed run tests some again). */
  private readonly lastBySn = new Map<string, UnitRecord>();
  /** Unit records in the order they ended. */
  private readonly ended: UnitRecord[] = [];
  private readonly rolling: { done: number; yield: number }[] = [];
  private last: LiveSnapshot | null = null;
  /** Snapshots are taken one at a time: two at once would read the same lines twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    chunkBytes = CHUNK_BYTES,
  ) {
    this.events = new Tail(join(dir, RUN_FILES.events), chunkBytes);
    this.units = new Tail(join(dir, RUN_FILES.units), chunkBytes);
  }

  /** The run now (every open Live page asks four times a second, each stream on its own). */
  snapshot(): Promise<LiveSnapshot | null> {
    const next = this.queue.then(() => this.take());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async take(): Promise<LiveSnapshot | null> {
    if (!this.info) {
      try {
        const parsed = runInfoSchema.safeParse(JSON.parse(await readFile(join(this.dir, RUN_FILES.runInfo), 'utf8')));
        if (!parsed.success) return null;
        this.info = parsed.data;
      } catch {
        return null;
      }
    }
    // Events before units: a unit's line is written only after its attempts are on disk.
    let changed = false;
    for (const [tail, onLine] of [
      [this.events, (l: string) => this.onEvent(l)],
      [this.units, (l: string) => this.onUnit(l)],
    ] as const) {
      for (let more = true; more; ) {
        const r = await tail.read();
        if (r.reset) {
          // A resume cut a file back: everything is read again, both files from their start.
          this.clear();
          this.events.rewind();
          this.units.rewind();
          return this.take();
        }
        for (const line of r.lines) onLine(line);
        changed ||= r.lines.length > 0;
        more = r.more;
      }
    }
    const finished = existsSync(join(this.dir, RUN_FILES.summary));
    // Nothing new: the last snapshot still holds. Building one goes over every unit of the run
    // (tens of milliseconds for a long run).
    changed ||= finished !== this.finished;
    this.finished = finished;
    if (changed || !this.last) this.last = this.build(this.info);
    return { ...this.last, updated_at: new Date().toISOString() };
  }

  private clear(): void {
    this.last = null;
    this.attempts = 0;
    this.skipped = 0;
    this.attemptsByExec.clear();
    this.sites.clear();
    this.lastBySn.clear();
    this.ended.length = 0;
    this.rolling.length = 0;
  }

  private site(n: number): SiteState {
    let s = this.sites.get(n);
    if (!s) this.sites.set(n, (s = { exec: null, sn: null, step: null, attempt: null, stepPassed: null }));
    return s;
  }

  private onEvent(line: string): void {
    const r = parseObject(line);
    const a = r && attemptOf(r);
    if (!a) {
      if (line.trim()) this.skipped++;
      return;
    }
    this.attempts++;
    const list = this.attemptsByExec.get(a.unit_exec_id);
    if (list) list.push(a);
    else this.attemptsByExec.set(a.unit_exec_id, [a]);
    Object.assign(this.site(a.site), { exec: a.unit_exec_id, sn: a.sn, step: a.test_step, attempt: a.attempt, stepPassed: a.passed });
  }

  private onUnit(line: string): void {
    const r = parseObject(line);
    const parsed = r ? unitRecordSchema.safeParse(r) : null;
    if (!parsed?.success) {
      if (line.trim()) this.skipped++;
      return;
    }
    const u = parsed.data;
    this.lastBySn.set(u.sn, u);
    this.ended.push(u);
    const site = this.site(u.site);
    if (site.exec === u.unit_exec_id) Object.assign(site, { exec: null, sn: null });
    const window = this.ended.slice(-ROLLING_WINDOW);
    const y = finalYield(window);
    if (y !== null) this.rolling.push({ done: this.ended.length, yield: y });
    if (this.rolling.length > MAX_ROLLING_POINTS) this.rolling.splice(0, this.rolling.length - MAX_ROLLING_POINTS);
  }

  private build(info: RunInfo): LiveSnapshot {
    const finals = [...this.lastBySn.values()];
    const count = (o: string) => finals.filter((u) => u.outcome === o).length;
    const perSite = new Map<number, LiveSite>();
    const siteRow = (n: number): LiveSite => {
      let row = perSite.get(n);
      if (!row) {
        const s = this.site(n);
        row = { site: n, sn: s.sn, step: s.sn ? s.step : null, attempt: s.sn ? s.attempt : null, step_passed: s.sn ? s.stepPassed : null, passed: 0, failed: 0, errored: 0, aborted: 0 };
        perSite.set(n, row);
      }
      return row;
    };
    for (const n of this.sites.keys()) siteRow(n);
    for (const u of finals) {
      const row = siteRow(u.site);
      if (u.outcome === 'PASS') row.passed++;
      else if (u.outcome === 'FAIL') row.failed++;
      else if (u.outcome === 'ERROR') row.errored++;
      else row.aborted++;
    }
    return {
      run_id: info.run_id,
      batch_id: info.batch_id,
      station_id: info.station_id,
      plan: `${info.plan.name} v${info.plan.version}`,
      stage: info.stage,
      created_at: info.created_at,
      finished: this.finished,
      sns: info.sns.length,
      done: finals.length,
      passed: count('PASS'),
      failed: count('FAIL'),
      errored: count('ERROR'),
      aborted: count('ABORTED'),
      attempts: this.attempts,
      final_yield: finalYield(finals),
      first_pass_yield: firstPassYield(finals, (u) => (this.attemptsByExec.get(u.unit_exec_id) ?? []) as AttemptEvent[]),
      rolling_window: ROLLING_WINDOW,
      rolling: [...this.rolling],
      sites: [...perSite.values()].sort((a, b) => a.site - b.site),
      recent_failures: this.ended
        .filter((u) => u.outcome !== 'PASS')
        .slice(-MAX_RECENT_FAILURES)
        .reverse()
        .map((u) => ({ sn: u.sn, site: u.site, outcome: u.outcome, deciding_step: u.deciding_step, deciding_code: u.deciding_code, ended_at: u.ended_at })),
      skipped_lines: this.skipped,
      updated_at: new Date().toISOString(),
    };
  }
}

/** Live runs by id, created on first look; a run id is checked against the pattern before use. */
export class LiveRuns {
  private readonly runs = new Map<string, LiveRun>();

  constructor(readonly root: string) {}

  get(runId: string): LiveRun | null {
    if (!RUN_ID_PATTERN.test(runId)) return null;
    const dir = join(this.root, runId);
    if (!existsSync(join(dir, RUN_FILES.runInfo))) return null;
    let run = this.runs.get(runId);
    if (!run) this.runs.set(runId, (run = new LiveRun(dir)));
    return run;
  }

  /** mtap run directories under the root, newest first (ids sort by start time). */
  async list(limit = 50): Promise<LiveRunInfo[]> {
    let names: string[];
    try {
      names = readdirSync(this.root).filter((n) => RUN_ID_PATTERN.test(n));
    } catch {
      return [];
    }
    const out: LiveRunInfo[] = [];
    for (const name of names.sort().reverse()) {
      if (out.length >= limit) break;
      const dir = join(this.root, name);
      try {
        const info = runInfoSchema.parse(JSON.parse(await readFile(join(dir, RUN_FILES.runInfo), 'utf8')));
        out.push({
          run_id: info.run_id,
          created_at: info.created_at,
          batch_id: info.batch_id,
          station_id: info.station_id,
          plan: `${info.plan.name} v${info.plan.version}`,
          sns: info.sns.length,
          finished: existsSync(join(dir, RUN_FILES.summary)),
        });
      } catch {
        // Not readable yet (being created) or not a run: left out of the list.
      }
    }
    return out;
  }
}
