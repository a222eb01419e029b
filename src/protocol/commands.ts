/**
 * The command catalogue and its argument checks. Checks run before any fault is injected, with the MTAP
 * v1 messages word for word; a request that passes becomes a typed `Command`.
 */
import { errorReply, type ErrorReply } from './envelope.js';
import { TEMP_RANGE_C } from './limits.js';
import { parsePythonFloat } from './request.js';

export const DEVICE_MODES = ['NORMAL', 'SAFE'] as const;
export type DeviceMode = (typeof DEVICE_MODES)[number];

/** Commands that measure or change one unit and are subject to fault injection. */
export const DEVICE_COMMANDS = ['PING', 'READ_TEMP', 'SELF_TEST', 'SET_TEMP'] as const;
export type DeviceCommandName = (typeof DEVICE_COMMANDS)[number];

/** Simulator controls: never faulted. */
export const CONTROL_COMMANDS = ['HELLO', 'SET_FAULT_PROFILE', 'RESET', 'SET_MODE'] as const;

export type Command =
  | { cmd: 'PING' | 'READ_TEMP' | 'SELF_TEST'; sn: string }
  | { cmd: 'SET_TEMP'; sn: string; tempC: number }
  | { cmd: 'SET_FAULT_PROFILE'; profile: string }
  | { cmd: 'HELLO' }
  | { cmd: 'RESET'; sn: string }
  | { cmd: 'SET_MODE'; sn: string; mode: DeviceMode };

export type Validated = { ok: true; command: Command } | { ok: false; reply: ErrorReply };

function bad(cmd: string, message: string): Validated {
  return { ok: false, reply: errorReply(cmd, 'E_BAD_ARGS', message) };
}

const fmtTemp = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));
const TEMP_RANGE_TEXT = `[${fmtTemp(TEMP_RANGE_C.min)}, ${fmtTemp(TEMP_RANGE_C.max)}]`;

/** Check a parsed request's arguments; `cmd` is already upper-cased. */
export function validateCommand(cmd: string, args: readonly string[]): Validated {
  switch (cmd) {
    case 'PING':
    case 'READ_TEMP':
    case 'SELF_TEST':
      if (args.length !== 1) return bad(cmd, `${cmd} requires 1 argument: <sn>`);
      return { ok: true, command: { cmd, sn: args[0]! } };
    case 'SET_TEMP': {
      if (args.length !== 2) return bad(cmd, 'SET_TEMP requires 2 arguments: <sn> <temp_c>');
      const t = parsePythonFloat(args[1]!);
      if (t === null || Number.isNaN(t)) return bad(cmd, 'temp_c must be a float');
      if (t < TEMP_RANGE_C.min || t > TEMP_RANGE_C.max) {
        return { ok: false, reply: errorReply(cmd, 'E_OUT_OF_RANGE', `temp_c out of range ${TEMP_RANGE_TEXT}`) };
      }
      return { ok: true, command: { cmd, sn: args[0]!, tempC: t } };
    }
    case 'SET_FAULT_PROFILE':
      if (args.length !== 1) return bad(cmd, 'SET_FAULT_PROFILE requires 1 argument: <profile>');
      return { ok: true, command: { cmd, profile: args[0]! } };
    case 'HELLO':
      if (args.length !== 0) return bad(cmd, 'HELLO takes no arguments');
      return { ok: true, command: { cmd } };
    case 'RESET':
      if (args.length !== 1) return bad(cmd, 'RESET requires 1 argument: <sn>');
      return { ok: true, command: { cmd, sn: args[0]! } };
    case 'SET_MODE': {
      if (args.length !== 2) return bad(cmd, 'SET_MODE requires 2 arguments: <sn> <mode>');
      const mode = args[1]!.toUpperCase();
      if (!(DEVICE_MODES as readonly string[]).includes(mode)) return bad(cmd, 'mode must be NORMAL or SAFE');
      return { ok: true, command: { cmd, sn: args[0]!, mode: mode as DeviceMode } };
    }
    default:
      return { ok: false, reply: errorReply(cmd, 'E_UNKNOWN_CMD', `Unknown command: ${cmd}`) };
  }
}
