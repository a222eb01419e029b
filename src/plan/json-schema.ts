/**
 * The plan format as a JSON Schema (draft 2020-12), generated from the zod schema — never written by
 * hand, never committed: `mtap flow schema` prints it for editors and CI. It covers the shapes (keys,
 * types, ranges, unknown keys); the rules across entries (unique ids, references, stages and flags
 * that exist, limits that make sense) are the loader's, reported by `mtap flow check`.
 */
import { z } from 'zod';
import { planSchema } from './schema.js';

export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
}
