/**
 * The S-expression text form of a flow AST, as the reference prints it: `(type child child` with atom
 * children on the same line and node children on new lines, two more spaces in; underscores in a type
 * are printed as dashes. Strings are double-quoted, `nil`/`true`/`false` bare, arrays `["a", "b"]`
 * (nodes inside them inline as `(type ...)`), hashes `{"Key": value}`.
 *
 *   toSexp(new Node('if_flag', ['F', new Node('test', [new Node('object', ['t1'])])]))
 *   // (if-flag "F"
 *   //   (test
 *   //     (object "t1")))
 *
 * `fromSexp` parses that form back (dashes become underscores; it also reads the underscore form,
 * Ruby's `=>` in hashes and `:symbol` words).
 */
import { isPlainObject } from './equality.js';
import { FlowError } from './errors.js';
import { Node } from './node.js';
import type { Child } from './node.js';

/** The multi-line text form of a node. */
export function toSexp(node: Node, indent = 0): string {
  let out = `${'  '.repeat(indent)}(${node.type.replaceAll('_', '-')}`;
  for (const c of node.children) {
    out += c instanceof Node ? `\n${toSexp(c, indent + 1)}` : ` ${atomToSexp(c)}`;
  }
  return `${out})`;
}

/** The single-line text form of any child: used for atoms and for nodes inside arrays. */
export function atomToSexp(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return numberToSexp(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Node) {
    const parts = value.children.map((c) => atomToSexp(c));
    return `(${[value.type.replaceAll('_', '-'), ...parts].join(' ')})`;
  }
  if (Array.isArray(value)) return `[${value.map((v: unknown) => atomToSexp(v)).join(', ')}]`;
  if (typeof value === 'object') {
    // Host objects have no text form of their own: their own enumerable fields stand in for them.
    const entries = Object.entries(isPlainObject(value) ? value : { ...value });
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${atomToSexp(v)}`).join(', ')}}`;
  }
  return 'nil'; // functions and symbols have no text form
}

function numberToSexp(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/** Parse the text form of one node. Throws a `FlowError` naming the offset of the first problem. */
export function fromSexp(text: string): Node {
  const parser = new SexpParser(text);
  parser.skipSpace();
  const node = parser.node();
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail('unexpected text after the node');
  return node;
}

const DELIMITERS = new Set(['(', ')', '[', ']', '{', '}', ',', '"']);
const NUMBER = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|Infinity|NaN)$/;

class SexpParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    throw new FlowError(`fromSexp: ${message} at offset ${this.pos}`);
  }

  skipSpace(): void {
    while (!this.atEnd()) {
      const ch = this.text[this.pos]!;
      if (ch === ';') {
        while (!this.atEnd() && this.text[this.pos] !== '\n') this.pos++;
      } else if (/\s/.test(ch)) this.pos++;
      else break;
    }
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  node(): Node {
    this.expect('(');
    this.skipSpace();
    const head = this.peek() === '"' ? this.string() : this.word();
    if (head === '') this.fail('expected a node type');
    const children: Child[] = [];
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) this.fail("missing ')'");
      if (this.peek() === ')') break;
      children.push(this.value());
    }
    this.pos++;
    return new Node(head.replaceAll('-', '_'), children);
  }

  private value(): Child {
    const ch = this.peek();
    if (ch === '(') return this.node();
    if (ch === '"') return this.string();
    if (ch === '[') return this.array();
    if (ch === '{') return this.hash();
    const word = this.word();
    if (word === '') this.fail(`unexpected '${ch ?? 'end of text'}'`);
    return wordValue(word);
  }

  private array(): Child[] {
    this.expect('[');
    const items: Child[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.atEnd()) this.fail("missing ']'");
      if (this.peek() === ']') break;
      items.push(this.value());
    }
    this.pos++;
    return items;
  }

  private hash(): Record<string, Child> {
    this.expect('{');
    const out: Record<string, Child> = {};
    for (;;) {
      this.skipSeparators();
      if (this.atEnd()) this.fail("missing '}'");
      if (this.peek() === '}') break;
      const key = this.peek() === '"' ? this.string() : this.word().replace(/:$/, '').replace(/^:/, '');
      this.skipSpace();
      if (this.text.startsWith('=>', this.pos)) this.pos += 2;
      else if (this.peek() === ':') this.pos++;
      this.skipSpace();
      out[key] = this.value();
    }
    this.pos++;
    return out;
  }

  private skipSeparators(): void {
    for (;;) {
      this.skipSpace();
      if (this.peek() !== ',') return;
      this.pos++;
    }
  }

  private word(): string {
    const start = this.pos;
    while (!this.atEnd()) {
      const ch = this.text[this.pos]!;
      if (DELIMITERS.has(ch) || /\s/.test(ch)) break;
      // A hash key written `key: value` ends at its colon.
      if (ch === ':' && this.pos > start) {
        this.pos++;
        break;
      }
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  private string(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string');
      const ch = this.text[this.pos++]!;
      if (ch === '"') return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const esc = this.text[this.pos++];
      if (esc === undefined) this.fail('unterminated string');
      switch (esc) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'v':
          out += '\v';
          break;
        case '0':
          out += '\0';
          break;
        case 'e':
          out += '\x1b';
          break;
        case 'u': {
          const hex = this.text.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        case 'x': {
          const hex = this.text.slice(this.pos, this.pos + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('bad \\x escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 2;
          break;
        }
        default:
          out += esc; // \" \\ \/ \# and any other escaped character stand for themselves
      }
    }
  }
}

function wordValue(word: string): Child {
  if (word === 'nil' || word === 'null') return null;
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (NUMBER.test(word)) return Number(word);
  // Ruby symbols (`:t1`) and other bare words are strings.
  return word.startsWith(':') && word.length > 1 ? word.slice(1) : word;
}
