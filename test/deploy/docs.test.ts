/**
 * docs/deployment.md kept in step with the code: its configuration table lists exactly the MTAP_*
 * variables the runtime code reads, and its list of container lint rules names every rule the lint
 * can report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knownEnvVars } from '../../scripts/containers/sources.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(join(ROOT, 'docs', 'deployment.md'), 'utf8');

/** Every rule id the lint's sources can emit: `add(line, 'x', …)` in <kind>-rules.ts, and literal `rule: 'a/b'`. */
function ruleIds(): Set<string> {
  const dir = join(ROOT, 'scripts', 'containers');
  const ids = new Set<string>();
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    const kind = /^(dockerfile|compose)-rules\.ts$/.exec(f)?.[1];
    if (kind) for (const m of text.matchAll(/\badd\([^,]+, '([a-z-]+)'/g)) ids.add(`${kind}/${m[1]}`);
    for (const m of text.matchAll(/rule: '([a-z-]+\/[a-z-]+)'/g)) ids.add(m[1]!);
    if (/\/cli`/.test(text)) ['dockerfile/cli', 'compose/cli'].forEach((id) => ids.add(id));
  }
  return ids;
}

describe('docs/deployment.md', () => {
  it('lists exactly the MTAP_* variables the runtime code reads', () => {
    const section = doc.slice(doc.indexOf('## Configuration'), doc.indexOf('## Backups'));
    const listed = new Set([...section.matchAll(/^\| `(MTAP_[A-Z_]+)` \|/gm)].map((m) => m[1]!));
    expect([...listed].sort()).toEqual([...knownEnvVars(ROOT)].sort());
  });

  it('names every rule the container lint can report', () => {
    const ids = ruleIds();
    expect(ids.size).toBeGreaterThan(30);
    const missing = [...ids].filter((id) => !doc.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});
