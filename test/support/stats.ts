/** Exact binomial intervals for rate tests: is an observed count plausible for Bin(n, p)? */

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const lf: number[] = [0];
function logFactorial(n: number): number {
  for (let i = lf.length; i <= n; i++) lf.push(lf[i - 1]! + Math.log(i));
  return lf[n]!;
}

/** The central interval [lo, hi] of counts holding `confidence` of Bin(n, p)'s mass. */
export function binomialInterval(n: number, p: number, confidence = 0.99): [number, number] {
  const tail = (1 - confidence) / 2;
  if (p <= 0) return [0, 0];
  if (p >= 1) return [n, n];
  let cdf = 0;
  let lo = -1;
  let hi = n;
  for (let k = 0; k <= n; k++) {
    cdf += Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
    if (lo < 0 && cdf >= tail) lo = k;
    if (cdf >= 1 - tail) {
      hi = k;
      break;
    }
  }
  return [Math.max(0, lo), hi];
}

/** Assert-friendly description: "k of n (expected p: [lo, hi])". */
export function describeCount(k: number, n: number, p: number): { ok: boolean; text: string } {
  const [lo, hi] = binomialInterval(n, p);
  return { ok: k >= lo && k <= hi, text: `${k} of ${n} (p=${p}, 99% interval [${lo}, ${hi}])` };
}
