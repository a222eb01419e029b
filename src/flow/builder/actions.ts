/**
 * The actions of a branch given as a hash (`onFail: {bin: 5, continue: true}`) and the `set_result`
 * node that bins a unit, in the reference's child order:
 *
 *   (on_fail (set_result "fail" (bin 5)) (set_flag F) (continue) (delayed true) (render "..."))
 *   (set_result "fail" (bin 2 "desc") (softbin 20) (not_over_on true))
 */
import { isPlainObject } from '../equality.js';
import type { Child } from '../node.js';
import { present } from '../truthy.js';
import type { DraftChild } from './draft.js';
import { Draft } from './draft.js';

/** Makes a draft with the builder's current metadata. */
export type MakeDraft = (type: string, children?: DraftChild[]) => Draft;

export interface SetResultSpec {
  bin?: unknown;
  binDescription?: unknown;
  softbin?: unknown;
  softbinDescription?: unknown;
  binAttrs?: unknown;
}

export function setResultDraft(type: unknown, spec: SetResultSpec, mk: MakeDraft): Draft {
  const children: DraftChild[] = [type as Child];
  if (present(spec.bin)) {
    children.push(mk('bin', (present(spec.binDescription) ? [spec.bin, spec.binDescription] : [spec.bin]) as Child[]));
  }
  if (present(spec.softbin)) {
    const sb = present(spec.softbinDescription) ? [spec.softbin, spec.softbinDescription] : [spec.softbin];
    children.push(mk('softbin', sb as Child[]));
  }
  if (isPlainObject(spec.binAttrs)) {
    for (const [key, value] of Object.entries(spec.binAttrs)) children.push(mk(key, [value as Child]));
  }
  return mk('set_result', children);
}

/** The children of an `on_fail`/`on_pass` built from a hash of actions. */
export function actionChildren(kind: 'on_fail' | 'on_pass', hash: Record<string, unknown>, mk: MakeDraft): Draft[] {
  const children: Draft[] = [];
  if (present(hash.bin) || present(hash.softbin)) {
    children.push(
      setResultDraft(kind === 'on_fail' ? 'fail' : 'pass', {
        bin: hash.bin,
        softbin: hash.softbin,
        binDescription: hash.binDescription,
        softbinDescription: hash.softbinDescription,
        binAttrs: hash.binAttrs,
      }, mk),
    );
  }
  const flag = present(hash.setRunFlag) ? hash.setRunFlag : hash.setFlag;
  if (present(flag)) children.push(mk('set_flag', [flag as Child]));
  if (present(hash.continue)) children.push(mk('continue'));
  if (kind === 'on_fail' && Object.hasOwn(hash, 'delayed')) children.push(mk('delayed', [present(hash.delayed)]));
  if (present(hash.render)) children.push(mk('render', [hash.render as Child]));
  return children;
}
