// JSON in and out, and serialize/deserialize with metadata (the reference's Marshal case, adapted).
import { describe, expect, it } from 'vitest';
import { FlowError, Marshal, Node, deserialize, fromJson, fromSexp, serialize, toJson, toSexp } from '../../src/flow/index.js';
import { expectTree, newFlow } from './helpers.js';

describe('JSON', () => {
  it('writes nodes as {type, children} and hashes as {hash}', () => {
    const n = fromSexp('(test (object {"Test": "a"}) (limit 5 "lte" nil nil) (x [1, "b"]))');
    expect(toJson(n)).toEqual({
      type: 'test',
      children: [
        { type: 'object', children: [{ hash: { Test: 'a' } }] },
        { type: 'limit', children: [5, 'lte', null, null] },
        { type: 'x', children: [[1, 'b']] },
      ],
    });
    expect(JSON.parse(JSON.stringify(toJson(n)))).toEqual(toJson(n));
    expect(fromJson(toJson(n)).equals(n)).toBe(true);
  });

  it('keeps non-finite numbers', () => {
    const n = new Node('x', [NaN, Infinity, -Infinity]);
    expect(fromJson(JSON.parse(JSON.stringify(toJson(n)))).equals(n)).toBe(true);
  });

  it('rejects what is not a node', () => {
    expect(() => fromJson({ type: 1 })).toThrow(FlowError);
    expect(() => fromJson({ type: 'a', children: [{ what: 1 }] })).toThrow(/unexpected object/);
  });
});

describe('serialize / deserialize', () => {
  it('round-trips a flow with its metadata (misc_spec "saved via Marshal", adapted)', () => {
    const f = newFlow();
    f.test('test1', { onFail: { bin: 5 }, sourceFile: 'misc_spec.rb', sourceLineNumber: 55 });
    f.test('test2', { onFail: { bin: 6, continue: true } });
    const raw = f.raw();
    const back = deserialize(serialize(raw));
    expect(back).toBeInstanceOf(Node);
    expect(back.equals(raw)).toBe(true);
    expect(back.find('test')!.source).toContain('misc_spec.rb:55');
    expect(back.meta.id).toBe(raw.meta.id);
    expect(back.find('test')!.meta.id).toBe(raw.find('test')!.meta.id);
  });

  it('the Marshal processor describes test objects as hashes, as the reference does before saving', () => {
    const f = newFlow();
    f.test('test1', { onFail: { bin: 5 } });
    f.test('test2', { onFail: { bin: 6, continue: true } });
    const marshalled = new Marshal().run(f.raw());
    expectTree(deserialize(serialize(marshalled)), `
      (flow (name "sort1")
        (test (object {"Test": "test1", "Pattern": nil, "Test Name": "test1", "Sub Test Name": "test1"})
          (on_fail (set_result "fail" (bin 5))))
        (test (object {"Test": "test2", "Pattern": nil, "Test Name": "test2", "Sub Test Name": "test2"})
          (on_fail (set_result "fail" (bin 6)) (continue))))`);
  });

  it('describes host test objects (which JSON cannot carry) the Marshal way', () => {
    class TestSuite {
      constructor(readonly name: string, readonly pattern: string) {}
      toMeta(): Record<string, unknown> {
        return { Test: this.name, Extra: 1 };
      }
    }
    const f = newFlow();
    f.test(new TestSuite('ts1', 'pat1'));
    const back = deserialize(serialize(f.raw()));
    expect(back.find('test')!.find('name')!.value).toBe('ts1');
    expect(back.find('test')!.find('object')!.value).toEqual({
      Test: 'ts1', Extra: 1, Pattern: 'pat1', 'Test Name': 'ts1', 'Sub Test Name': 'ts1',
    });
    expect(toSexp(new Marshal().run(fromSexp('(flow (render 5))')))).toBe('(flow\n  (render "5"))');
  });
});
