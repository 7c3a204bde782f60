// Resolves k6-style scenario options into a plan for one segment: defaults applied (k6's), durations in ms,
// CLI overrides applied, VU counts split over the segment (sums over all segments equal the totals).
import { ArrivalSchedule } from './arrival-schedule.ts';
import { formatDuration, parseDuration } from './duration.ts';
import type { DurationInput, ExecutorName, LoadOverrides, ScenarioOptions, Stage } from './options.ts';
import { splitCount } from './segment.ts';
import type { Segment } from './segment.ts';

interface PlanCommon {
  readonly name: string;
  readonly executor: ExecutorName;
  readonly startTimeMs: number;
  readonly gracefulStopMs: number;
  readonly exec: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly segment: Segment;
  /** VUs to initialise before the test starts. */
  readonly initVus: number;
  /** Length of the scenario, excluding startTime and gracefulStop. */
  readonly durationMs: number;
}

export interface StagePlan {
  readonly durationMs: number;
  readonly target: number;
}

export type ScenarioPlan =
  | (PlanCommon & { readonly kind: 'shared-iterations'; readonly vus: number; readonly iterations: number })
  | (PlanCommon & { readonly kind: 'per-vu-iterations'; readonly vus: number; readonly iterations: number })
  | (PlanCommon & { readonly kind: 'constant-vus'; readonly vus: number })
  | (PlanCommon & {
      readonly kind: 'ramping-vus';
      readonly startVUs: number;
      readonly stages: readonly StagePlan[];
      readonly gracefulRampDownMs: number;
    })
  | (PlanCommon & {
      readonly kind: 'arrival-rate';
      readonly schedule: ArrivalSchedule;
      readonly preAllocatedVUs: number;
      readonly maxVUs: number;
    });

