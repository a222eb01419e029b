/**
 * Requirements: what a product must do, each with an id a plan step can name in its `req_ids`.
 * The file is MTAP's traceability format (only `title` is read, and may be left out; other keys are allowed):
 *
 *     requirements:
 *       REQ-001: {title: "DUT shall respond to PING with identity (SN, FW, mode) and voltage."}
 *
 * Loading reports every problem at `file:line:col` (MtapError E_REQUIREMENTS, exit 2).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MtapError } from '../errors.js';
import { formatProblem, sortProblems, type SourceProblem } from '../util/source-error.js';
import { parseYamlSource, zodProblems } from '../util/yaml-source.js';

export interface Requirement {
  id: string;
  title: string;
  /** Where the requirement's id is written. */
  line: number;
  col: number;
}

export interface Requirements {
  file: string;
  /** Sorted by id (plain code-unit order, as MTAP's sorted()). */
  items: Requirement[];
}

/** A requirement's entry: MTAP read only `title`, so an entry without one (or an empty entry) is kept, untitled. */
const requirementSchema = z.looseObject({ title: z.string().default('') }).nullable();

const requirementsFileSchema = z.looseObject({
  requirements: z.record(z.string().min(1, 'a requirement id must not be empty'), requirementSchema),
});

export function parseRequirements(text: string, file: string): Requirements {
  const parsed = parseYamlSource(text, file);
  if (!parsed.ok) throw invalid(parsed.problems);
  const { source } = parsed;
  const result = requirementsFileSchema.safeParse(source.value);
  if (!result.success) throw invalid(zodProblems(source, result.error.issues));
  const items = Object.entries(result.data.requirements).map(([id, r]) => ({ id, title: r?.title ?? '', ...source.locateKey(['requirements', id]) }));
  items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { file, items };
}

export function loadRequirements(path: string): Requirements {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new MtapError('E_REQUIREMENTS', `cannot read requirements ${path}: ${why}`);
  }
  return parseRequirements(text, path);
}

function invalid(problems: SourceProblem[]): MtapError {
  return new MtapError('E_REQUIREMENTS', `invalid requirements file:\n${sortProblems(problems).map(formatProblem).join('\n')}`);
}
