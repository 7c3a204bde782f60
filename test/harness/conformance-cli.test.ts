import { describe, expect, it } from 'vitest';
import { parseConformanceArgs } from '../../src/cli/commands/conformance.ts';

describe('conformance CLI options', () => {
  it('targets the emulator by default, and a URL with credentials otherwise', () => {
    expect(parseConformanceArgs([], {}).target).toBe('emulator');
    expect(parseConformanceArgs(['--target', 'emulator'], { XAPI_URL: 'https://h' }).target).toBe('emulator');
    const o = parseConformanceArgs(
      ['--target', 'http://127.0.0.1:9', '--user', 'root', '--password-env', 'PW', '--allow-disruptive'],
      { PW: 'x' },
    );
    expect(o).toMatchObject({
      target: 'http://127.0.0.1:9',
      user: 'root',
      password: 'x',
      allowDisruptive: true,
    });
    expect(
      parseConformanceArgs([], { XAPI_URL: 'https://h', XAPI_USER: 'u', XAPI_PASSWORD: 'p' }).target,
    ).toBe('https://h');
  });

  it('reads the budget, suites, profile and replay', () => {
    const o = parseConformanceArgs(
      [
        '--suite',
        'sessions,errors',
        '--suite',
        'schema',
        '--runs',
        '3',
        '--seed',
        '42',
        '--time-limit',
        '2s',
        '--profile',
        'xapi',
        '--fault',
        'lost-write',
      ],
      {},
    );
    expect(o).toMatchObject({
      suites: ['sessions', 'errors', 'schema'],
      runs: 3,
      seed: 42,
      timeLimitMs: 2000,
      profile: 'xapi',
      faults: ['lost-write'],
    });
    const r = parseConformanceArgs(
      ['--replay', '5:1:0@AB:C', '--property', 'sessions/session/logout/lifecycle'],
      {},
    );
    expect(r).toMatchObject({
      seed: 5,
      replay: { seed: 5, path: '1:0', commands: 'AB:C' },
      property: 'sessions/session/logout/lifecycle',
    });
    expect(parseConformanceArgs(['--time-limit', '1m'], {}).timeLimitMs).toBe(60_000);
    expect(parseConformanceArgs([], {}).callTimeoutMs).toBeUndefined();
    expect(parseConformanceArgs(['--call-timeout', '5s'], {}).callTimeoutMs).toBe(5_000);
    expect(parseConformanceArgs(['--call-timeout', '250ms'], {}).callTimeoutMs).toBe(250);
  });

  it('refuses what it cannot honour', () => {
    expect(() => parseConformanceArgs(['--suite', 'nope'], {})).toThrow(/unknown suite/);
    expect(() => parseConformanceArgs(['--profile', 'x'], {})).toThrow(/--profile/);
    expect(() => parseConformanceArgs(['--time-limit', 'soon'], {})).toThrow(/--time-limit/);
    expect(() => parseConformanceArgs(['--call-timeout', 'later'], {})).toThrow(/--call-timeout/);
    expect(() => parseConformanceArgs(['--call-timeout', '0'], {})).toThrow(/--call-timeout/);
    expect(() => parseConformanceArgs(['--target', 'https://h', '--fault', 'lost-write'], {})).toThrow(
      /emulator target only/,
    );
    expect(() => parseConformanceArgs(['--password-env', 'MISSING'], {})).toThrow(/not set/);
  });
});
