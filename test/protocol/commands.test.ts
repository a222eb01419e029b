import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/protocol/index.js';

const err = (cmd: string, args: string[]) => {
  const v = validateCommand(cmd, args);
  if (v.ok) throw new Error('expected an error');
  return [v.reply.error_code, v.reply.message, v.reply.meta.cmd];
};

describe('validateCommand: the MTAP v1 argument checks, word for word', () => {
  it.each(['PING', 'READ_TEMP', 'SELF_TEST'])('%s needs exactly one serial', (cmd) => {
    expect(err(cmd, [])).toEqual(['E_BAD_ARGS', `${cmd} requires 1 argument: <sn>`, cmd]);
    expect(err(cmd, ['a', 'b'])).toEqual(['E_BAD_ARGS', `${cmd} requires 1 argument: <sn>`, cmd]);
    expect(validateCommand(cmd, ['SN1'])).toEqual({ ok: true, command: { cmd, sn: 'SN1' } });
  });
  it('SET_TEMP checks count, then float, then range', () => {
    expect(err('SET_TEMP', ['SN1'])).toEqual(['E_BAD_ARGS', 'SET_TEMP requires 2 arguments: <sn> <temp_c>', 'SET_TEMP']);
    expect(err('SET_TEMP', ['SN1', 'hot'])).toEqual(['E_BAD_ARGS', 'temp_c must be a float', 'SET_TEMP']);
    expect(err('SET_TEMP', ['SN1', 'nan'])).toEqual(['E_BAD_ARGS', 'temp_c must be a float', 'SET_TEMP']);
    expect(err('SET_TEMP', ['SN1', '125.01'])).toEqual(['E_OUT_OF_RANGE', 'temp_c out of range [-40.0, 125.0]', 'SET_TEMP']);
    expect(err('SET_TEMP', ['SN1', '-inf'])).toEqual(['E_OUT_OF_RANGE', 'temp_c out of range [-40.0, 125.0]', 'SET_TEMP']);
    expect(validateCommand('SET_TEMP', ['SN1', '-40'])).toEqual({ ok: true, command: { cmd: 'SET_TEMP', sn: 'SN1', tempC: -40 } });
    expect(validateCommand('SET_TEMP', ['SN1', '125'])).toEqual({ ok: true, command: { cmd: 'SET_TEMP', sn: 'SN1', tempC: 125 } });
  });
  it('SET_FAULT_PROFILE needs exactly one name', () => {
    expect(err('SET_FAULT_PROFILE', [])).toEqual(['E_BAD_ARGS', 'SET_FAULT_PROFILE requires 1 argument: <profile>', 'SET_FAULT_PROFILE']);
  });
  it('HELLO takes no arguments; RESET one; SET_MODE a serial and NORMAL|SAFE in any case', () => {
    expect(err('HELLO', ['x'])).toEqual(['E_BAD_ARGS', 'HELLO takes no arguments', 'HELLO']);
    expect(err('RESET', [])).toEqual(['E_BAD_ARGS', 'RESET requires 1 argument: <sn>', 'RESET']);
    expect(err('SET_MODE', ['SN1'])).toEqual(['E_BAD_ARGS', 'SET_MODE requires 2 arguments: <sn> <mode>', 'SET_MODE']);
    expect(err('SET_MODE', ['SN1', 'TURBO'])).toEqual(['E_BAD_ARGS', 'mode must be NORMAL or SAFE', 'SET_MODE']);
    expect(validateCommand('SET_MODE', ['SN1', 'safe'])).toEqual({ ok: true, command: { cmd: 'SET_MODE', sn: 'SN1', mode: 'SAFE' } });
  });
  it('anything else is E_UNKNOWN_CMD', () => {
    expect(err('TOTALLY_NOT_A_CMD', ['SN1'])).toEqual(['E_UNKNOWN_CMD', 'Unknown command: TOTALLY_NOT_A_CMD', 'TOTALLY_NOT_A_CMD']);
  });
});
