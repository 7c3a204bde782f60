// The intended start times of an arrival-rate scenario. The rate is piecewise linear (k6 ramps the rate
// linearly within each stage), so the cumulative iteration count N(t) is piecewise quadratic and iteration k
// (0-based, counted over the whole test, not per shard) is intended to start at N⁻¹(k). Computing start
// times from the schedule, never from "now + interval", is what keeps the open model free of coordinated
// omission: a late start is visible as lag instead of silently shifting every later iteration.

interface Piece {
  readonly t0: number;
  readonly d: number;
  /** iterations per ms at the start and end of the piece */
  readonly r0: number;
  readonly r1: number;
  /** cumulative iterations at t0 */
  readonly n0: number;
}

export interface RatePoint {
  readonly durationMs: number;
  /** iterations per ms reached at the end of this piece */
  readonly rate: number;
}

export class ArrivalSchedule {
  readonly #pieces: Piece[] = [];
  /** Number of iterations intended over the whole schedule (all segments together). */
  readonly total: number;
  readonly durationMs: number;

  /** `startRate` and the points' rates are in iterations per millisecond. */
  constructor(startRate: number, points: readonly RatePoint[]) {
    let t = 0;
    let n = 0;
    let r = startRate;
    for (const p of points) {
      this.#pieces.push({ t0: t, d: p.durationMs, r0: r, r1: p.rate, n0: n });
      n += ((r + p.rate) / 2) * p.durationMs;
      t += p.durationMs;
      r = p.rate;
    }
    this.durationMs = t;
    // Iteration k starts at N⁻¹(k) < end; k = 0 starts at t = 0 (as in k6), hence ceil.
    this.total = Math.max(0, Math.ceil(n - 1e-9));
  }

  /** Intended start of global iteration k, in ms from the scenario start; Infinity past the end. */
  at(k: number): number {
    if (k >= this.total) return Number.POSITIVE_INFINITY;
    for (const p of this.#pieces) {
      const nEnd = p.n0 + ((p.r0 + p.r1) / 2) * p.d;
      if (k >= nEnd && p !== this.#pieces[this.#pieces.length - 1]) continue;
      const dn = k - p.n0;
      const a = (p.r1 - p.r0) / (2 * p.d);
      if (Math.abs(a) < 1e-15) return p.r0 > 0 ? p.t0 + dn / p.r0 : p.t0 + p.d;
      const disc = p.r0 * p.r0 + 4 * a * dn;
      const x = (-p.r0 + Math.sqrt(Math.max(0, disc))) / (2 * a);
      return p.t0 + Math.min(p.d, Math.max(0, x));
    }
    return Number.POSITIVE_INFINITY;
  }

  /** The rate (iterations per second) at time t, for the summary and progress line. */
  rateAt(t: number): number {
    for (const p of this.#pieces) {
      if (t < p.t0 + p.d) return (p.r0 + ((p.r1 - p.r0) * (t - p.t0)) / p.d) * 1000;
    }
    const last = this.#pieces[this.#pieces.length - 1];
    return last === undefined ? 0 : last.r1 * 1000;
  }
}
