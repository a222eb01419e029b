/** The OpenHTF JSON export: one test record per unit in OpenHTF's shape, in a JSON array. */
import { describe, expect, it } from 'vitest';
import { buildOpenHtfJson, validatorText, type RunData } from '../../src/record/index.js';
import { smallPlan, smallRun } from './stdf-fixtures.js';

const parse = (run: RunData) => JSON.parse(buildOpenHtfJson(run, smallPlan())) as Array<Record<string, any>>;

describe('openhtf-json', () => {
  const records = parse(smallRun());
  const bySn = (sn: string) => records.find((r) => r.dut_id === sn)!;

  it('is one JSON array, one unit record per line', () => {
    const text = buildOpenHtfJson(smallRun(), smallPlan());
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('[');
    expect(lines.at(-1)).toBe(']');
    expect(lines.slice(1, -1).map((l) => JSON.parse(l.replace(/,$/, '')).dut_id)).toEqual(['SN0001', 'SN0002', 'SN0003', 'SN0004', 'SN0005']);
    expect(buildOpenHtfJson({ ...smallRun(), units: [], attempts: [] }, smallPlan())).toBe('[]\n');
  });

  it('has OpenHTF\'s top-level keys, with the unit\'s identity, times and outcome', () => {
    const r = bySn('SN0001');
    expect(Object.keys(r)).toEqual([
      'dut_id', 'station_id', 'start_time_millis', 'end_time_millis', 'outcome', 'outcome_details', 'code_info', 'metadata', 'phases', 'subtests',
      'branches', 'checkpoints', 'diagnosers', 'diagnoses', 'log_records', 'marginal',
    ]);
    const unit = smallRun().units[0]!;
    expect(r).toMatchObject({ dut_id: 'SN0001', station_id: 'ST-07', start_time_millis: Date.parse(unit.started_at), end_time_millis: Date.parse(unit.ended_at), outcome: 'PASS', outcome_details: [] });
    expect(r.metadata).toMatchObject({ test_name: 'Board FCT', test_version: 7, run_id: unit.run_id, unit_exec_id: 'e1-0001', batch_id: 'LOT-42', stage: 'DVT', hard_bin: 1, soft_bin: 1, tool: 'mtap' });
    expect(records.map((x) => x.outcome)).toEqual(['PASS', 'FAIL', 'ERROR', 'ABORTED', 'FAIL']);
  });

  it('has a phase per executed step of the final execution, with its measurements', () => {
    const r = bySn('SN0002');
    expect(r.phases.map((p: any) => [p.name, p.outcome, p.attempts])).toEqual([
      ['fw_discovery', 'PASS', 1],
      ['set_temp', 'PASS', 1],
      ['ping', 'PASS', 1],
      ['read_temp', 'FAIL', 2],
      ['self_test', 'FAIL', 1],
    ]);
    const read = r.phases[3];
    expect(read).toMatchObject({ descriptor_id: 30, codeinfo: { name: 'read_temp', docstring: 'read_temp' }, result: { phase_result: 'FAIL_AND_CONTINUE' } });
    expect(read.measurements).toEqual({
      temp_c: { name: 'temp_c', outcome: 'FAIL', measured_value: 8.5, units: { name: null, code: null, suffix: 'degC' }, validators: ['x >= 10'], docstring: null, dimensions: null, marginal: false, set_time_millis: expect.any(Number) },
      vbat_v: { name: 'vbat_v', outcome: 'PASS', measured_value: 12.5, units: { name: null, code: null, suffix: 'V' }, validators: ['x < 13'], docstring: null, dimensions: null, marginal: false, set_time_millis: expect.any(Number) },
    });
    // the phase spans both attempts
    expect(read.end_time_millis - read.start_time_millis).toBe(9);
    expect(r.outcome_details).toEqual([
      { code: 'LIMIT_FAIL', description: 'read_temp: temp_c = 8.5 degC outside GE [10, ]' },
      { code: 'LIMIT_FAIL', description: 'self_test: self_test_ok = false outside EQ true' },
    ]);
  });

  it('marks an infrastructure failure ERROR and an unmeasured measurement UNSET; an abort ABORTED', () => {
    const ping = bySn('SN0003').phases.find((p: any) => p.name === 'ping');
    expect(ping.outcome).toBe('ERROR');
    expect(ping.measurements.vbat_v).toMatchObject({ outcome: 'UNSET', measured_value: null, validators: ['11.4 <= x <= 12.6'] });
    expect(bySn('SN0004').outcome_details).toEqual([{ code: 'ABORTED', description: 'the unit was stopped before the end of the plan' }]);
    expect(bySn('SN0005').outcome_details).toEqual([{ code: 'E_FW_MISMATCH', description: 'fw_discovery: the DUT reports firmware "0.9.0"; the plan expects "1.0.0"' }]);
  });

  it('logs every attempt in time order, then the plan\'s log statements', () => {
    const logs = bySn('SN0002').log_records;
    expect(logs.map((l: any) => l.message).slice(3, 5)).toEqual(['read_temp attempt 1: E_BUSY: Rate-limited', 'read_temp attempt 2: LIMIT_FAIL: temp_c = 8.5 degC outside GE [10, ]']);
    expect(logs[3]).toMatchObject({ level: 30, logger_name: 'mtap.step', source: 'read_temp' });
    expect(bySn('SN0001').log_records.at(-1)).toMatchObject({ level: 20, logger_name: 'mtap.plan', message: 'unit complete' });
  });

  it('writes validators the way OpenHTF prints them', () => {
    const v = (comparator: any, lo: number | null, hi: number | null, expected: any = null) => validatorText({ comparator, lo, hi, expected });
    expect([v('GE', 1, null), v('GT', 1, null), v('LE', null, 2), v('LT', null, 2), v('GELE', 1, 2), v('GTLT', 1, 2)]).toEqual(['x >= 1', 'x > 1', 'x <= 2', 'x < 2', '1 <= x <= 2', '1 < x < 2']);
    expect([v('EQ', null, null, true), v('NE', null, null, 'x'), v('IN', null, null, [1, 2]), v('MATCHES', null, null, '^1\\.')]).toEqual(['x == true', 'x != "x"', 'x in [1,2]', "'x' matches /^1\\./"]);
  });
});
