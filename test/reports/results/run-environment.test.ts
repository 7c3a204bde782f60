// What a run says about its environment (src/results/run-environment.ts): URLs without their credentials,
// and Allure's environment entries in the documented order.
import { describe, expect, test } from 'vitest';
import { environmentEntries, redactUrl } from '../../../src/results/index.ts';

describe('run environment', () => {
  test('URLs lose their credentials; environment entries come in the documented order', () => {
    expect(redactUrl('https://root:pw@xs.example/')).toBe('https://xs.example/');
    expect(redactUrl('emulator (in-process)')).toBe('emulator (in-process)');
    const entries = environmentEntries({
      targetUrl: 'http://u:p@h/',
      productBrand: 'XenServer',
      productVersion: '8',
      apiVersion: '2.21',
      profile: 'xapi-current',
      harnessVersion: '0.1.0',
      seed: 5,
      runId: 'r1',
    });
    expect(entries.map(([k]) => k)).toEqual([
      'Target',
      'Product',
      'API version',
      'Profile',
      'Harness version',
      'Seed',
      'Run id',
    ]);
    expect(entries[0]?.[1]).toBe('http://h/');
    const partial = environmentEntries({
      targetUrl: 'http://h/',
      productBrand: '',
      productVersion: '',
      apiVersion: '',
      profile: 'sdk-guide',
      harnessVersion: '0.1.0',
      seed: 0,
    });
    expect(partial.map(([k]) => k)).toEqual(['Target', 'Profile', 'Harness version', 'Seed']);
  });
});