function positiveInt(name: string, v: number | undefined, dflt: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${String(v)}`);
  return x;
}

function scaleStages(stages: readonly Stage[], scale: number): StagePlan[] {
  return stages.map((s) => ({ durationMs: parseDuration(s.duration) * scale, target: s.target }));
}

/** The test's length without gracefulStop: the latest scenario end (startTime + duration or maxDuration). */
export function testLengthMs(scenarios: Readonly<Record<string, ScenarioOptions>>): number {
  let end = 0;
  for (const o of Object.values(scenarios)) {
    const start = parseDuration(o.startTime ?? 0);
    let d: number;
    switch (o.executor) {
      case 'shared-iterations':
      case 'per-vu-iterations':
        d = parseDuration(o.maxDuration ?? '10m');
        break;
      case 'constant-vus':
      case 'constant-arrival-rate':
        d = parseDuration(o.duration);
        break;
      default:
        d = o.stages.reduce((a, st) => a + parseDuration(st.duration), 0);
    }
    end = Math.max(end, start + d);
  }
  return end;
}

/**
 * Plans every scenario of a test for one segment. `--duration D` rescales the whole test timeline to D:
 * each scenario's startTime and duration (stages, maxDuration) are multiplied by D / testLength, so scenarios
 * that run one after another still do; for a single scenario starting at 0 that is simply its duration.
 */
export function planScenarios(
  scenarios: Readonly<Record<string, ScenarioOptions>>,
  seg: Segment,
  ov: LoadOverrides = {},
): ScenarioPlan[] {
  const scale = timelineScale(scenarios, ov);
  return Object.entries(scenarios).map(([name, o]) => planScenario(name, o, seg, ov, scale));
}

/** The factor `--duration` multiplies every time of the test by (1 without it). */
function timelineScale(scenarios: Readonly<Record<string, ScenarioOptions>>, ov: LoadOverrides): number {
  const length = testLengthMs(scenarios);
  return ov.durationMs === undefined || length === 0 ? 1 : ov.durationMs / length;
}

export function planScenario(
  name: string,
  o: ScenarioOptions,
  seg: Segment,
  ov: LoadOverrides = {},
  scale = 1,
): ScenarioPlan {
  const common = {
    name,
    startTimeMs: parseDuration(o.startTime ?? 0) * scale,
    gracefulStopMs: parseDuration(o.gracefulStop ?? '30s'),
    exec: o.exec ?? 'default',
    tags: o.tags ?? {},
    env: o.env ?? {},
    segment: seg,
  };
  switch (o.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations': {
      const vus = splitCount(ov.vus ?? positiveInt('vus', o.vus, 1), seg);
      const all = positiveInt('iterations', o.iterations, 1);
      // shared-iterations splits the iteration total; per-vu-iterations is per VU already.
      const iterations = o.executor === 'shared-iterations' ? splitCount(all, seg) : all;
      const durationMs = parseDuration(o.maxDuration ?? '10m') * scale;
      return { ...common, executor: o.executor, kind: o.executor, vus, iterations, initVus: vus, durationMs };
    }
    case 'constant-vus': {
      const vus = splitCount(ov.vus ?? positiveInt('vus', o.vus, 1), seg);
      const durationMs = parseDuration(o.duration) * scale;
      return { ...common, executor: o.executor, kind: o.executor, vus, initVus: vus, durationMs };
    }
    case 'ramping-vus': {
      // Each segment ramps its own share of every target; the shares sum to the target at every stage end.
      let stages = scaleStages(o.stages, scale);
      let startVUs = positiveInt('startVUs', o.startVUs, 1);
      if (ov.vus !== undefined) {
        const peak = Math.max(startVUs, ...stages.map((s) => s.target));
        const f = peak === 0 ? 0 : ov.vus / peak;
        stages = stages.map((s) => ({ ...s, target: Math.round(s.target * f) }));
        startVUs = Math.round(startVUs * f);
      }
      stages = stages.map((s) => ({ ...s, target: splitCount(s.target, seg) }));
      startVUs = splitCount(startVUs, seg);
      const durationMs = stages.reduce((a, s) => a + s.durationMs, 0);
      const initVus = Math.max(startVUs, ...stages.map((s) => s.target));
      return {
        ...common,
        executor: o.executor,
        kind: 'ramping-vus',
        startVUs,
        stages,
        gracefulRampDownMs: parseDuration(o.gracefulRampDown ?? '30s'),
        initVus,
        durationMs,
      };
    }
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      const unit = parseDuration(o.timeUnit ?? '1s');
      if (unit <= 0) throw new RangeError('timeUnit must be positive');
      let schedule: ArrivalSchedule;
      if (o.executor === 'constant-arrival-rate') {
        const rate = (ov.rate ?? o.rate) / unit;
        const d = parseDuration(o.duration) * scale;
        schedule = new ArrivalSchedule(rate, [{ durationMs: d, rate }]);
      } else {
        let stages = scaleStages(o.stages, scale);
        let startRate = o.startRate ?? 0;
        if (ov.rate !== undefined) {
          const peak = Math.max(startRate, ...stages.map((s) => s.target));
          const f = peak === 0 ? 0 : ov.rate / peak;
          stages = stages.map((s) => ({ ...s, target: s.target * f }));
          startRate *= f;
        }
        schedule = new ArrivalSchedule(
          startRate / unit,
          stages.map((s) => ({ durationMs: s.durationMs, rate: s.target / unit })),
        );
      }
      const preTotal = ov.vus ?? positiveInt('preAllocatedVUs', o.preAllocatedVUs, 1);
      const maxTotal = Math.max(preTotal, o.maxVUs ?? preTotal);
      // A segment that starts iterations needs at least one VU, even when the total is below the segment count.
      const hasWork = schedule.total > seg.index;
      const preAllocatedVUs = Math.max(hasWork ? 1 : 0, splitCount(preTotal, seg));
      const maxVUs = Math.max(preAllocatedVUs, splitCount(maxTotal, seg));
      return {
        ...common,
        executor: o.executor,
        kind: 'arrival-rate',
        schedule,
        preAllocatedVUs,
        maxVUs,
        initVus: preAllocatedVUs,
        durationMs: schedule.durationMs,
      };
    }
  }
}

/**
 * The scenarios as they run after the CLI overrides: `--duration` rescales every startTime, duration,
 * maxDuration and stage (as planScenarios does), `--vus` and `--rate` replace the constant executors'
 * figures. The summary keeps these, so its console, HTML and Allure views show the timeline that ran, not
 * the one written in the scenario file (issue 12).
 */
export function effectiveScenarios(
  scenarios: Readonly<Record<string, ScenarioOptions>>,
  ov: LoadOverrides = {},
): Record<string, ScenarioOptions> {
  const scale = timelineScale(scenarios, ov);
  const d: Rescale = (x) => (x === undefined ? undefined : formatDuration(parseDuration(x) * scale));
  const out: Record<string, ScenarioOptions> = {};
  for (const [name, o] of Object.entries(scenarios)) {
    const startTime = d(o.startTime);
    out[name] = { ...effectiveOptions(o, d, ov), ...(startTime === undefined ? {} : { startTime }) };
  }
  return out;
}

type Rescale = (x: DurationInput | undefined) => string | undefined;

/** One scenario's durations rescaled by `d`, its VU and rate figures replaced by the overrides. */
function effectiveOptions(o: ScenarioOptions, d: Rescale, ov: LoadOverrides): ScenarioOptions {
  const vus = ov.vus === undefined ? {} : { vus: ov.vus };
  switch (o.executor) {
    case 'shared-iterations':
    case 'per-vu-iterations': {
      const maxDuration = d(o.maxDuration ?? '10m');
      return { ...o, ...vus, ...(maxDuration === undefined ? {} : { maxDuration }) };
    }
    case 'constant-vus':
      return { ...o, duration: d(o.duration) ?? '0s', ...vus };
    case 'constant-arrival-rate':
      return {
        ...o,
        duration: d(o.duration) ?? '0s',
        ...(ov.rate === undefined ? {} : { rate: ov.rate }),
        ...(ov.vus === undefined ? {} : { preAllocatedVUs: ov.vus, maxVUs: Math.max(ov.vus, o.maxVUs ?? 0) }),
      };
    default:
      return { ...o, stages: o.stages.map((s) => ({ ...s, duration: d(s.duration) ?? '0s' })) };
  }
}
