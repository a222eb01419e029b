/**
 * Volatile flags: flags declared (with `flow.volatile(...)`) as changeable at any time, so optimizers
 * must not merge or remove conditions on them. Names match after dropping one leading `$` and
 * lower-casing: `volatile('my_flag')` covers `'$MY_FLAG'`. A list of flags is never volatile.
 */
import { Node } from './node.js';

function cleanFlag(flag: unknown): string {
  const s = String(flag);
  return (s.startsWith('$') ? s.slice(1) : s).toLowerCase();
}

export class VolatileFlags {
  static readonly NONE = new VolatileFlags([]);

  private readonly names: ReadonlySet<string>;

  constructor(flags: readonly unknown[]) {
    this.names = new Set(flags.map(cleanFlag));
  }

  /** The flags declared by `(volatile (flag F)...)` among a flow node's direct children. */
  static of(flow: Node): VolatileFlags {
    const v = flow.find('volatile');
    return v ? new VolatileFlags(v.findAll('flag').map((f) => f.value)) : VolatileFlags.NONE;
  }

  has(flag: unknown): boolean {
    if (Array.isArray(flag) || flag instanceof Node || this.names.size === 0) return false;
    return this.names.has(cleanFlag(flag));
  }
}
