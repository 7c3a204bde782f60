// What the fault proxy injects, and how often (issue 8 §4). Probabilities are per request. The
// exclusive faults (reset, truncate, 5xx, stall) are drawn with one roll, so their probabilities add
// up and must total at most 1; latency is drawn independently and can precede any of them.

import { HarnessError } from '../xapi/harness-errors.ts';

export interface LatencySpec {
  readonly probability: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface ErrorStatusSpec {
  readonly probability: number;
  /** Statuses to answer with, picked uniformly (default 502, 503, 504: what a proxy or LB in front of xapi sends). */
  readonly statuses?: readonly number[];
}

/**
 * `before`: the request never reaches the target (nothing executed). `after`: the target executed it
 * and the answer is lost (a write may have happened). `either` (default): picked per fault.
 */
export type ResetPhase = 'before' | 'after' | 'either';

export interface FaultSpec {
  readonly latency?: LatencySpec;
  /** Connection reset (TCP RST) instead of an answer. */
  readonly reset?: number;
  readonly resetPhase?: ResetPhase;
  /** The target's answer is cut after a random number of bytes (headers included), then the connection closes. */
  readonly truncate?: number;
  /** An HTTP error status without forwarding the request. */
  readonly errorStatus?: ErrorStatusSpec;
  /** The request is accepted and never answered; the connection stays open until the client gives up. */
  readonly stall?: number;
  /**
   * Only calls whose XML-RPC methodName / JSON-RPC method matches `include` and not `exclude` get faults
   * (e.g. exclude /^session\./ to keep logins clean). Requests whose method cannot be read count as "".
   */
  readonly include?: RegExp;
  readonly exclude?: RegExp;
}

export const NO_FAULTS: FaultSpec = {};

export class FaultSpecError extends HarnessError {
  override readonly name = 'FaultSpecError';
  readonly code = 'FAULT_SPEC';
}

function checkProbability(name: string, p: number | undefined): void {
  if (p === undefined) return;
  if (!Number.isFinite(p) || p < 0 || p > 1)
    throw new FaultSpecError(`${name}: probability ${p} is not in [0, 1]`);
}

/** Throws FaultSpecError when a probability is out of range or the exclusive ones exceed 1 together. */
export function validateFaultSpec(spec: FaultSpec): FaultSpec {
  checkProbability('reset', spec.reset);
  checkProbability('truncate', spec.truncate);
  checkProbability('stall', spec.stall);
  checkProbability('5xx', spec.errorStatus?.probability);
  checkProbability('latency', spec.latency?.probability);
  const total =
    (spec.reset ?? 0) + (spec.truncate ?? 0) + (spec.stall ?? 0) + (spec.errorStatus?.probability ?? 0);
  if (total > 1 + 1e-9) throw new FaultSpecError(`reset + truncate + 5xx + stall = ${total} > 1`);
  if (spec.latency !== undefined) {
    const { minMs, maxMs } = spec.latency;
    if (!(minMs >= 0 && maxMs >= minMs && Number.isFinite(maxMs)))
      throw new FaultSpecError(`latency: need 0 <= min <= max, got ${minMs}-${maxMs}`);
  }
  for (const s of spec.errorStatus?.statuses ?? []) {
    if (!Number.isInteger(s) || s < 400 || s > 599)
      throw new FaultSpecError(`5xx: status ${s} is not an HTTP error`);
  }
  return spec;
}

/**
 * Parses the CLI form, comma-separated:
 * `latency=0.3:20-200` (probability:min-max ms), `reset=0.05`, `reset-phase=after`, `truncate=0.05`,
 * `5xx=0.05` or `5xx=0.05:502/503`, `stall=0.01`, `include=REGEX`, `exclude=REGEX`.
 */
export function parseFaultSpec(text: string): FaultSpec {
  const out: {
    latency?: LatencySpec;
    reset?: number;
    resetPhase?: ResetPhase;
    truncate?: number;
    errorStatus?: ErrorStatusSpec;
    stall?: number;
    include?: RegExp;
    exclude?: RegExp;
  } = {};
  const num = (name: string, v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new FaultSpecError(`${name}: '${v}' is not a number`);
    return n;
  };
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new FaultSpecError(`'${part}': expected name=value`);
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    switch (name) {
      case 'latency': {
        const m = /^([^:]+):(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(value);
        if (m === null) throw new FaultSpecError(`latency: expected P:MIN-MAX, got '${value}'`);
        out.latency = { probability: num('latency', m[1] ?? ''), minMs: Number(m[2]), maxMs: Number(m[3]) };
        break;
      }
      case 'reset':
        out.reset = num(name, value);
        break;
      case 'reset-phase':
        if (value !== 'before' && value !== 'after' && value !== 'either')
          throw new FaultSpecError(`reset-phase: expected before, after or either, got '${value}'`);
        out.resetPhase = value;
        break;
      case 'truncate':
        out.truncate = num(name, value);
        break;
      case 'stall':
        out.stall = num(name, value);
        break;
      case '5xx': {
        const [p, statuses] = value.split(':');
        out.errorStatus = {
          probability: num('5xx', p ?? ''),
          ...(statuses === undefined
            ? {}
            : { statuses: statuses.split('/').map((s) => num('5xx status', s)) }),
        };
        break;
      }
      case 'include':
      case 'exclude':
        try {
          out[name] = new RegExp(value);
        } catch (e) {
          throw new FaultSpecError(`${name}: bad regular expression: ${String(e)}`);
        }
        break;
      default:
        throw new FaultSpecError(
          `unknown fault '${name}' (known: latency, reset, reset-phase, truncate, 5xx, stall, include, exclude)`,
        );
    }
  }
  return validateFaultSpec(out);
}
