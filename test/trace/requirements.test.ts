/** Requirements files: MTAP's format loads; every problem is reported at file:line:col (E_REQUIREMENTS, exit 2). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMtapError } from '../../src/errors.js';
import { loadRequirements, parseRequirements } from '../../src/trace/index.js';

const problemsOf = (text: string) => {
  try {
    parseRequirements(text, 'req.yaml');
    return null;
  } catch (err) {
    if (!isMtapError(err)) throw err;
    expect([err.code, err.exitCode]).toEqual(['E_REQUIREMENTS', 2]);
    return err.message.split('\n').slice(1);
  }
};

describe('loadRequirements', () => {
  it('loads the MTAP traceability file, sorted by id, with where each id is', () => {
    const reqs = loadRequirements('examples/traceability/req_traceability.yaml');
    expect(reqs.items.map((r) => r.id)).toEqual(['REQ-001', 'REQ-002', 'REQ-003', 'REQ-004']);
    expect(reqs.items[1]).toEqual({ id: 'REQ-002', title: 'DUT shall report temperature (degC) on READ_TEMP.', line: 4, col: 3 });
  });

  it('sorts ids by code unit, as MTAP’s sorted() did, and allows keys other than title', () => {
    const reqs = parseRequirements('requirements:\n  b: {title: B, owner: x}\n  B: {title: upper}\n  a-10: {title: a}\n', 'r.yaml');
    expect(reqs.items.map((r) => r.id)).toEqual(['B', 'a-10', 'b']);
  });

  it('keeps a requirement written without a title (MTAP read only title), untitled', () => {
    const reqs = parseRequirements('requirements:\n  REQ-1: {owner: x}\n  REQ-2:\n', 'r.yaml');
    expect(reqs.items.map((r) => [r.id, r.title])).toEqual([
      ['REQ-1', ''],
      ['REQ-2', ''],
    ]);
  });

  it('reports every problem at file:line:col', () => {
    expect(problemsOf('requirements:\n  REQ-1: {title: 3}\n  REQ-2: {title: [x]}\n  REQ-3: just text\n')).toEqual([
      'req.yaml:2:18: requirements.REQ-1.title: Invalid input: expected string, received number',
      'req.yaml:3:18: requirements.REQ-2.title: Invalid input: expected string, received array',
      'req.yaml:4:10: requirements.REQ-3: Invalid input: expected object, received string',
    ]);
    expect(problemsOf('requirements:\n  REQ-1: {title: a}\n  REQ-1: {title: b}\n')).toEqual([expect.stringMatching(/^req\.yaml:3:3: YAML: Map keys must be unique/)]);
    expect(problemsOf('reqs: {}\n')).toEqual([expect.stringMatching(/^req\.yaml:1:1: requirements: /)]);
    expect(problemsOf('requirements: [a, b]\n')).toEqual([expect.stringMatching(/^req\.yaml:1:15: requirements: /)]);
    expect(problemsOf('requirements: {a: {title: "x}\n')![0]).toMatch(/^req\.yaml:\d+:\d+: YAML: /);
  });

  it('reports a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mtap-req-'));
    expect(() => loadRequirements(join(dir, 'none.yaml'))).toThrow(`cannot read requirements ${join(dir, 'none.yaml')}: no such file`);
    writeFileSync(join(dir, 'ok.yaml'), 'requirements: {}\n');
    expect(loadRequirements(join(dir, 'ok.yaml')).items).toEqual([]);
  });
});
