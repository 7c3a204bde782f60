// State shared by every scenario of one local run (one thread): metrics, timeline, VU ids, error samples.
import { performance } from 'node:perf_hooks';
import type { RunParams } from './definition.ts';
import { MetricsRegistry } from './metrics-registry.ts';
import { Timeline } from './timeline.ts';

const MAX_ERROR_KINDS = 20;

export interface ErrorSample {
  readonly scenario: string;
  readonly message: string;
  count: number;
}

export class RunState {
  readonly registry = new MetricsRegistry();
  readonly timeline = new Timeline();
  /** Distinct iteration/setup error messages (first MAX_ERROR_KINDS), for the summary. */
  readonly errors = new Map<string, ErrorSample>();
  #nextVu = 1;
  /** VUs currently running (closed model) or busy (open model), over all scenarios. */
  activeVus = 0;
  /** VUs initialised, over all scenarios. */
  allocatedVus = 0;
  readonly epochOffset = performance.timeOrigin;

  constructor(
    readonly params: RunParams,
    readonly requestMetric: string,
  ) {}

  nextLocalVu(): number {
    return this.#nextVu++;
  }

  epoch(now: number = performance.now()): number {
    return this.epochOffset + now;
  }

  noteError(scenario: string, err: unknown): void {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const key = `${scenario}\u0000${message}`;
    const e = this.errors.get(key);
    if (e !== undefined) e.count++;
    else if (this.errors.size < MAX_ERROR_KINDS) this.errors.set(key, { scenario, message, count: 1 });
  }
}
