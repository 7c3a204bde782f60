// The emulator's release profiles and size parsing (issue 11): the version rules of SEMANTICS.md §10
// follow the release asked for, sizes read as an operator writes them.
import { describe, expect, it } from 'vitest';
import { parseSize, releaseProfile } from '../../src/emulator/index.ts';

describe('releaseProfile', () => {
  it('version rules switch at xapi 24.29.0 (last_active) and 25.27.0 (OTHER_OPERATION_IN_PROGRESS)', () => {
    const rules = (r: string): [boolean, number] => {
      const p = releaseProfile(r);
      return [p.refreshLastActiveOnEveryCheck, p.otherOperationInProgressParams];
    };
    expect(rules('24.19')).toEqual([true, 2]);
    expect(rules('24.28')).toEqual([true, 2]);
    expect(rules('24.29')).toEqual([false, 2]);
    expect(rules('25.6')).toEqual([false, 2]);
    expect(rules('25.27')).toEqual([false, 4]);
    expect(rules('26.1')).toEqual([false, 4]);
    expect(rules('latest')).toEqual([false, 4]);
  });

  it('only the emulator presentation carries the build_number marker', () => {
    expect(releaseProfile('25.6', 'emulator').softwareVersion['build_number']).toBe('xapi-harness');
    const real = releaseProfile('25.6', 'real-host', 'xenserver-emu').softwareVersion;
    expect(JSON.stringify(real)).not.toMatch(/harness|emu/);
  });

  it('a release newer than every known one plays the newest API with its own version', () => {
    const p = releaseProfile('27.3');
    expect(p.softwareVersion['xapi']).toBe('27.3');
    expect(p.serves('class', 'Caller')).toBe(true);
  });
});

describe('parseSize', () => {
  it('reads binary and decimal units', () => {
    expect(parseSize('20GiB')).toBe(20 * 1024 ** 3);
    expect(parseSize('20G')).toBe(20 * 1024 ** 3);
    expect(parseSize('512MiB')).toBe(512 * 1024 ** 2);
    expect(parseSize('1TiB')).toBe(1024 ** 4);
    expect(parseSize('100GB')).toBe(100 * 1000 ** 3);
    expect(parseSize('4096')).toBe(4096);
    for (const bad of ['', 'big', '-1GiB', '0', '20 parsecs']) expect(() => parseSize(bad)).toThrow(/size/);
  });
});
