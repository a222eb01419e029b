/** Hand-built records for the record/trace tests, a tiny RFC 4180 parser, and an XML well-formedness check. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { PlanStep } from '../../src/plan/index.js';
import { EVENT_SCHEMA_VERSION, type AttemptEvent, type MeasurementResult, type RunInfo, type UnitRecord } from '../../src/record/index.js';

/** A fresh temp directory, removed after the test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'mtap-record-'));
    dirs.push(d);
    return d;
  };
}

export const RUN_ID = '20261122T024853.062Z-7f3a2c';

export function makeInfo(overrides: Partial<RunInfo> = {}): RunInfo {
  return {
    schema_version: EVENT_SCHEMA_VERSION,
    run_id: RUN_ID,
    created_at: '2026-11-22T02:48:53.062Z',
    tool_version: '0.1.0',
    plan: { file: 'examples/plans/test_plan.yaml', name: 'board', version: 3, hash: 'ab'.repeat(32) },
    station_id: 'ST01',
    station_name: 'FCT-1',
    batch_id: 'B42',
    stage: 'DVT',
    sns: ['SN0001', 'SN0002', 'SN0003'],
    sites: 2,
    dut: ['127.0.0.1:9000'],
    enables: [],
    requirements: null,
    ...overrides,
  };
}

export function makeMeasurement(overrides: Partial<MeasurementResult> = {}): MeasurementResult {
  return { field: 'temp_c', value: 24.9, units: 'degC', comparator: 'GELE', lo: 20, hi: 30, nominal: null, expected: null, passed: true, error_code: null, ...overrides };
}

export function makeAttempt(overrides: Partial<AttemptEvent> = {}): AttemptEvent {
  const passed = overrides.passed ?? true;
  return {
    schema_version: EVENT_SCHEMA_VERSION,
    timestamp: '2026-11-22T02:48:53.100000+00:00',
    run_id: RUN_ID,
    batch_id: 'B42',
    station_id: 'ST01',
    stage: 'DVT',
    sn: 'SN0001',
    fw_version: '1.0.0',
    test_step: 'read_temp',
    command: 'READ_TEMP',
    attempt: 1,
    retry_count: 0,
    retries_allowed: 2,
    timeout_s: 2,
    backoff_ms: 100,
    duration_ms: 3,
    passed,
    error_code: passed ? null : 'LIMIT_FAIL',
    measurement: 'temp_c',
    value: 24.9,
    units: 'degC',
    message: 'OK',
    data: { step_name: 'Read temperature', req_ids: ['REQ-002'], will_retry: false, retry_reason: null, raw: { ok: true, data: { sn: 'SN0001', temp_c: 24.9 } } },
    kind: 'step',
    plan_name: 'board',
    plan_version: 3,
    site: 0,
    unit_exec_id: 'SN0001#1',
    test_num: 200,
    lo: 20,
    hi: 30,
    comparator: 'GELE',
    bin: 4,
    softbin: 401,
    started_at: '2026-11-22T02:48:53.097Z',
    duration_us: 3123.5,
    measurements: [makeMeasurement({ passed })],
    ...overrides,
  };
}

export function makeUnit(overrides: Partial<UnitRecord> = {}): UnitRecord {
  return {
    schema_version: EVENT_SCHEMA_VERSION,
    run_id: RUN_ID,
    unit_exec_id: 'SN0001#1',
    sn: 'SN0001',
    site: 0,
    batch_id: 'B42',
    station_id: 'ST01',
    stage: 'DVT',
    plan_name: 'board',
    plan_version: 3,
    fw_version: '1.0.0',
    outcome: 'PASS',
    hard_bin: 1,
    soft_bin: 1,
    bin_description: 'PASS',
    deciding_step: null,
    deciding_code: null,
    started_at: '2026-11-22T02:48:53.090Z',
    ended_at: '2026-11-22T02:48:53.120Z',
    duration_ms: 30,
    steps_executed: ['read_temp'],
    failing_steps: [],
    attempts: 1,
    logs: [],
    ...overrides,
  };
}

export function makeStep(id: string, overrides: Partial<PlanStep> = {}): PlanStep {
  return {
    kind: 'step',
    id,
    name: id,
    cmd: id.toUpperCase(),
    params: [],
    measurements: [],
    reqIds: [],
    reqIdsPos: [],
    testNum: 100,
    testNumAuto: false,
    bin: null,
    softbin: null,
    binDescription: null,
    softbinDescription: null,
    timeoutS: 2,
    retries: 0,
    backoffMs: 0,
    retryOn: [],
    onFail: 'continue',
    conditions: {},
    groups: [],
    pos: { line: 1, col: 1 },
    ...overrides,
  };
}

/** RFC 4180: records of cells; quoted cells may hold `,`, `"` (doubled) and line breaks; CRLF or LF ends a record. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else if (c === '"') throw new Error(`stray quote at ${i}`);
    else cell += c;
  }
  if (quoted) throw new Error('unterminated quoted cell');
  if (cell !== '' || row.length > 0) throw new Error('last record has no line break');
  return rows;
}

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict reader for the XML subset a serializer writes (declaration, elements, attributes, text,
 * the five entities and numeric references): throws on anything not well-formed.
 */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed at ${i}: ${why}: ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const illegal = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
  if (illegal.test(xml)) fail('a character XML 1.0 does not allow');
  const decode = (s: string): string => {
    if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) fail('raw < or bad entity');
    return s.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) =>
      e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
    );
  };
  const name = /[A-Za-z_][\w.-]*/y;
  const readName = (): string => {
    name.lastIndex = i;
    const m = name.exec(xml);
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const skipSpace = () => {
    while (/\s/.test(xml[i] ?? '')) i++;
  };
  const readElement = (): XmlElement => {
    if (xml[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (xml.startsWith('/>', i)) return (i += 2), el;
      if (xml[i] === '>') break;
      if (i === before) fail('expected space before attribute');
      const attr = readName();
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
      if (xml[i] !== '=' || xml[i + 1] !== '"') fail('expected ="');
      const end = xml.indexOf('"', i + 2);
      if (end < 0) fail('unterminated attribute');
      el.attrs[attr] = decode(xml.slice(i + 2, end));
      i = end + 1;
    }
    i++;
    for (;;) {
      const lt = xml.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${el.name}>`);
      el.text += decode(xml.slice(i, lt));
      i = lt;
      if (xml.startsWith('</', i)) {
        i += 2;
        if (readName() !== el.name) fail(`mismatched </…> for <${el.name}>`);
        skipSpace();
        if (xml[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      el.children.push(readElement());
    }
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    i = end + 2;
  }
  skipSpace();
  const root = readElement();
  skipSpace();
  if (i !== xml.length) fail('content after the root element');
  return root;
}
