// Runs every scenario of a definition for one segment in the current thread: initialise VUs, start scenarios
// in parallel at their startTime, tick once a second (vus gauges, timeline, live sample), tear VUs down.
import { performance } from 'node:perf_hooks';
import type { LoadDefinition, RunParams } from './definition.ts';
import { runExecutor, sleepUntil } from './executors/index.ts';
import type { LiveSample } from './live-sample.ts';
import type { SerializedMetrics } from './metric-types.ts';
import type { LoadOverrides } from './options.ts';
import { RunState } from './run-state.ts';
import type { ErrorSample } from './run-state.ts';
import { ThreadMonitor } from './saturation.ts';
import type { ThreadSaturation } from './saturation.ts';
import type { WarmupReport } from '../results/load-summary.ts';
import { aggregateMetric } from './aggregate.ts';
import { planScenarios } from './scenario-plan.ts';
import { ScenarioRuntime } from './scenario-runtime.ts';
import type { Segment } from './segment.ts';
import type { TimelineData } from './timeline.ts';

export interface LocalRunOptions {
  readonly segment: Segment;
  readonly params: RunParams;
  readonly overrides?: LoadOverrides;
  /** Ends the test early (abortOnFail, Ctrl-C): running iterations are interrupted. */
  readonly abort?: AbortSignal;
  readonly thread?: string;
  readonly onTick?: (s: LiveSample) => void;
  readonly tickMs?: number;
  /** Called once VUs are initialised, right before the scenarios start (epoch ms). */
  readonly onStart?: (epochMs: number) => void;
  /** Resolves when every thread is ready (a start barrier across worker threads). */
  readonly ready?: () => Promise<void>;
  /** Epoch ms to start the scenarios at (aligns shards started at different times), after VU set-up. */
  readonly startAt?: number;
  /** Metric names to snapshot into every live sample (for live abortOnFail thresholds). */
  readonly liveMetrics?: ReadonlySet<string>;
  /** Run the scenarios against this stand-in first and throw the result away (LoadDefinition.warmup). */
  readonly warmup?: WarmupPlan;
}

/** The engine's warm-up as every generator thread runs it: where to (plain data, for worker threads), how long. */
export interface WarmupPlan {
  readonly target: string;
  readonly params: Omit<RunParams, 'handler'>;
  readonly durationMs: number;
}

/** Where the load itself ended: the last scenario done, before VU tear-down and the result's serialisation. */
export interface LoadEnd {
  readonly epochMs: number;
  /** The process's CPU time then (user + system, µs: process.cpuUsage(), the same in every thread). */
  readonly cpuUs: number;
}

export interface LocalResult {
  /** Epoch ms of the test start (after VU initialisation) and end (after tear-down). */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly loadEnd: LoadEnd;
  readonly metrics: SerializedMetrics;
  readonly timeline: TimelineData;
  readonly threads: readonly ThreadSaturation[];
  readonly errors: readonly ErrorSample[];
}

/**
 * The scenarios of this thread's segment against the stand-in, for `durationMs` (the whole timeline rescaled to
 * it), with a state of their own that is then dropped: the same functions on objects of the same classes, so
 * that V8 has compiled the hot path before the test starts (definition.ts LoadDefinition.warmup).
 */
async function warmUp<S>(
  def: LoadDefinition<S>,
  o: LocalRunOptions,
  plan: WarmupPlan,
): Promise<WarmupReport> {
  const t0 = performance.now();
  const r = await runLocal(def, {
    segment: o.segment,
    params: plan.params,
    overrides: { ...o.overrides, durationMs: plan.durationMs },
    ...(o.abort === undefined ? {} : { abort: o.abort }),
    ...(o.thread === undefined ? {} : { thread: o.thread }),
  });
  const iterations = r.metrics['iterations'];
  const failed = r.metrics[`${def.requestMetric ?? 'xapi_req'}_failed`];
  return {
    target: plan.target,
    durationMs: performance.now() - t0,
    iterations: iterations === undefined ? 0 : aggregateMetric(iterations).value,
    failures:
      (failed === undefined ? 0 : aggregateMetric(failed).trues) + r.errors.reduce((n, e) => n + e.count, 0),
  };
}

export async function runLocal<S>(def: LoadDefinition<S>, o: LocalRunOptions): Promise<LocalResult> {
  const warmup = o.warmup === undefined ? undefined : await warmUp(def, o, o.warmup);
  const state = new RunState(o.params, def.requestMetric ?? 'xapi_req');
  const abort = o.abort ?? new AbortController().signal;
  const runtimes = planScenarios(def.options.scenarios, o.segment, o.overrides).map(
    (plan) => new ScenarioRuntime<S>(plan, def, state),
  );
  await Promise.all(runtimes.map((rt) => rt.addVus(rt.plan.initVus)));
  await o.ready?.();
  if (o.startAt !== undefined) await sleepUntil(o.startAt - performance.timeOrigin, abort);
  // Watch the loop from the test start: VU set-up (a login storm) is not part of the measured load.
  const monitor = new ThreadMonitor(o.thread ?? 'main');

  const testStart = performance.now();
  o.onStart?.(state.epoch(testStart));
  const vusGauge = state.registry.series('vus', 'gauge', {});
  const vusMaxGauge = state.registry.series('vus_max', 'gauge', {});
  let lastTick = testStart;
  const tick = (): void => {
    const now = performance.now();
    vusGauge.add(state.activeVus);
    vusMaxGauge.add(state.allocatedVus);
    state.timeline.vus(state.epoch(now), state.activeVus);
    const live = state.timeline.takeLive();
    o.onTick?.({
      elapsedMs: now - testStart,
      intervalMs: now - lastTick,
      activeVus: state.activeVus,
      allocatedVus: state.allocatedVus,
      ...live,
      ...(o.liveMetrics === undefined || o.liveMetrics.size === 0
        ? {}
        : { metrics: state.registry.serialize(o.liveMetrics) }),
    });
    lastTick = now;
  };
  const ticker = setInterval(tick, o.tickMs ?? 1000);
  try {
    await Promise.all(runtimes.map((rt) => runExecutor(rt, testStart, abort)));
  } finally {
    clearInterval(ticker);
    tick();
  }
  const cpu = process.cpuUsage();
  const loadEnd = { epochMs: state.epoch(), cpuUs: cpu.user + cpu.system };
  await Promise.all(runtimes.flatMap((rt) => rt.vus.map((vu) => vu.teardown(def))));
  return {
    startedAt: state.epoch(testStart),
    endedAt: state.epoch(),
    loadEnd,
    metrics: state.registry.serialize(),
    timeline: state.timeline.data(),
    threads: [warmup === undefined ? monitor.stop() : { ...monitor.stop(), warmup }],
    errors: [...state.errors.values()],
  };
}
