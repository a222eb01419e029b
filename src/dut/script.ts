/**
 * Scripted outcomes: a small YAML file that pins the reply to chosen requests, so a test can say
 * "SN0003's READ_TEMP reads 99.5 on its first attempt":
 *
 *     replies:
 *       - {sn: SN0003, cmd: READ_TEMP, attempt: 1, data: {temp_c: 99.5}}
 *       - {sn: SN0004, cmd: SELF_TEST, error: E_INTERNAL, message: "stuck bit"}
 *       - {sn: SN0005, cmd: PING, attempt: 2, delay_ms: 2500}
 *       - {sn: "*", cmd: READ_TEMP, attempt: 3, drop: true}
 *
 * `attempt` is the n-th request of that (serial, command) since the server started or the unit was
 * RESET (omitted: every request). A scripted request bypasses the fault profile. `data` fields replace
 * those of the real reply (the command still executes); `error` replies with that code instead;
 * `delay_ms` stalls first; `drop` closes the connection (after `delay_ms`, if given) without a reply.
 * The most specific entry wins: exact serial before `*`, a given attempt before none, then file order.
 */
import { z } from 'zod';
import { DEVICE_COMMANDS, WIRE_ERROR_CODES, type JsonObject, type WireErrorCode } from '../protocol/index.js';

const wireCodes = Object.keys(WIRE_ERROR_CODES) as [WireErrorCode, ...WireErrorCode[]];

export const scriptEntrySchema = z
  .strictObject({
    sn: z.string().min(1),
    cmd: z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(z.enum(DEVICE_COMMANDS)),
    attempt: z.number().int().min(1).optional(),
    data: z.record(z.string(), z.json()).optional(),
    error: z.enum(wireCodes).optional(),
    message: z.string().optional(),
    delay_ms: z.number().int().min(0).max(600_000).optional(),
    drop: z.boolean().optional(),
  })
  .superRefine((e, ctx) => {
    if (e.error && e.data) ctx.addIssue({ code: 'custom', message: '"error" and "data" cannot be combined', path: ['error'] });
    if (e.drop && (e.error || e.data)) ctx.addIssue({ code: 'custom', message: '"drop" cannot be combined with "error" or "data"', path: ['drop'] });
    if (e.message !== undefined && !e.error) ctx.addIssue({ code: 'custom', message: '"message" needs "error"', path: ['message'] });
    if (!e.error && !e.data && !e.drop && e.delay_ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'an entry needs one of "data", "error", "delay_ms" or "drop"', path: [] });
    }
  });

export const scriptSchema = z.strictObject({ replies: z.array(scriptEntrySchema) });
export type ScriptEntry = z.infer<typeof scriptEntrySchema>;

export type ScriptedAction = {
  delayMs: number;
  then: { kind: 'data'; data: JsonObject } | { kind: 'error'; code: WireErrorCode; message: string } | { kind: 'drop' } | { kind: 'normal' };
};

export class Script {
  private readonly byKey = new Map<string, ScriptEntry[]>();

  constructor(readonly entries: readonly ScriptEntry[]) {
    for (const e of entries) {
      const key = `${e.sn}\u0000${e.cmd}`;
      const list = this.byKey.get(key) ?? [];
      list.push(e);
      this.byKey.set(key, list);
    }
  }

  /** The action for the `attempt`-th request of (sn, cmd), or null if the script says nothing. */
  match(sn: string, cmd: string, attempt: number): ScriptedAction | null {
    const entry =
      pick(this.byKey.get(`${sn}\u0000${cmd}`), attempt) ?? pick(this.byKey.get(`*\u0000${cmd}`), attempt);
    if (!entry) return null;
    const delayMs = entry.delay_ms ?? 0;
    if (entry.drop) return { delayMs, then: { kind: 'drop' } };
    if (entry.error) return { delayMs, then: { kind: 'error', code: entry.error, message: entry.message ?? `Scripted ${entry.error}` } };
    if (entry.data) return { delayMs, then: { kind: 'data', data: entry.data as JsonObject } };
    return { delayMs, then: { kind: 'normal' } };
  }
}

function pick(list: ScriptEntry[] | undefined, attempt: number): ScriptEntry | undefined {
  if (!list) return undefined;
  return list.find((e) => e.attempt === attempt) ?? list.find((e) => e.attempt === undefined);
}
