/**
 * What a batch is run on, checked before anything is created: the serial numbers (printable ASCII, no
 * spaces, no duplicates: MTAP sent whatever it was given, bug 12), the DUT addresses, and a quick
 * connect to each DUT so a dead fixture fails the command at once instead of every step timing out
 * (MTAP bug 9).
 */
import { connect } from 'node:net';
import { MtapError } from '../errors.js';
import { tokenProblem } from '../protocol/index.js';
import type { DutAddress } from '../transport/index.js';

/** Longest serial number accepted. */
export const MAX_SERIAL_LENGTH = 64;

/**
 * Why a serial number is refused, or null. A serial is sent on the wire and written in every record and
 * export, so it is printable ASCII without spaces (no line breaks, no control characters, no look-alike
 * letters from other scripts), 1 to 64 characters.
 */
export function serialProblem(sn: string): string | null {
  const wire = tokenProblem(sn);
  if (wire) return wire;
  if (sn.length > MAX_SERIAL_LENGTH) return `is longer than ${MAX_SERIAL_LENGTH} characters`;
  const bad = [...sn].find((ch) => ch < '!' || ch > '~');
  if (bad !== undefined) return `contains ${JSON.stringify(bad)} (U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}): a serial is printable ASCII`;
  return null;
}

/** Serials from `--sns a,b,c`, or `SN0001..` from the plan's `batch.sn_count` (as MTAP did). */
export function resolveSerials(list: string | undefined, snCount: number): string[] {
  const sns =
    list !== undefined && list.trim() !== ''
      ? list.split(',').map((s) => s.trim()).filter((s) => s !== '')
      : Array.from({ length: snCount }, (_, i) => `SN${String(i + 1).padStart(4, '0')}`);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const sn of sns) {
    const p = serialProblem(sn);
    if (p) problems.push(`serial ${JSON.stringify(sn)} ${p}`);
    else if (seen.has(sn)) problems.push(`serial ${JSON.stringify(sn)} is given more than once`);
    seen.add(sn);
  }
  if (problems.length) throw new MtapError('E_USAGE', `bad serial numbers (nothing was tested):\n${problems.join('\n')}`);
  if (sns.length === 0) throw new MtapError('E_USAGE', '--sns names no serial number');
  return sns;
}

/** `host:port[,host:port...]` (`[::1]:9000` for IPv6). */
export function parseDutAddresses(text: string): DutAddress[] {
  return text.split(',').map((part) => {
    const t = part.trim();
    const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(t);
    const port = m ? Number(m[3]) : NaN;
    if (!m || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new MtapError('E_USAGE', `--dut: "${t}" is not host:port`);
    }
    return { host: (m[1] ?? m[2])!, port };
  });
}

/** The DUT address from MTAP_HOST / MTAP_DUT_PORT (default 127.0.0.1:9000), as MTAP's runner did. */
export function dutFromEnv(env: NodeJS.ProcessEnv): DutAddress {
  const host = env.MTAP_HOST?.trim() || '127.0.0.1';
  const portText = env.MTAP_DUT_PORT?.trim() || '9000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new MtapError('E_USAGE', `MTAP_DUT_PORT: "${portText}" is not a port`);
  return { host, port };
}

/** Connect to every DUT once; throws E_DUT (exit 3) naming those that cannot be reached. */
export async function checkReachable(duts: readonly DutAddress[], timeoutMs = 3000): Promise<void> {
  const failures = await Promise.all(
    duts.map(
      (d) =>
        new Promise<string | null>((resolve) => {
          const socket = connect({ host: d.host, port: d.port });
          const timer = setTimeout(() => {
            socket.destroy();
            resolve(`${d.host}:${d.port}: no connection within ${timeoutMs} ms`);
          }, timeoutMs);
          socket.once('connect', () => {
            clearTimeout(timer);
            socket.destroy();
            resolve(null);
          });
          socket.once('error', (err: NodeJS.ErrnoException) => {
            clearTimeout(timer);
            resolve(`${d.host}:${d.port}: ${err.code ?? err.message}`);
          });
        }),
    ),
  );
  const bad = failures.filter((f): f is string => f !== null);
  if (bad.length) throw new MtapError('E_DUT', `cannot reach the DUT (nothing was tested):\n${bad.join('\n')}`);
}
