// Messages between the engine's main thread and its generator worker threads.
import type { LiveSample } from './live-sample.ts';
import type { LoadOverrides } from './options.ts';
import type { LocalResult, WarmupPlan } from './run-local.ts';
import type { Segment } from './segment.ts';
import type { RunParams } from './definition.ts';

export interface WorkerInput {
  /** file: URL of the module that exports the definition. */
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly segment: Segment;
  readonly params: Omit<RunParams, 'handler'>;
  readonly overrides: LoadOverrides;
  readonly thread: string;
  readonly liveMetrics: readonly string[];
  readonly tickMs: number;
  /** The engine's warm-up, against a stand-in the main thread serves (run-load.ts). */
  readonly warmup?: WarmupPlan;
}

export type ToWorker = { readonly type: 'go'; readonly startAt?: number } | { readonly type: 'abort' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'tick'; readonly live: LiveSample }
  | { readonly type: 'done'; readonly result: LocalResult }
  | { readonly type: 'failed'; readonly message: string };
