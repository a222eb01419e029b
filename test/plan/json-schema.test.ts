/**
 * The plan's JSON Schema, generated from the zod schema: it accepts every example plan, refuses the
 * shape mistakes of the broken-plan corpus (unknown keys, wrong types, missing keys, bad values), and
 * leaves the rules across keys and entries (ids, references, stages, flags, limits) to the loader.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planJsonSchema } from '../../src/plan/index.js';
import { validateJsonSchema } from './json-schema-check.js';

const schema = planJsonSchema();
const load = (path: string): unknown => parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) ?? {};
const errorsOf = (path: string) => validateJsonSchema(schema, load(path));

describe('the plan JSON Schema', () => {
  it('is draft 2020-12 with a title, a description, and named definitions for the step/group/log union', () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'mtap test plan', type: 'object', additionalProperties: false });
    expect(schema.description).toMatch(/MTAP v1 plans are valid/);
    const defs = schema.$defs as Record<string, Record<string, unknown>>;
    expect(Object.keys(defs).sort()).toEqual(['group', 'item', 'log', 'measurement', 'step']);
    expect(defs.item!.anyOf).toEqual([{ $ref: '#/$defs/step' }, { $ref: '#/$defs/group' }, { $ref: '#/$defs/log' }]);
    expect((schema.properties as Record<string, unknown>).steps).toMatchObject({ type: 'array', items: { $ref: '#/$defs/item' } });
  });

  it('describes every key', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const props = (node as { properties?: Record<string, Record<string, unknown>> }).properties;
      for (const [key, sub] of Object.entries(props ?? {})) {
        if (typeof sub.description !== 'string' && sub.$ref === undefined) undescribed.push(`${path}.${key}`);
        walk(sub, `${path}.${key}`);
      }
      for (const [k, v] of Object.entries(node)) if (k !== 'properties') walk(v, path);
    };
    walk(schema, '');
    expect(undescribed).toEqual([]);
  });

  it.each(['examples/board-fct.yaml', 'examples/plans/test_plan.yaml', 'examples/plans/test_plan_alt.yaml', 'examples/plans/test_plan_2.yaml'])(
    'accepts %s',
    (path) => expect(errorsOf(path)).toEqual([]),
  );

  it.each([
    ['empty', '/: missing plan'],
    ['missing-required', '/plan: missing name'],
    ['wrong-types', '/plan/version: matches no alternative'],
    ['out-of-range', '/batch/sn_count: below 1'],
    ['unknown-key-plan', '/: unknown key stepz'],
    ['unknown-key-station', '/station: unknown key fw_expect'],
    ['unknown-key-step', '/steps/0: matches no alternative'],
    ['unknown-key-measurement', '/steps/0: matches no alternative'],
    ['unknown-key-group', '/steps/0: matches no alternative'],
    ['bad-comparator', '/steps/0: matches no alternative'],
    ['bad-on-fail', '/defaults/on_fail: not one of'],
    ['bad-entries', '/steps/0: matches no alternative'],
    ['unknown-retry-code', '/steps/0: matches no alternative'],
  ])('refuses the shape mistakes of corpus/%s.yaml', (name, first) => {
    const errors = errorsOf(`test/plan/corpus/${name}.yaml`);
    expect(errors.some((e) => e.startsWith(first)), errors.join('\n')).toBe(true);
  });

  it.each(['duplicate-id', 'duplicate-id-case', 'duplicate-test-num', 'dangling-ref', 'forward-ref', 'self-ref', 'unknown-stage', 'undeclared-flag', 'lo-above-hi', 'v1-equals-with-min', 'reserved-id'])(
    'leaves the rules across keys and entries of corpus/%s.yaml to the loader (mtap flow check)',
    (name) => expect(errorsOf(`test/plan/corpus/${name}.yaml`)).toEqual([]),
  );

  it('the check refuses keywords it does not implement, so it never half-validates', () => {
    expect(() => validateJsonSchema({ type: 'string', format: 'email' }, 'x')).toThrow(/unsupported JSON Schema keyword "format"/);
  });
});
