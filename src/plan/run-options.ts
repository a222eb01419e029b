/**
 * What one run of a plan is asked for — the stage (job), the enable words, the steps assumed to fail
 * in a dry run — checked against the plan, so `mtap flow run` and `mtap batch` accept and refuse the
 * same things, with the same messages. Each refusal is MtapError E_USAGE (exit 2).
 *
 *     resolveJob(plan, 'dvt')                       // 'DVT'
 *     resolveEnables(plan, ['thermal_screen'], [])  // the flags on: defaults, plus --enable, minus --disable
 *     resolveStepIds(plan, ['READ_TEMP'], '--fail') // ['read_temp']
 */
import { MtapError } from '../errors.js';
import { cleanId } from '../flow/index.js';
import { closest } from './issues.js';
import type { Plan } from './types.js';

/** The stage a run is at: as given (any case), else the plan's station stage. Upper-case. */
export function resolveJob(plan: Plan, job: string | undefined): string {
  if (job === undefined) return plan.station.stage;
  const up = job.trim().toUpperCase();
  if (!plan.stages.includes(up)) {
    throw new MtapError('E_USAGE', `unknown stage "${job}" (this plan knows ${plan.stages.join(', ')}; a plan declares more in plan.stages)`);
  }
  return up;
}

/** Split repeated and comma-separated option values: `--enable a,b --enable c` → a, b, c. */
export function optionList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** The enable words on for a run: the plan's flags that default to on, then `enable` added and `disable` removed. */
export function resolveEnables(plan: Plan, enable: readonly string[] = [], disable: readonly string[] = []): string[] {
  const declared = Object.keys(plan.flags);
  const check = (option: string) => (name: string) => {
    if (Object.hasOwn(plan.flags, name)) return;
    const hint = closest(name, declared);
    const known = declared.length ? `its flags are ${declared.join(', ')}` : 'it declares no flags';
    throw new MtapError('E_USAGE', `${option} ${name}: not a flag of this plan (${hint ? `did you mean ${hint}? ` : ''}${known})`);
  };
  enable.forEach(check('--enable'));
  disable.forEach(check('--disable'));
  const both = enable.find((n) => disable.includes(n));
  if (both !== undefined) throw new MtapError('E_USAGE', `--enable ${both} and --disable ${both}: choose one`);
  const on = new Set(declared.filter((n) => plan.flags[n]));
  for (const n of enable) on.add(n);
  for (const n of disable) on.delete(n);
  return declared.filter((n) => on.has(n));
}

/** Step ids as the plan spells them, matched the way ids are compared (ignoring case and punctuation). */
export function resolveStepIds(plan: Plan, ids: readonly string[], option: string): string[] {
  return ids.map((id) => {
    const step = plan.steps.find((s) => cleanId(s.id) === cleanId(id));
    if (step) return step.id;
    const hint = closest(id, plan.steps.map((s) => s.id));
    throw new MtapError('E_USAGE', `${option} ${id}: no step has this id${hint ? ` (did you mean ${hint}?)` : ''}`);
  });
}
