/**
 * Find keys in parsed input that a zod schema does not know. Used where a format must ignore unknown
 * keys for compatibility (MTAP files) but a typo should still be pointed out, as a warning.
 */
import type { z } from 'zod';

type Path = PropertyKey[];

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

export function unknownKeyPaths(schema: z.ZodType, value: unknown, path: Path = []): Path[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return def.innerType ? unknownKeyPaths(def.innerType, value, path) : [];
    case 'pipe':
      return def.in ? unknownKeyPaths(def.in, value, path) : [];
    case 'object': {
      if (!isPlainObject(value) || !def.shape) return [];
      const out: Path[] = [];
      for (const [key, v] of Object.entries(value)) {
        const child = def.shape[key];
        if (child) out.push(...unknownKeyPaths(child, v, [...path, key]));
        else out.push([...path, key]);
      }
      return out;
    }
    case 'record': {
      if (!isPlainObject(value) || !def.valueType) return [];
      return Object.entries(value).flatMap(([k, v]) => unknownKeyPaths(def.valueType!, v, [...path, k]));
    }
    case 'array':
      if (!Array.isArray(value) || !def.element) return [];
      return value.flatMap((v, i) => unknownKeyPaths(def.element!, v, [...path, i]));
    default:
      return [];
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
