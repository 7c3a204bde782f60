// The engine's entry point: runs a definition (in this thread or over worker threads) for one shard, checks
// abortOnFail thresholds live, watches generator saturation and returns the finished LoadSummary.
import type { LoadDefinition, RunParams } from './definition.ts';
import { finalizeSummary } from './finalize-summary.ts';
import type { LiveSample } from './live-sample.ts';
import { SUMMARY_FORMAT } from './load-summary.ts';
import type { LoadSummary } from './load-summary.ts';
import type { LoadOverrides } from './options.ts';
import { parseDuration } from './duration.ts';
import { runLocal } from './run-local.ts';
import type { LocalResult, WarmupPlan } from './run-local.ts';
import { runWorkers } from './run-workers.ts';
import { CpuMonitor } from './saturation.ts';
import { effectiveScenarios } from './scenario-plan.ts';
import { formatSegment, WHOLE } from './segment.ts';
import type { Segment } from './segment.ts';
import { evaluateThresholds, parseThresholds } from './thresholds.ts';

/** LoadDefinition.warmup's default length: the rate levels off within it at two worker threads (docs/benchmarks.md). */
const DEFAULT_WARMUP = '1s';

/** Run params as worker threads take them: plain data, without an in-process handler. */
function withoutHandler(p: RunParams): Omit<RunParams, 'handler'> {
  const { handler: _h, ...rest } = p;
  return rest;
}

const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'] as const;

export interface RunLoadOptions {
  readonly params: RunParams;
  readonly overrides?: LoadOverrides;
  /** This process's shard of the test (default: the whole test). */
  readonly shard?: Segment;
  /**
   * Generator threads: 0 runs in this thread (needed for inline definitions and in-process handlers);
   * N > 0 spawns N worker threads, which import the definition from `module`.
   */
  readonly workers?: number;
  readonly module?: { readonly url: string; readonly exportName: string };
  /** Label of the target for the summary. */
  readonly target?: string;
  /** True when the target runs in this process (CPU use is then reported, not judged). */
  readonly cpuIncludesTarget?: boolean;
  /** Ends the test early (e.g. on SIGINT). */
  readonly signal?: AbortSignal;
  readonly onTick?: (live: LiveSample) => void;
  readonly tickMs?: number;
  /** Epoch ms at which the scenarios start, after VU set-up (aligns shards started at different times). */
  readonly startAt?: number;
}

export async function runLoad<S>(def: LoadDefinition<S>, o: RunLoadOptions): Promise<LoadSummary> {
  const shard = o.shard ?? WHOLE;
  const overrides = o.overrides ?? {};
  const thresholds = def.options.thresholds ?? {};
  const parsed = parseThresholds(thresholds);
  const abortOn = parsed.filter((t) => t.abortOnFail);
  const liveMetrics = new Set(abortOn.map((t) => t.metric));
  const abort = new AbortController();
  let aborted: string | undefined;
  const onExternal = (): void => {
    aborted ??= 'interrupted';
    abort.abort();
  };
  o.signal?.addEventListener('abort', onExternal, { once: true });
  if (o.signal?.aborted === true) onExternal();
  let startedAt = Date.now();
  const cpu = new CpuMonitor();

  const onTick = (live: LiveSample): void => {
    o.onTick?.(live);
    // abortOnFail: judged on this shard's cumulative metrics, once each threshold's delayAbortEval has passed.
    if (live.metrics === undefined || aborted !== undefined) return;
    const due = abortOn.filter((t) => live.elapsedMs >= t.delayAbortEvalMs);
    // "No data" yet is not a failure to abort on: the metric may simply not have had its first sample.
    const failed = evaluateThresholds(due, live.metrics, live.elapsedMs).find(
      (r) => !r.ok && r.noData !== true,
    );
    if (failed !== undefined) {
      aborted = `threshold '${failed.key}: ${failed.source}' failed (abortOnFail)`;
      abort.abort();
    }
  };
  // The stand-in is started once, here, for every generator thread; where it runs is the kit's choice (the
  // HTTP kit's runs in a thread of its own, so that no generator isolate compiles the stand-in's code too).
  const warmupMs = def.warmup === undefined ? 0 : parseDuration(def.warmup.duration ?? DEFAULT_WARMUP);
  const standIn =
    def.warmup === undefined || warmupMs === 0 ? undefined : await def.warmup.target.start(o.params);
  let closing: Promise<void> | undefined;
  const closeStandIn = (): Promise<void> => (closing ??= standIn?.close() ?? Promise.resolve());
  const warmup: WarmupPlan | undefined =
    standIn === undefined || def.warmup === undefined
      ? undefined
      : { target: def.warmup.target.label, params: withoutHandler(standIn.params), durationMs: warmupMs };
  const onStart = (epochMs: number): void => {
    startedAt = epochMs;
    cpu.restart();
    // Every thread has warmed up by now (the start barrier follows the warm-up).
    void closeStandIn();
  };

  let local: LocalResult;
  const workers = o.workers ?? 0;
  try {
    if (workers > 0) {
      if (o.module === undefined)
        throw new TypeError('worker threads need `module` (where to import the definition from)');
      local = await runWorkers({
        moduleUrl: o.module.url,
        exportName: o.module.exportName,
        segment: shard,
        workers,
        params: withoutHandler(o.params),
        overrides,
        liveMetrics: [...liveMetrics],
        tickMs: o.tickMs ?? 1000,
        abort: abort.signal,
        onTick,
        onStart,
        ...(o.startAt === undefined ? {} : { startAt: o.startAt }),
        ...(warmup === undefined ? {} : { warmup }),
      });
    } else {
      local = await runLocal(def, {
        segment: shard,
        params: o.params,
        overrides,
        abort: abort.signal,
        liveMetrics,
        onTick,
        onStart,
        ...(o.tickMs === undefined ? {} : { tickMs: o.tickMs }),
        ...(o.startAt === undefined ? {} : { startAt: o.startAt }),
        ...(warmup === undefined ? {} : { warmup }),
      });
    }
  } finally {
    await closeStandIn();
  }
  o.signal?.removeEventListener('abort', onExternal);
  const cpuUse = cpu.stop(local.loadEnd);
  return finalizeSummary(
    {
      format: SUMMARY_FORMAT,
      name: def.name,
      ...(def.description === undefined ? {} : { description: def.description }),
      target: o.target ?? o.params.url ?? 'in-process',
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(local.endedAt).toISOString(),
      durationMs: local.endedAt - startedAt,
      shards: [shard],
      scenarios: effectiveScenarios(def.options.scenarios, overrides),
      overrides,
      thresholds,
      summaryTrendStats: def.options.summaryTrendStats ?? DEFAULT_TREND_STATS,
      requestMetric: def.requestMetric ?? 'xapi_req',
      metrics: local.metrics,
      timeline: local.timeline,
      errors: local.errors,
      saturation: {
        threads: local.threads,
        processes: [
          { label: `shard ${formatSegment(shard)}`, ...cpuUse, includesTarget: o.cpuIncludesTarget ?? false },
        ],
      },
      ...(aborted === undefined ? {} : { aborted }),
    },
    def.options.saturation,
  );
}
