/**
 * Keyed randomness: every draw the simulator makes comes from a stream keyed by
 * (seed, serial number, command, per-key counter). A request gets its own short stream, so what one
 * unit is told never depends on what other units asked, in what order, or on how many connections.
 *
 * The key is hashed to 64 bits (two 32-bit lanes, murmur-style mixing); the stream is sfc32 seeded from
 * that hash and the counter. Doubles carry 53 random bits.
 */

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Two independent 32-bit hashes of a string (UTF-16 code units), as one 64-bit key. */
export function hashKey(text: string): [number, number] {
  let h1 = 0x9e3779b9;
  let h2 = 0x7f4a7c15;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x5bd1e995);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ c, 0x1b873593);
    h2 ^= h2 >>> 13;
  }
  h1 = Math.imul(h1 ^ text.length, 0xcc9e2d51);
  h2 = Math.imul(h2 ^ text.length, 0x27d4eb2f);
  return [mix32(h1 ^ mix32(h2)), mix32(h2 ^ mix32(h1 + 0x6a09e667))];
}

/** The key of one (seed, serial, command) stream family; the counter picks the member. */
export function streamKey(seed: number, sn: string, cmd: string): [number, number] {
  // NUL cannot occur in a wire token, so the joined text is unambiguous.
  return hashKey(`${seed}\u0000${sn}\u0000${cmd}`);
}

/** A short deterministic stream of random numbers. */
export class RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(key: readonly [number, number], counter: number) {
    // All four words are avalanche-mixed, so a short warm-up suffices (sfc32 needs a long one only for
    // weak seeds such as small consecutive integers).
    const lo = counter >>> 0;
    const hi = Math.floor(counter / 0x100000000) >>> 0;
    this.a = key[0] >>> 0;
    this.b = key[1] >>> 0;
    this.c = mix32(lo ^ 0xa5a5a5a5 ^ Math.imul(hi, 0x9e3779b1));
    this.d = mix32(Math.imul(lo, 0x85ebca6b) ^ 0x3c6ef372 ^ key[0]) | 1;
    for (let i = 0; i < 6; i++) this.next32();
  }

  /** sfc32: small, fast, passes PractRand for the stream lengths used here. */
  private next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.next32() >>> 5; // 27 bits
    const lo = this.next32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi]. */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.random();
  }

  /** Normal(mu, sigma) by Box–Muller; consumes two uniforms. */
  gauss(mu: number, sigma: number): number {
    const u1 = 1 - this.random(); // (0, 1], so log is finite
    const u2 = this.random();
    return mu + sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Two independent standard normals from one Box–Muller pair (both of its outputs). */
  gaussPair(): [number, number] {
    const r = Math.sqrt(-2 * Math.log(1 - this.random()));
    const theta = 2 * Math.PI * this.random();
    return [r * Math.cos(theta), r * Math.sin(theta)];
  }
}
