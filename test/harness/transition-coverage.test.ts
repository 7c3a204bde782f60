// Transition coverage (issue 17 item 1): each run records message × source state × outcome per property,
// results carry the table with what was never reached, the Allure evidence shows it as a table, and the
// steering command makes vm-lifecycle's default budget reach every power transition against the emulator.
import { describe, expect, it } from 'vitest';
import { walkTo } from '../../generators/index.ts';
import { propertyEvidence } from '../../reports/allure/index.ts';
import { TransitionCoverage, powerTransitions, transitionKey } from '../../src/harness/index.ts';
import { coverageText } from '../../src/results/index.ts';
import { VM_LIFECYCLE_PROPERTIES } from '../../suites/properties/index.ts';
import { runPropertyOnce } from '../support/run-property-once.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const out = scratchDir('coverage');

describe('transition coverage', () => {
  it('walks to any power state by the shortest path of allowed operations', () => {
    expect(walkTo('Halted', 'Suspended')).toEqual([
      { op: 'start', paused: false },
      { op: 'suspend', paused: false },
    ]);
    expect(walkTo('Halted', 'Paused')).toEqual([{ op: 'start', paused: true }]);
    expect(walkTo('Suspended', 'Paused')).toEqual([{ op: 'resume', paused: true }]);
    expect(walkTo('Running', 'Running')).toEqual([]);
  });

  it('declares every power operation from every power state, with the outcome the state machine gives', () => {
    const all = powerTransitions();
    expect(all).toHaveLength(10 * 4 + 1);
    expect(all).toContain('VM.suspend | Running → success');
    expect(all).toContain('VM.resume | Halted → VM_BAD_POWER_STATE');
    expect(all).toContain('VM.start | template → VM_IS_TEMPLATE');
  });

  it('counts what was reached and lists the declared transitions never reached', () => {
    const c = new TransitionCoverage(['VM.start | Halted → success', 'VM.suspend | Running → success']);
    c.record({ message: 'VM.start', source: 'Halted', outcome: 'success' });
    c.record({ message: 'VM.start', source: 'Halted', outcome: 'success' });
    c.record({ message: 'VM.get_record', source: 'Running', outcome: 'success' });
    const t = c.table();
    expect(t.reached).toEqual({ 'VM.get_record | Running → success': 1, 'VM.start | Halted → success': 2 });
    expect(t.unreached).toEqual(['VM.suspend | Running → success']);
    expect(coverageText(t)).toMatch(
      /1 of 2 declared \(50 %\)[\s\S]*VM\.suspend \| Running → success\s+never/,
    );
  });

  it('vm-lifecycle reaches all its declared transitions on the emulator with the default budget', async () => {
    const def = VM_LIFECYCLE_PROPERTIES[0];
    if (def === undefined) throw new Error('no vm-lifecycle property');
    const r = await runPropertyOnce(def, { timeLimitMs: 120_000, seed: 7, outDir: out });
    expect(r.status, r.message).toBe('passed');
    const c = r.stats?.coverage;
    expect(c?.declared).toBe(powerTransitions().length);
    expect(c?.unreached).toEqual([]);
    expect(
      c?.reached[transitionKey({ message: 'VM.suspend', source: 'Running', outcome: 'success' })],
    ).toBeGreaterThan(0);
    // The Allure evidence holds the table (and the statistics JSON does not repeat it).
    const ev = propertyEvidence(r);
    const html = ev.find((e) => e.name === 'transition coverage');
    expect(html?.content).toMatch(/<table[\s\S]*VM\.resume<\/td><td>Suspended<\/td><td>success<\/td>/);
    expect(ev.find((e) => e.name === 'property statistics')?.content).not.toContain('reached');
  }, 120_000);
});
