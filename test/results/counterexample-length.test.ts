// The one count of a counterexample's length (issue 15, issue 17 item 5): setup calls shown but not
// counted, a retried attempt counted once, a violating setup call counted; and on a real run, the case's
// login and the property's setup are the setup steps.
import { describe, expect, it } from 'vitest';
import {
  NO_EXPECTATIONS,
  createHarnessContext,
  defaultOptions,
  runProperty,
} from '../../src/harness/index.ts';
import type { CallStep } from '../../src/results/index.ts';
import {
  counterexampleLength,
  counterexampleLengthText,
  formatTraceText,
  medianCalls,
} from '../../src/results/index.ts';
import { SESSION_PROPERTIES } from '../../suites/properties/index.ts';

function step(method: string, extra: Partial<CallStep> = {}): CallStep {
  return {
    seq: 0,
    method,
    params: [],
    outcome: { kind: 'success', value: '' },
    startedAt: 0,
    durationMs: 0,
    ...extra,
  };
}

describe('counterexampleLength', () => {
  it('counts the commands’ calls once each, and the setup apart', () => {
    const steps = [
      step('session.login_with_password', { setup: true }),
      step('VM.get_all_records', { setup: true }),
      step('VM.get_record', { retried: true, outcome: { kind: 'transport', message: 'reset' } }),
      step('VM.get_record'),
      step('VM.start', { violation: true }),
    ];
    const n = counterexampleLength(steps, 2);
    expect(n).toEqual({ calls: 2, setupCalls: 2, commands: 2 });
    expect(counterexampleLengthText(n)).toBe('2 calls (2 commands; 2 setup calls not counted)');
    const text = formatTraceText(steps, { length: n });
    expect(text).toContain('length: 2 calls');
    expect(text).toMatch(/#1 session\.login_with_password\(\)\s+\(setup\)/);
    expect(text).toMatch(/#5 VM\.start\(\)\s+<-- contract violation$/m);
  });

  it('counts a violation met during setup: the counterexample is never 0 calls long', () => {
    const n = counterexampleLength([
      step('session.login_with_password', { setup: true }),
      step('VM.get_all_records', { setup: true, violation: true }),
    ]);
    expect(n).toEqual({ calls: 1, setupCalls: 1 });
    expect(formatTraceText([step('VM.get_all_records', { setup: true, violation: true })])).toContain(
      '<-- contract violation (in setup)',
    );
  });

  it('takes the median of an odd and of an even count, and none of nothing', () => {
    expect(medianCalls([8, 2, 3])).toBe(3);
    expect(medianCalls([4, 1, 6, 2])).toBe(3);
    expect(medianCalls([])).toBeUndefined();
  });
});

describe('a real counterexample', () => {
  it(
    'marks the case’s login and setup as setup, and counts the commands’ calls',
    { timeout: 60_000 },
    async () => {
      const def = SESSION_PROPERTIES.find((p) => p.id === 'sessions/session/logout/lifecycle');
      expect(def).toBeDefined();
      if (def === undefined) return;
      const ctx = await createHarnessContext({
        ...defaultOptions(),
        seed: 1,
        timeLimitMs: 30_000,
        faults: ['logout-noop'],
      });
      try {
        const r = await runProperty(def, ctx, { expectations: NO_EXPECTATIONS });
        expect(r.status, r.message).toBe('failed');
        const steps = r.counterexample?.steps ?? [];
        const n = r.counterexample?.length;
        expect(n).toBeDefined();
        // The first login and the setup read are setup steps, before any command's call.
        expect(steps[0]?.method).toBe('session.login_with_password');
        expect(steps[0]?.setup).toBe(true);
        const firstCounted = steps.findIndex((s) => s.setup !== true);
        expect(steps.slice(firstCounted).every((s) => s.setup !== true)).toBe(true);
        expect(n?.setupCalls).toBe(firstCounted);
        expect(n?.calls).toBe(steps.filter((s) => s.setup !== true && s.retried !== true).length);
        expect(n?.commands).toBeGreaterThanOrEqual(1);
        expect(r.counterexample?.text).toContain(`length: ${counterexampleLengthText(n!)}`);
      } finally {
        await ctx.close();
      }
    },
  );
});
