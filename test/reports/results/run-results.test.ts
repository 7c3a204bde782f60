import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  RESULTS_FORMAT,
  ResultsFormatError,
  readRunResults,
  writeRunResults,
  type RunResults,
} from '../../../src/results/index.ts';
import { fixtureLoadSummary } from '../fixtures/fixture-load.ts';
import { passedResult, violationResult } from '../fixtures/fixture-results.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xh-results-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run: RunResults = {
  format: RESULTS_FORMAT,
  environment: {
    targetUrl: 'https://xs.example:443/',
    productBrand: 'XCP-ng',
    productVersion: '8.3.0',
    apiVersion: '2.21',
    profile: 'xapi-current',
    harnessVersion: '0.1.0',
    seed: 7,
    extra: { suites: 'sessions,eviction' },
  },
  properties: [passedResult, violationResult],
  load: fixtureLoadSummary,
  startedAt: 1,
  finishedAt: 2,
};

describe('results file', () => {
  test('round-trips, atomically (no temp file left behind)', async () => {
    const file = join(dir, 'nested', 'results.json');
    await writeRunResults(file, run);
    expect(await readRunResults(file)).toEqual(run);
    expect(await readdir(join(dir, 'nested'))).toEqual(['results.json']);
  });

  test('the target URL is written without credentials, whatever the caller passes', async () => {
    const file = join(dir, 'creds.json');
    await writeRunResults(file, {
      ...run,
      environment: { ...run.environment, targetUrl: 'https://root:s3cr3t-pw@xs.example:8443/' },
    });
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('s3cr3t-pw');
    expect(text).not.toContain('root:');
    expect((await readRunResults(file)).environment.targetUrl).toBe('https://xs.example:8443/');
  });

  test('bigint values (XML-RPC ints) are written as decimal strings', async () => {
    const file = join(dir, 'big.json');
    const withBig = {
      ...run,
      properties: [
        {
          ...passedResult,
          steps: [{ ...passedResult.steps[0]!, outcome: { kind: 'success' as const, value: 2n ** 70n } }],
        },
      ],
    };
    await writeRunResults(file, withBig);
    expect(await readFile(file, 'utf8')).toContain('"1180591620717411303424"');
  });

  test.each([
    ['not json', '{'],
    ['wrong format', JSON.stringify({ ...run, format: 'other@9' })],
    ['bad property', JSON.stringify({ ...run, properties: [{ id: 'x', status: 'weird', steps: [] }] })],
    ['no environment', JSON.stringify({ ...run, environment: null })],
    ['bad load', JSON.stringify({ ...run, load: { scenarios: 3 } })],
    [
      'load in another format',
      JSON.stringify({ ...run, load: { ...run.load, format: 'xapi-harness/load-summary@0' } }),
    ],
    ['load without metrics', JSON.stringify({ ...run, load: { ...run.load, metrics: undefined } })],
  ])('rejects a file with %s', async (_what, text) => {
    const file = join(dir, 'bad.json');
    await writeFile(file, text);
    await expect(readRunResults(file)).rejects.toBeInstanceOf(ResultsFormatError);
  });
});
