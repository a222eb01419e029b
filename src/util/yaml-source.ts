/**
 * YAML with positions: parse a file keeping each node's source location, so schema problems found
 * later (by zod, or by cross-checks) can be reported at `file:line:col`.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import type { SourceProblem } from './source-error.js';

export type YamlPath = readonly PropertyKey[];

export interface YamlSource {
  file: string;
  value: unknown;
  /** Position of the value at `path` (or of its nearest existing ancestor). */
  locate(path: YamlPath): { line: number; col: number };
  /** Position of the key at `path` (falls back to the value's position). */
  locateKey(path: YamlPath): { line: number; col: number };
}

export type YamlParse = { ok: true; source: YamlSource } | { ok: false; problems: SourceProblem[] };

export function parseYamlSource(text: string, file: string): YamlParse {
  const lineCounter = new LineCounter();
  // merge: YAML 1.1 merge keys (<<: *anchor), which PyYAML (and so MTAP's files) accepted.
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { file, line: pos.line, col: pos.col, message: `YAML: ${firstLine(e.message)}` };
      }),
    };
  }
  const at = (offset: number) => lineCounter.linePos(offset);
  const start = { line: 1, col: 1 };

  const nodeAt = (path: YamlPath): { node: YamlNode | null; keyNode: YamlNode | null } => {
    let node: unknown = doc.contents;
    let keyNode: YamlNode | null = null;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(part));
        if (!pair) return { node: node as YamlNode, keyNode: null };
        keyNode = pair.key as YamlNode;
        node = pair.value ?? pair.key;
      } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
        const item = (node as { items: unknown[] }).items[Number(part)];
        if (item === undefined) return { node: node as YamlNode, keyNode: null };
        keyNode = null;
        node = item;
      } else {
        break;
      }
    }
    return { node: (node as YamlNode) ?? null, keyNode };
  };

  const posOf = (n: YamlNode | null) => (n?.range ? at(n.range[0]) : start);

  return {
    ok: true,
    source: {
      file,
      value: doc.toJS({ maxAliasCount: 100 }),
      locate: (path) => posOf(nodeAt(path).node),
      locateKey: (path) => {
        const found = nodeAt(path);
        return posOf(found.keyNode ?? found.node);
      },
    },
  };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** Render a path the way a user reads it: `steps[2].limits.min`. */
export function describePath(path: YamlPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/**
 * Turn zod issues into located problems. Unknown keys are pointed at the key itself; everything else
 * at the offending value (or, for a missing key, at the mapping that lacks it).
 */
export function zodProblems(source: YamlSource, issues: readonly z.core.$ZodIssue[], pathPrefix: YamlPath = []): SourceProblem[] {
  const out: SourceProblem[] = [];
  for (const issue of issues) {
    const path = [...pathPrefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        out.push({ file: source.file, ...source.locateKey(keyPath), message: `${describePath(keyPath)}: unknown key` });
      }
      continue;
    }
    const where = describePath(path);
    out.push({ file: source.file, ...source.locate(path), message: where ? `${where}: ${issue.message}` : issue.message });
  }
  return out;
}
