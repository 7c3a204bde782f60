import { describe, expect, it } from 'vitest';
import { formatReplay, optionsFromEnv, parseReplay, propertySeed } from '../../src/harness/index.ts';

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
