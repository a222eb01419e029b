/**
 * Program: a collection of flows by name. `program.flow(name)` returns the flow of that name,
 * creating it on first use.
 *
 *   const program = new Program();
 *   const probe = program.flow('probe1');
 *   program.flow('probe1') === probe;   // true
 */
import { Flow } from './flow.js';
import type { MetaOptions } from './options.js';

export class Program {
  readonly flows = new Map<string, Flow>();

  flow(name: string, options: MetaOptions = {}): Flow {
    const key = String(name);
    let f = this.flows.get(key);
    if (!f) {
      f = new Flow(this, key, options);
      this.flows.set(key, f);
    }
    return f;
  }
}
