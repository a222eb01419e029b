/**
 * `mtap dut --check [HOST:PORT]`: is a DUT there and speaking the protocol? Sends one `HELLO` and
 * reads one reply. This is the container health check (docker-compose.yml, Dockerfile): the images
 * carry no netcat, and a TCP connect alone would call a wedged server healthy.
 *
 * Exit 0 when a reply envelope comes back: `ok` (an mtap simulator or a DUT that knows HELLO) or
 * `E_UNKNOWN_CMD` (an MTAP v1 device, which has no HELLO but answered, so it is alive). Anything else —
 * refused, no reply within the deadline, not a reply envelope, `E_BUSY` from the connection cap — is
 * E_DUT, exit 3.
 */
import { MtapError } from '../errors.js';
import { parseDutAddresses } from '../exec/index.js';
import { DutClient, type DutAddress } from '../transport/index.js';

/** Long enough for a loaded simulator, short enough to fit a health check's own timeout (5 s in compose). */
export const CHECK_TIMEOUT_MS = 3000;

/** The address `--check` talks to: its value, else where the simulator would listen (0.0.0.0 and :: mean this host). */
export function checkAddress(value: string | true, listen: { host: string; port: number }): DutAddress {
  if (value !== true) {
    if (value.includes(',')) throw new MtapError('E_USAGE', `--check takes one host:port, got "${value}"`);
    let parsed: DutAddress[];
    try {
      parsed = parseDutAddresses(value);
    } catch {
      throw new MtapError('E_USAGE', `--check: "${value}" is not host:port`);
    }
    return parsed[0]!;
  }
  const wildcard = listen.host === '0.0.0.0' || listen.host === '::' || listen.host === '';
  return { host: wildcard ? '127.0.0.1' : listen.host, port: listen.port };
}

/** One HELLO; the line to print when the DUT answered, else an E_DUT error. */
export async function checkDut(address: DutAddress, timeoutMs = CHECK_TIMEOUT_MS): Promise<string> {
  const where = `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
  const client = new DutClient(address);
  try {
    const r = await client.call('HELLO', [], timeoutMs);
    if (r.kind === 'error') throw new MtapError('E_DUT', `DUT ${where} is not healthy: ${r.code}: ${r.message}`);
    const { reply } = r;
    if (reply.ok) {
      // A DUT's HELLO data is its own: show the fields we know, only when they are plain values.
      const d = reply.data;
      const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
      const name = [text(d.server), text(d.version)].filter((x) => x !== null).join(' ');
      const extra = [
        ['protocol', text(d.protocol_version)],
        ['profile', text(d.profile)],
        ['seed', text(d.seed)],
      ]
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${k} ${v}`);
      return `[DUT] ${where} answers HELLO: ${name || 'ok'}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    }
    if (reply.error_code === 'E_UNKNOWN_CMD') return `[DUT] ${where} answers (no HELLO: an MTAP v1 device)`;
    throw new MtapError('E_DUT', `DUT ${where} is not healthy: HELLO answered ${reply.error_code ?? 'an error'}: ${reply.message}`);
  } finally {
    await client.close();
  }
}
