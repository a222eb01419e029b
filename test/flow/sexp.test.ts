// The S-expression text form: printing as the reference does, and parsing it back.
import { describe, expect, it } from 'vitest';
import { FlowError, Node, fromSexp, toSexp } from '../../src/flow/index.js';

describe('toSexp', () => {
  it('prints atoms on the line, child nodes indented below, types with dashes', () => {
    const n = new Node('if_flag', ['F', new Node('test', [new Node('object', ['t1']), new Node('id', ['t1'])])]);
    expect(toSexp(n)).toBe('(if-flag "F"\n  (test\n    (object "t1")\n    (id "t1")))');
  });

  it('prints nil, booleans, numbers, arrays (nodes inside inline) and hashes', () => {
    const n = new Node('x', [null, undefined, true, false, 0.3, -2, ['a', 1], [new Node('eq', ['ONE', 1])], { Test: 'a', Pattern: null }]);
    expect(toSexp(n)).toBe('(x nil nil true false 0.3 -2 ["a", 1] [(eq "ONE" 1)] {"Test": "a", "Pattern": nil})');
  });

  it('escapes strings', () => {
    expect(toSexp(new Node('log', ['say "hi"\n\\ done']))).toBe('(log "say \\"hi\\"\\n\\\\ done")');
  });

  it('prints an atom after a node child on the same line, as the ast gem does', () => {
    expect(toSexp(new Node('a', [new Node('b'), 'c']))).toBe('(a\n  (b) "c")');
  });
});

describe('fromSexp', () => {
  it('round-trips the reference node_spec example', () => {
    const text = `
      (flow
        (test (name "test1") (id "t1"))
        (flow-flag "bitmap" true
          (test (name "test2"))
          (test-result "t1" false
            (test (name "test3")))))`;
    const node = fromSexp(text);
    expect(node.findAll('flow_flag', { recursive: true })).toHaveLength(1);
    expect(toSexp(fromSexp(toSexp(node)))).toBe(toSexp(node));
  });

  it('reads underscores or dashes, keywords, numbers, arrays, hashes, symbols and comments', () => {
    const n = fromSexp(`
      ; a comment
      (if_job ["p1", :p2] 1.5e3 -4 nil null true false NaN Infinity
        {"Test" => "a", b: 2, "c": [1 2]}
        bare)`);
    expect(n.type).toBe('if_job');
    expect(n.children.slice(0, 10)).toEqual([['p1', 'p2'], 1500, -4, null, null, true, false, NaN, Infinity, { Test: 'a', b: 2, c: [1, 2] }]);
    expect(n.children[10]).toBe('bare');
  });

  it('reads nodes inside arrays', () => {
    const n = fromSexp('(whenever [(gt "FOUR" 2), (ne "FIVE" 6)] (test (object "t")))');
    const [exprs] = n.children as [Node[]];
    expect(exprs.map((e) => e.type)).toEqual(['gt', 'ne']);
  });

  it('decodes escapes', () => {
    expect(fromSexp('(log "a\\"b\\\\c\\n\\t\\u00e9\\x41\\#{x}")').value).toBe('a"b\\c\n\té\x41#{x}');
  });

  it('rejects malformed text with a FlowError naming the offset', () => {
    expect(() => fromSexp('(a (b)')).toThrow(FlowError);
    expect(() => fromSexp('(a "unterminated)')).toThrow(/unterminated string/);
    expect(() => fromSexp('(a) (b)')).toThrow(/unexpected text after the node at offset 4/);
    expect(() => fromSexp('()')).toThrow(/expected a node type/);
    expect(() => fromSexp('x')).toThrow(/expected '\('/);
  });
});
