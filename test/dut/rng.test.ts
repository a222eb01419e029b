import { describe, expect, it } from 'vitest';
import { RandomStream, streamKey } from '../../src/dut/rng.js';

const draws = (seed: number, sn: string, cmd: string, counter: number, n = 4) => {
  const r = new RandomStream(streamKey(seed, sn, cmd), counter);
  return Array.from({ length: n }, () => r.random());
};

describe('keyed random streams', () => {
  it('are a pure function of (seed, serial, command, counter)', () => {
    expect(draws(7, 'SN1', 'READ_TEMP', 3)).toEqual(draws(7, 'SN1', 'READ_TEMP', 3));
  });

  it('differ when any part of the key differs', () => {
    const base = draws(7, 'SN1', 'READ_TEMP', 3);
    for (const other of [draws(8, 'SN1', 'READ_TEMP', 3), draws(7, 'SN2', 'READ_TEMP', 3), draws(7, 'SN1', 'PING', 3), draws(7, 'SN1', 'READ_TEMP', 4)]) {
      expect(other).not.toEqual(base);
    }
    // Joining with a separator keeps ("SN1", "0READ") apart from ("SN10", "READ").
    expect(draws(7, 'SN1', '0READ', 1)).not.toEqual(draws(7, 'SN10', 'READ', 1));
  });

  it('are uniform on [0, 1): chi-square over 20 bins across many keys and counters', () => {
    const bins = new Array<number>(20).fill(0);
    let n = 0;
    for (let unit = 0; unit < 500; unit++) {
      const key = streamKey(12345, `SN${unit}`, 'READ_TEMP');
      for (let c = 1; c <= 40; c++) {
        const r = new RandomStream(key, c);
        const u = r.random();
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
        bins[Math.floor(u * 20)]!++;
        n++;
      }
    }
    const expected = n / 20;
    const chi2 = bins.reduce((s, b) => s + (b - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.8); // 99.9th percentile of chi-square with 19 degrees of freedom
  });

  it('consecutive counters are uncorrelated (lag-1 correlation of first draws)', () => {
    const key = streamKey(1, 'SN1', 'SELF_TEST');
    const xs = Array.from({ length: 20000 }, (_, i) => new RandomStream(key, i + 1).random());
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    let num = 0;
    let den = 0;
    for (let i = 0; i < xs.length; i++) {
      den += (xs[i]! - mean) ** 2;
      if (i > 0) num += (xs[i]! - mean) * (xs[i - 1]! - mean);
    }
    expect(Math.abs(num / den)).toBeLessThan(0.03);
  });

  it('gauss has the asked mean and standard deviation', () => {
    const xs: number[] = [];
    for (let c = 1; c <= 20000; c++) xs.push(new RandomStream(streamKey(3, 'SN', 'READ_TEMP'), c).gauss(25, 0.05));
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    expect(Math.abs(mean - 25)).toBeLessThan(0.002); // 5 standard errors
    expect(Math.abs(sd - 0.05) / 0.05).toBeLessThan(0.03);
  });
});

describe('gaussPair', () => {
  it('gives two uncorrelated standard normals', () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let c = 1; c <= 20000; c++) {
      const [x, y] = new RandomStream(streamKey(4, 'SN', 'READ_TEMP'), c).gaussPair();
      xs.push(x);
      ys.push(y);
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b) / v.length;
    const [mx, my] = [mean(xs), mean(ys)];
    const sd = (v: number[], m: number) => Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
    const [sx, sy] = [sd(xs, mx), sd(ys, my)];
    const corr = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / ((xs.length - 1) * sx * sy);
    for (const [m, s] of [[mx, sx], [my, sy]] as const) {
      expect(Math.abs(m)).toBeLessThan(0.035); // 5 standard errors
      expect(Math.abs(s - 1)).toBeLessThan(0.03);
    }
    expect(Math.abs(corr)).toBeLessThan(0.035);
  });
});
