/**
 * JSON in and out. A node is `{"type": T, "children": [...]}` (plus `"meta"` when asked for); atoms
 * are JSON values, except hashes, written `{"hash": {...}}` so they never pass for nodes, and the
 * non-finite numbers, written `{"number": "NaN"}`.
 *
 *   toJson(new Node('id', ['t1']))   // { type: 'id', children: ['t1'] }
 *
 * `serialize`/`deserialize` round-trip a tree with its metadata (the reference's Marshal save/load):
 * a host test object, which JSON cannot carry, is first described as a hash (see `Marshal`).
 */
import { isPlainObject } from './equality.js';
import { FlowError } from './errors.js';
import { NodeMeta } from './meta.js';
import type { NodeMetaFields } from './meta.js';
import { Node } from './node.js';
import type { Child } from './node.js';
import { describeTestObject } from './processors/marshal.js';

export type JsonChild =
  | string
  | number
  | boolean
  | null
  | JsonNode
  | JsonChild[]
  | { hash: { [key: string]: JsonChild } }
  | { number: 'NaN' | 'Infinity' | '-Infinity' };

export interface JsonNode {
  type: string;
  children: JsonChild[];
  meta?: NodeMetaFields;
}

export interface JsonOptions {
  /** Include each node's metadata. */
  meta?: boolean;
}

export function toJson(node: Node, options: JsonOptions = {}): JsonNode {
  const out: JsonNode = { type: node.type, children: node.children.map((c) => childToJson(c, options)) };
  if (options.meta) {
    const fields = node.meta.toFields();
    if (Object.keys(fields).length > 0) out.meta = fields;
  }
  return out;
}

function childToJson(value: unknown, options: JsonOptions): JsonChild {
  if (value instanceof Node) return toJson(value, options);
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    return { number: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' };
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map((v: unknown) => childToJson(v, options));
  if (typeof value === 'object') {
    const entries = Object.entries(isPlainObject(value) ? value : { ...value });
    return { hash: Object.fromEntries(entries.map(([k, v]) => [k, childToJson(v, options)])) };
  }
  return null;
}

export function fromJson(value: unknown): Node {
  if (!isPlainObject(value) || typeof value.type !== 'string' || !Array.isArray(value.children)) {
    throw new FlowError('fromJson: expected {"type": string, "children": [...]}');
  }
  const meta = isPlainObject(value.meta) ? new NodeMeta(value.meta as NodeMetaFields) : NodeMeta.EMPTY;
  return new Node(value.type, (value.children as unknown[]).map(childFromJson), meta);
}

function childFromJson(value: unknown): Child {
  if (Array.isArray(value)) return value.map(childFromJson);
  if (!isPlainObject(value)) return value as Child;
  if (typeof value.type === 'string') return fromJson(value);
  if (isPlainObject(value.hash)) {
    return Object.fromEntries(Object.entries(value.hash).map(([k, v]) => [k, childFromJson(v)]));
  }
  if (value.number === 'NaN') return NaN;
  if (value.number === 'Infinity') return Infinity;
  if (value.number === '-Infinity') return -Infinity;
  throw new FlowError(`fromJson: unexpected object ${JSON.stringify(value)}`);
}

/** Host test objects become hashes that describe them; everything else is kept. */
function describeHostObjects(node: Node): Node {
  const children = node.children.map((c) => {
    if (c instanceof Node) return describeHostObjects(c);
    if (node.type === 'object' && typeof c === 'object' && c !== null && !isPlainObject(c) && !Array.isArray(c)) {
      return describeTestObject(c);
    }
    return c;
  });
  return node.updated(undefined, children);
}

/** The tree and its metadata as JSON text. */
export function serialize(node: Node): string {
  return JSON.stringify(toJson(describeHostObjects(node), { meta: true }));
}

/** The tree (with metadata) that `serialize` wrote. */
export function deserialize(text: string): Node {
  return fromJson(JSON.parse(text));
}
