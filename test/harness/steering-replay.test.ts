// A shrunk case and its printed replay steer alike (issue 12 item 11, issue 17 item 5): steering commands aim at
// transitions the coverage has not reached, and the run's coverage grows from case to case, so a case replayed
// alone would aim elsewhere. The replay carries what steering had reached when the failing case started
// (`~<hex>`), and every shrunk case starts from it too. End to end: test/harness/deterministic-replay.test.ts.
import { describe, expect, it } from 'vitest';
import { TransitionCoverage, formatReplay, parseReplay, transitionKey } from '../../src/harness/index.ts';

const t = (message: string, source: string, outcome = 'success') => ({ message, source, outcome });
const KEYS = [
  t('VM.start', 'Halted'),
  t('VM.pause', 'Running'),
  t('VM.suspend', 'Running'),
  t('VM.resume', 'Suspended'),
  t('VM.unpause', 'Paused'),
].map(transitionKey);

describe('steering from a replayed start', () => {
  it('encodes what was reached over the declared transitions, and a fork starts from it', () => {
    const run = new TransitionCoverage(KEYS);
    expect(run.reachedMask()).toBe('');
    run.record(t('VM.pause', 'Running'));
    run.record(t('VM.unpause', 'Paused'));
    run.record(t('VM.get_record', 'Halted')); // not declared: not in the mask
    const mask = run.reachedMask();
    expect(mask).toBe('21'); // bits 1 and 4 over 5 declared transitions
    const replayed = new TransitionCoverage(KEYS).fork(mask);
    expect(replayed.unreached()).toEqual(run.unreached());
    expect(replayed.reachedMask()).toBe(mask);
  });

  it("a case's fork counts in the run's table, but the run's later records do not steer the case", () => {
    const run = new TransitionCoverage(KEYS);
    const start = run.reachedMask();
    const a = run.fork(start);
    a.record(t('VM.start', 'Halted'));
    expect(run.has(KEYS[0]!)).toBe(true);
    expect(run.table().reached[KEYS[0]!]).toBe(1);
    // Another case of the run reaches more; a case forked from the same start aims as `a` did.
    run.record(t('VM.suspend', 'Running'));
    const b = run.fork(start);
    expect(b.unreached()).toEqual(KEYS);
    expect(a.unreached()).toEqual(KEYS.slice(1));
  });

  it('parses and prints the replay with what was reached', () => {
    const spec = parseReplay('882306346:2:1@ACBH:K~5b1');
    expect(spec).toEqual({ seed: 882306346, path: '2:1', commands: 'ACBH:K', reached: '5b1' });
    expect(formatReplay(spec)).toBe('882306346:2:1@ACBH:K~5b1');
    expect(parseReplay('7:0~3')).toEqual({ seed: 7, path: '0', reached: '3' });
    expect(() => parseReplay('7:0~xyz')).toThrow(/--replay takes/);
  });
});
