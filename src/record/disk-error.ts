/**
 * Disk errors as users read them: one `MtapError` E_DISK (exit 3) naming the file and the OS error,
 * e.g. `cannot write runs/…/events.jsonl: ENOSPC (no space left on device)`, never a stack trace.
 */
import { MtapError, isMtapError } from '../errors.js';

export type DiskAction = 'create' | 'write' | 'sync' | 'read' | 'rename' | 'truncate' | 'close';

export function diskError(action: DiskAction, file: string, err: unknown): MtapError {
  if (isMtapError(err)) return err;
  return new MtapError('E_DISK', `cannot ${action} ${file}: ${describeOsError(err)}`, { cause: err });
}

/** `ENOSPC (no space left on device)` from Node's `ENOSPC: no space left on device, write`. */
export function describeOsError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as NodeJS.ErrnoException).code;
  const text = err.message.replace(/^[A-Z0-9_]+: /, '').replace(/, \w+( '.*')?$/, '');
  if (!code) return text;
  return text && text !== code ? `${code} (${text})` : code;
}
