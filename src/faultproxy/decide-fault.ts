// The per-request decision of the fault proxy, pure given the RNG: the same seed and the same request
// order give the same faults, so a run under faults can be replayed.
import type { FaultSpec } from './fault-spec.ts';
import type { Random } from './seeded-random.ts';

export type FaultKind = 'none' | 'reset-before' | 'reset-after' | 'truncate' | 'error-status' | 'stall';

export interface FaultDecision {
  readonly kind: FaultKind;
  /** Delay before forwarding (0 when latency was not drawn). */
  readonly delayMs: number;
  /** For error-status: the status to answer. */
  readonly status?: number;
  /** For truncate: the fraction of the answer's bytes (headers included) to send, in [0, 1). */
  readonly keepFraction?: number;
}

/** What `5xx=P` answers when no statuses are given: what a proxy or load balancer in front of xapi sends. */
export const DEFAULT_ERROR_STATUSES: readonly number[] = [502, 503, 504];

export function decideFault(spec: FaultSpec, rng: Random, method: string): FaultDecision {
  const eligible =
    (spec.include === undefined || spec.include.test(method)) &&
    (spec.exclude === undefined || !spec.exclude.test(method));
  // The RNG advances the same way for every request, eligible or not, so that excluding a method does
  // not shift the faults drawn for the others.
  const latencyRoll = rng.next();
  const delayRoll = rng.next();
  const roll = rng.next();
  const detailRoll = rng.next();
  if (!eligible) return { kind: 'none', delayMs: 0 };
  const lat = spec.latency;
  const delayMs =
    lat !== undefined && latencyRoll < lat.probability
      ? Math.round(lat.minMs + delayRoll * (lat.maxMs - lat.minMs))
      : 0;
  let at = 0;
  const hit = (p: number | undefined): boolean => {
    at += p ?? 0;
    return roll < at;
  };
  if (hit(spec.reset)) {
    const phase = spec.resetPhase ?? 'either';
    const before = phase === 'before' || (phase === 'either' && detailRoll < 0.5);
    return { kind: before ? 'reset-before' : 'reset-after', delayMs };
  }
  if (hit(spec.truncate)) return { kind: 'truncate', delayMs, keepFraction: detailRoll };
  if (hit(spec.errorStatus?.probability)) {
    const statuses = spec.errorStatus?.statuses ?? DEFAULT_ERROR_STATUSES;
    const status = statuses[Math.floor(detailRoll * statuses.length)] ?? 503;
    return { kind: 'error-status', delayMs, status };
  }
  if (hit(spec.stall)) return { kind: 'stall', delayMs };
  return { kind: 'none', delayMs };
}
