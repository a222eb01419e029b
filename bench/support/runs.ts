/**
 * Generated run directories for the benchmarks that need a factory's worth of data: several runs,
 * stations, batches, stages, firmware versions and days; failures, retries that recover,
 * measurements. Written as mtap run directories (run.json, events.jsonl, units.jsonl) so they go
 * through the same ingest as real runs. The data is the same every time (seeded PRNG).
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const STATIONS = ['FCT_L1_ST01', 'FCT_L1_ST02', 'FCT_L2_ST01', 'FCT_L2_ST02'];
const FIRMWARE = ['1.0.0', '1.0.1', '1.1.0'];
const DAY0 = Date.UTC(2026, 10, 1, 6, 0, 0);

/** A small fast PRNG (mulberry32): the data is the same every time. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');

interface StepDef {
  id: string;
  cmd: string;
  testNum: number;
  failP: number;
  codes: string[];
  measure: (r: () => number) => { field: string; value: number | boolean; units: string | null; comparator: string; lo: number | null; hi: number | null }[];
}

const STEPS: StepDef[] = [
  { id: 'ping', cmd: 'PING', testNum: 1000, failP: 0.02, codes: ['E_BUSY'], measure: (r) => [{ field: 'vbat_v', value: 12 + (r() - 0.5) * 0.2, units: 'V', comparator: 'GELE', lo: 11.4, hi: 12.6 }] },
  {
    id: 'read_temp',
    cmd: 'READ_TEMP',
    testNum: 3000,
    failP: 0.04,
    codes: ['E_TIMEOUT', 'LIMIT_FAIL', 'E_INTERNAL'],
    measure: (r) => [
      { field: 'temp_c', value: 25 + (r() + r() + r() - 1.5) * 4, units: 'degC', comparator: 'GELE', lo: 10, hi: 60 },
      { field: 'vbat_v', value: 12 + (r() - 0.5) * 0.3, units: 'V', comparator: 'GELE', lo: 11, hi: 13 },
    ],
  },
  { id: 'self_test', cmd: 'SELF_TEST', testNum: 4000, failP: 0.01, codes: ['E_INTERNAL'], measure: () => [{ field: 'self_test_ok', value: true, units: null, comparator: 'EQ', lo: null, hi: null }] },
  { id: 'cal_offset', cmd: 'CAL', testNum: 5000, failP: 0.015, codes: ['LIMIT_FAIL'], measure: (r) => [{ field: 'offset_mv', value: (r() + r() - 1) * 8, units: 'mV', comparator: 'GELE', lo: -10, hi: 10 }] },
  { id: 'flash', cmd: 'FLASH', testNum: 6000, failP: 0.01, codes: ['E_BUSY', 'E_TIMEOUT'], measure: () => [] },
];

/** Write one run directory (run `runNo` of `totalRuns`); returns its attempt count. */
export function writeRun(root: string, runNo: number, unitsPerRun: number, totalRuns: number): number {
  const r = rng(runNo + 1);
  const runStart = DAY0 + (runNo % 7) * 86_400_000 + runNo * 600_000;
  const runId = `${new Date(runStart).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '')}.000Z-${runNo.toString(16).padStart(6, '0')}`;
  const dir = join(root, runId);
  mkdirSync(dir);
  const station = STATIONS[runNo % STATIONS.length]!;
  const batch = `LOT${String(runNo % 10).padStart(3, '0')}`;
  const stage = runNo % 5 === 4 ? 'PVT' : 'DVT';
  const planVersion = runNo < totalRuns / 2 ? 3 : 4;
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({ schema_version: 2, run_id: runId, created_at: iso(runStart), tool_version: '0.1.0', plan: { file: 'plan.yaml', name: 'Controller board FCT', version: planVersion, hash: 'bench' }, station_id: station, station_name: station, batch_id: batch, stage, sns: [], sites: 16, dut: [], enables: [], requirements: null }, null, 2),
  );
  const events = openSync(join(dir, 'events.jsonl'), 'w');
  const unitsFd = openSync(join(dir, 'units.jsonl'), 'w');
  let ev = '';
  let un = '';
  let attempts = 0;
  let t = runStart;
  const head = `"run_id":"${runId}","batch_id":"${batch}","station_id":"${station}","stage":"${stage}"`;
  for (let u = 0; u < unitsPerRun; u++) {
    const sn = `SN${runNo.toString(36)}${String(u).padStart(6, '0')}`;
    const exec = `${runNo.toString(16)}-${u.toString(36)}`;
    const site = u % 16;
    const fw = FIRMWARE[(runNo + (u % 7 === 0 ? 1 : 0)) % FIRMWARE.length]!;
    const unitStart = t;
    let unitAttempts = 0;
    let failing: { step: string; code: string } | null = null;
    const executed: string[] = [];
    for (const s of STEPS) {
      executed.push(s.id);
      let passed = false;
      // A defective unit fails the step for good (LIMIT_FAIL is not retried); otherwise an attempt
      // fails now and then with a transient code and is retried (up to 2 retries).
      const defective = r() < s.failP / 3;
      for (let attempt = 1; attempt <= 3 && !passed; attempt++) {
        const begin = t;
        t += 3 + Math.floor(r() * 20);
        passed = !defective && r() >= s.failP;
        const code = passed ? null : defective ? 'LIMIT_FAIL' : s.codes[Math.floor(r() * s.codes.length)]!;
        const ms = s.measure(r);
        const m = ms[0];
        const measurements = ms
          .map((x) => `{"field":"${x.field}","value":${typeof x.value === 'number' ? x.value.toFixed(4) : x.value},"units":${x.units ? `"${x.units}"` : 'null'},"comparator":"${x.comparator}","lo":${x.lo},"hi":${x.hi},"nominal":null,"expected":null,"passed":${passed},"error_code":${passed ? 'null' : `"${code}"`}}`)
          .join(',');
        const data = ms.map((x) => `"${x.field}":${typeof x.value === 'number' ? x.value.toFixed(4) : x.value}`).join(',');
        ev +=
          `{"schema_version":2,"timestamp":"${iso(t)}",${head},"sn":"${sn}","fw_version":"${fw}","test_step":"${s.id}","command":"${s.cmd}","attempt":${attempt},"retry_count":${attempt - 1},"retries_allowed":2,"timeout_s":2,"backoff_ms":100,"duration_ms":${t - begin},"passed":${passed},"error_code":${code ? `"${code}"` : 'null'},` +
          `"measurement":${m ? `"${m.field}"` : 'null'},"value":${m ? (typeof m.value === 'number' ? m.value.toFixed(4) : m.value) : 'null'},"units":${m?.units ? `"${m.units}"` : 'null'},"message":"${passed ? 'OK' : 'failed'}",` +
          `"data":{"step_name":"${s.id}","req_ids":["REQ-001"],"will_retry":${!passed && attempt < 3},"retry_reason":${!passed && attempt < 3 ? `"${code}"` : 'null'},"raw":{"ok":${passed},"error_code":${code ? `"${code}"` : 'null'},"message":"OK","data":{"sn":"${sn}"${data ? ',' + data : ''}},"meta":{"cmd":"${s.cmd}"}}},` +
          `"kind":"step","plan_name":"Controller board FCT","plan_version":${planVersion},"site":${site},"unit_exec_id":"${exec}","test_num":${s.testNum},"lo":${m?.lo ?? null},"hi":${m?.hi ?? null},"comparator":${m ? `"${m.comparator}"` : 'null'},"bin":2,"softbin":201,"started_at":"${iso(begin)}","duration_us":${(t - begin) * 1000},"measurements":[${measurements}]}\n`;
        attempts++;
        unitAttempts++;
        if (!passed && (attempt === 3 || defective)) {
          failing = { step: s.id, code: code! };
          break;
        }
      }
      if (failing) break;
    }
    const outcome = failing ? (failing.code === 'E_TIMEOUT' ? 'ERROR' : 'FAIL') : 'PASS';
    un += `{"schema_version":2,"run_id":"${runId}","unit_exec_id":"${exec}","sn":"${sn}","site":${site},"batch_id":"${batch}","station_id":"${station}","stage":"${stage}","plan_name":"Controller board FCT","plan_version":${planVersion},"fw_version":"${fw}","outcome":"${outcome}","hard_bin":${outcome === 'PASS' ? 1 : outcome === 'ERROR' ? 9 : 2},"soft_bin":${outcome === 'PASS' ? 1 : 299},"bin_description":null,"deciding_step":${failing ? `"${failing.step}"` : 'null'},"deciding_code":${failing ? `"${failing.code}"` : 'null'},"started_at":"${iso(unitStart)}","ended_at":"${iso(t)}","duration_ms":${t - unitStart},"steps_executed":${JSON.stringify(executed)},"failing_steps":[],"attempts":${unitAttempts},"logs":[]}\n`;
    if (ev.length > 1 << 22) {
      writeSync(events, ev);
      ev = '';
    }
    if (un.length > 1 << 20) {
      writeSync(unitsFd, un);
      un = '';
    }
  }
  writeSync(events, ev);
  writeSync(unitsFd, un);
  closeSync(events);
  closeSync(unitsFd);
  return attempts;
}

/** How many runs `generateRuns` writes for a number of attempts (~200,000 attempts a run, at least 4). */
export const runsFor = (targetAttempts: number) => Math.max(4, Math.round(targetAttempts / 200_000));

/** About `targetAttempts` step attempts as run directories under `runsRoot` (which must exist). */
export function generateRuns(runsRoot: string, targetAttempts: number): { attempts: number; units: number; runs: number } {
  const runs = runsFor(targetAttempts);
  // ~5.2 attempts per unit with this plan and these failure rates.
  const unitsPerRun = Math.round(targetAttempts / 5.16 / runs);
  let attempts = 0;
  for (let i = 0; i < runs; i++) attempts += writeRun(runsRoot, i, unitsPerRun, runs);
  return { attempts, units: unitsPerRun * runs, runs };
}
