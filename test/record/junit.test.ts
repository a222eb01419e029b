/** junit.xml: a suite per unit, a case per executed step, FAIL → failure, infrastructure → error, not executed → skipped. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildJunitXml, writeJunit } from '../../src/record/index.js';
import { makeAttempt, makeUnit, parseXml, useTempDirs, type XmlElement } from './helpers.js';
import { plan, results } from './scenario.js';

const tempDir = useTempDirs();
const xml = buildJunitXml(results, plan);
const root = parseXml(xml);
const suite = (sn: string) => root.children.find((s) => s.attrs['name'] === sn)!;
const testcase = (sn: string, step: string) => suite(sn).children.find((c) => c.name === 'testcase' && c.attrs['name'] === step)!;
const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);
const counts = (el: XmlElement) => ['tests', 'failures', 'errors', 'skipped'].map((k) => Number(el.attrs[k]));

describe('buildJunitXml', () => {
  it('is well-formed XML: <testsuites> holding one <testsuite> per unit, named by serial', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.children.map((s) => [s.name, s.attrs['name']])).toEqual(['SN0001', 'SN0002', 'SN0003', 'SN0004', 'SN0005'].map((sn) => ['testsuite', sn]));
  });

  it('says where and how each unit was tested in its properties', () => {
    const props = Object.fromEntries(child(suite('SN0003'), 'properties')!.children.map((p) => [p.attrs['name'], p.attrs['value']]));
    expect(props).toMatchObject({ station: 'ST01', station_name: 'FCT-1', stage: 'DVT', plan_name: 'board', plan_version: '3', batch: 'B42', fw_version: '1.0.0', outcome: 'FAIL', hard_bin: '4', soft_bin: '401' });
    expect(suite('SN0003').attrs['hostname']).toBe('ST01');
  });

  it('has a case per executed step (discovery included) and skips plan steps not executed', () => {
    expect(suite('SN0001').children.filter((c) => c.name === 'testcase').map((c) => [c.attrs['classname'], c.attrs['name']])).toEqual([
      ['board', 'fw_discovery'],
      ['board', 'ping'],
      ['board.thermal', 'read_temp'],
      ['board.thermal.bist', 'self_test'],
      ['board', 'mp_only'],
    ]);
    expect(counts(suite('SN0001'))).toEqual([5, 0, 0, 1]);
    expect(child(testcase('SN0001', 'mp_only'), 'skipped')!.attrs['message']).toMatch(/not executed/);
    expect(child(testcase('SN0005', 'read_temp'), 'skipped')!.attrs['message']).toMatch(/aborted/);
    expect(counts(suite('SN0005'))).toEqual([4, 0, 0, 3]);
  });

  it('marks a failed step <failure> and an infrastructure code <error>, from the final attempt', () => {
    const failure = child(testcase('SN0003', 'read_temp'), 'failure')!;
    expect(failure.attrs['type']).toBe('LIMIT_FAIL');
    expect(failure.attrs['message']).toBe('temp_c = 35.2 degC [GELE lo=20 hi=30] (LIMIT_FAIL)');
    expect(counts(suite('SN0003'))).toEqual([4, 1, 0, 1]);
    const error = child(testcase('SN0004', 'ping'), 'error')!;
    expect(error.attrs['type']).toBe('E_TIMEOUT');
    expect(counts(suite('SN0004'))).toEqual([4, 0, 1, 3]);
    // A retry that passed is a pass.
    expect(child(testcase('SN0002', 'ping'), 'failure')).toBeUndefined();
    expect(counts(root)).toEqual([21, 1, 1, 9]);
  });

  it('times a case by all its attempts, and lists every attempt and measurement in <system-out>', () => {
    expect(testcase('SN0003', 'read_temp').attrs['time']).toBe('0.003500'); // 1.25 ms + 2.25 ms
    const out = child(testcase('SN0002', 'ping'), 'system-out')!.text;
    expect(out).toContain('attempt 1: FAIL E_BUSY in 1.250 ms: device busy (will retry: E_BUSY)');
    expect(out).toContain('attempt 2: PASS in 1.250 ms: OK');
    expect(out).toContain('temp_c = 24.9 degC [GELE lo=20 hi=30] pass');
    expect(suite('SN0002').attrs['time']).toBe('0.250');
  });

  it('escapes what it did not write, keeps line breaks in attributes and drops characters XML cannot hold', () => {
    const error = child(testcase('SN0004', 'ping'), 'error')!;
    expect(error.attrs['message']).toBe('E_TIMEOUT: no reply in 2 s <&> "quoted"  \'single\'\nsecond line');
    expect(error.text).toContain('<&> "quoted"');
  });

  it('stays well-formed whatever the DUT says and whatever the serials and step ids are', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary', minLength: 1 }), (message, sn) => {
        const a = makeAttempt({ sn, unit_exec_id: 'x', passed: false, error_code: 'E_BAD_RESP', message, test_step: 'read_temp' });
        const doc = parseXml(buildJunitXml({ ...results, units: [makeUnit({ sn, unit_exec_id: 'x', outcome: 'ERROR' })], attempts: [a] }, plan));
        expect(doc.children[0]!.attrs['name']).toBe(sn.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ''));
      }),
     { numRuns: 50 },
    );
  });

  it('is written as junit.xml', async () => {
    const dir = tempDir();
    await writeJunit(dir, xml);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toBe(xml);
  });
});

describe('the well-formedness check used above', () => {
  it('rejects what is not well-formed XML', () => {
    for (const bad of ['<a><b></a>', '<a x="1" x="2"/>', '<a>&bogus;</a>', '<a>\u0001</a>', '<a>x<</a>', '<a x=1/>', '<a/><b/>', '<a>'])
      expect(() => parseXml(bad), bad).toThrow(/not well-formed/);
    expect(parseXml('<a x="&lt;&#10;"><b/>t&amp;</a>')).toEqual({ name: 'a', attrs: { x: '<\n' }, children: [{ name: 'b', attrs: {}, children: [], text: '' }], text: 't&' });
  });
});
