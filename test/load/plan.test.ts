// Planning: k6 duration strings, defaults, and the CLI overrides (--duration rescales the timeline, --vus,
// --rate), plus --start-at aligning the start.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/load/duration.ts';
import type { ScenarioOptions } from '../../src/load/options.ts';
import { runLoad } from '../../src/load/run-load.ts';
import { planScenarios, testLengthMs } from '../../src/load/scenario-plan.ts';
import { WHOLE } from '../../src/load/segment.ts';
import { inline } from './fixtures/inline.ts';

describe('durations', () => {
  it('parses k6 duration strings and bare milliseconds', () => {
    expect(parseDuration('1h2m3s')).toBe(3_723_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration(42)).toBe(42);
    for (const bad of ['', 'abc', '5 s', '1m-2s', '-1s', '5d'])
      expect(() => parseDuration(bad)).toThrow(RangeError);
    expect(formatDuration(0.5)).toBe('500.00µs');
    expect(formatDuration(1500)).toBe('1.50s');
  });
});

describe('overrides', () => {
  const scenarios: Record<string, ScenarioOptions> = {
    closed: { executor: 'constant-vus', vus: 4, duration: '20s' },
    open: {
      executor: 'constant-arrival-rate',
      rate: 200,
      duration: '10s',
      startTime: '20s',
      preAllocatedVUs: 10,
      maxVUs: 100,
    },
    ramp: {
      executor: 'ramping-arrival-rate',
      startRate: 10,
      stages: [{ duration: '10s', target: 50 }],
      preAllocatedVUs: 5,
    },
  };

  it('uses k6 defaults', () => {
    const [closed] = planScenarios({ c: { executor: 'constant-vus', duration: '1s' } }, WHOLE);
    expect(closed).toMatchObject({ vus: 1, gracefulStopMs: 30_000, startTimeMs: 0, exec: 'default' });
    const [it1] = planScenarios({ s: { executor: 'shared-iterations' } }, WHOLE);
    expect(it1).toMatchObject({ vus: 1, iterations: 1, durationMs: 600_000 });
  });

  it('--duration rescales the whole timeline, keeping sequential scenarios sequential', () => {
    expect(testLengthMs(scenarios)).toBe(30_000);
    const plans = planScenarios(scenarios, WHOLE, { durationMs: 6000 });
    const byName = Object.fromEntries(plans.map((p) => [p.name, p]));
    expect(byName['closed']).toMatchObject({ startTimeMs: 0, durationMs: 4000 });
    expect(byName['open']).toMatchObject({ startTimeMs: 4000, durationMs: 2000 });
    // The rate is kept: fewer iterations in the shorter window.
    const open = byName['open'];
    expect(open?.kind === 'arrival-rate' ? open.schedule.total : -1).toBe(400);
  });

  it('--vus and --rate replace VU counts and rates (ramping rates scaled to the peak)', () => {
    const plans = planScenarios(scenarios, WHOLE, { vus: 7, rate: 100 });
    const byName = Object.fromEntries(plans.map((p) => [p.name, p]));
    expect(byName['closed']).toMatchObject({ vus: 7 });
    expect(byName['open']).toMatchObject({ preAllocatedVUs: 7, maxVUs: 100 });
    const open = byName['open'];
    expect(open?.kind === 'arrival-rate' ? open.schedule.total : -1).toBe(1000);
    const ramp = byName['ramp'];
    // 10 → 50 scaled so the peak is 100: 20 → 100 over 10 s = 600 iterations
    expect(ramp?.kind === 'arrival-rate' ? ramp.schedule.total : -1).toBe(600);
  });
});

describe('--start-at', () => {
  it('starts the scenarios at the given instant, after VU set-up', async () => {
    const startAt = Date.now() + 400;
    let first = 0;
    const s = await runLoad(
      inline({ executor: 'per-vu-iterations', vus: 1, iterations: 1 }, () => {
        first = Date.now();
        return Promise.resolve();
      }),
      { params: {}, startAt },
    );
    expect(first).toBeGreaterThanOrEqual(startAt - 5);
    expect(Date.parse(s.startedAt)).toBeGreaterThanOrEqual(startAt - 5);
  });
});
