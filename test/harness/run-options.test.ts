import { describe, expect, it } from 'vitest';
import {
  formatReplay,
  RESULT_META_KEY,
  optionsFromEnv,
  parseReplay,
  resultFromMeta,
  resultToMeta,
  propertySeed,
} from '../../src/harness/index.ts';

describe('run options', () => {
  it('parses and formats replays, with fast-check commands paths', () => {
    expect(parseReplay('1234')).toEqual({ seed: 1234 });
    expect(parseReplay('1234:0:2:1')).toEqual({ seed: 1234, path: '0:2:1' });
    expect(parseReplay('882306346:2:2:1:3:3@ACBH:K')).toEqual({
      seed: 882306346,
      path: '2:2:1:3:3',
      commands: 'ACBH:K',
    });
    for (const t of ['1', '5:0', '7:1:2@AB/+=:C']) expect(formatReplay(parseReplay(t))).toBe(t);
    expect(() => parseReplay('abc')).toThrow(/--replay takes/);
    expect(() => parseReplay('1:x')).toThrow();
  });

  it('a property result crosses the worker boundary as JSON text in the task meta', () => {
    const r = {
      id: 'a/b',
      name: 'n',
      area: 'a',
      feature: 'VM',
      story: 'VM.start',
      status: 'passed' as const,
      steps: [
        {
          seq: 1,
          method: 'VM.get_record',
          params: [],
          outcome: { kind: 'success' as const, value: { memory: 4n, at: new Date(0) } },
          startedAt: 0,
          durationMs: 1,
        },
      ],
      startedAt: 0,
      durationMs: 1,
    };
    const meta = { [RESULT_META_KEY]: resultToMeta(r) };
    expect(resultFromMeta(meta)?.steps[0]?.outcome).toEqual({
      kind: 'success',
      value: { memory: '4', at: '1970-01-01T00:00:00.000Z' },
    });
    expect(resultFromMeta({})).toBeUndefined();
  });

  it('takes the target from XAPI_URL & co when no options are given', () => {
    const o = optionsFromEnv({
      XAPI_URL: 'https://h',
      XAPI_USER: 'u',
      XAPI_PASSWORD: 'p',
      XAPI_INSECURE: '1',
    });
    expect(o).toMatchObject({ target: 'https://h', user: 'u', password: 'p', insecure: true });
    expect(optionsFromEnv({}).target).toBe('emulator');
  });

  it('derives distinct, stable property seeds from the master seed', () => {
    expect(propertySeed(7, 'a')).toBe(propertySeed(7, 'a'));
    expect(propertySeed(7, 'a')).not.toBe(propertySeed(7, 'b'));
    expect(propertySeed(7, 'a')).not.toBe(propertySeed(8, 'a'));
    expect(propertySeed(7, 'a')).toBeGreaterThanOrEqual(0);
  });
});
