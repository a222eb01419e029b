/**
 * A JSON Schema (2020-12) check for exactly the keywords the plan schema uses — enough to show that
 * the generated schema accepts and refuses what it should, without a validator dependency. A keyword
 * it does not know is an error, so a schema that starts using more is noticed rather than half-checked.
 */
type Schema = { [key: string]: unknown };

const ANNOTATIONS = ['$schema', '$id', '$defs', 'title', 'description', 'default', 'examples'];
const ASSERTIONS = [
  '$ref', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'anyOf',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'pattern',
];
const KNOWN = new Set([...ANNOTATIONS, ...ASSERTIONS]);

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number';
    case 'integer':
      return Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      throw new Error(`unsupported type ${type}`);
  }
}

/** Problems of `value` against `root` (empty when it validates), each with a JSON-pointer-like path. */
export function validateJsonSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  check(root, root, value, '', errors);
  return errors;
}

function check(root: Schema, schema: Schema, v: unknown, path: string, errors: string[]): void {
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`unsupported JSON Schema keyword "${k}" at ${path}`);
  const fail = (msg: string) => void errors.push(`${path || '/'}: ${msg}`);
  if (typeof schema.$ref === 'string') {
    const m = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
    const target = m && isObject(root.$defs) ? root.$defs[m[1]!] : undefined;
    if (!isObject(target)) throw new Error(`unresolvable $ref ${schema.$ref}`);
    check(root, target, v, path, errors);
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeOk(t, v))) return fail(`expected ${types.join('|')}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(v)) fail(`not one of ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && schema.const !== v) fail(`not ${JSON.stringify(schema.const)}`);
  if (typeof v === 'number') {
    if (typeof schema.minimum === 'number' && v < schema.minimum) fail(`below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && v > schema.maximum) fail(`above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && v <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && v >= schema.exclusiveMaximum) fail(`not below ${schema.exclusiveMaximum}`);
  }
  if (typeof v === 'string') {
    const length = [...v].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) fail('too short');
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail('too long');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) fail(`does not match ${schema.pattern}`);
  }
  if (Array.isArray(v)) {
    if (typeof schema.minItems === 'number' && v.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
    if (isObject(schema.items)) v.forEach((item, i) => check(root, schema.items as Schema, item, `${path}/${i}`, errors));
  }
  if (isObject(v)) {
    const props = isObject(schema.properties) ? schema.properties : {};
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in v)) fail(`missing ${key}`);
    for (const [key, item] of Object.entries(v)) {
      const p = `${path}/${key}`;
      if (isObject(schema.propertyNames)) check(root, schema.propertyNames, key, `${p} (key)`, errors);
      const sub = props[key];
      if (isObject(sub)) check(root, sub, item, p, errors);
      else if (schema.additionalProperties === false) fail(`unknown key ${key}`);
      else if (isObject(schema.additionalProperties)) check(root, schema.additionalProperties, item, p, errors);
    }
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = (schema.anyOf as Schema[]).map((s) => {
      const own: string[] = [];
      check(root, s, v, path, own);
      return own;
    });
    if (!branches.some((b) => b.length === 0)) fail(`matches no alternative (${branches.map((b) => b[0]).join(' | ')})`);
  }
}
