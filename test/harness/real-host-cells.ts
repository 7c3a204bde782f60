// The cells of the real-host matrix and how a suite run reaches one (real-host-matrix*.test.ts): an emulator
// playing a release, guests with or without PV drivers, presented as itself or as a real host.
import { afterAll } from 'vitest';
import type { EmulatorOptions, FaultName } from '../../src/emulator/index.ts';
import type { HarnessOptions, PropertyContext, Target } from '../../src/harness/index.ts';
import { configFor, defaultOptions, emulatorTarget, preflight } from '../../src/harness/index.ts';
import type { PropertyResult } from '../../src/results/index.ts';

export interface Cell {
  readonly release: string;
  readonly guests: 'drivers' | 'no-drivers';
  readonly presentAs: 'emulator' | 'real-host';
}

/** Every release once; every (guests, presentation) pair once. */
export const MATRIX_CELLS: readonly Cell[] = [
  { release: '24.19', guests: 'no-drivers', presentAs: 'real-host' },
  { release: '25.6', guests: 'drivers', presentAs: 'real-host' },
  { release: '26.1', guests: 'no-drivers', presentAs: 'emulator' },
  { release: 'latest', guests: 'drivers', presentAs: 'emulator' },
];

export const MATRIX_SEED = Number(process.env['XAPI_HARNESS_MATRIX_SEED'] ?? 11);

export const cellName = (c: Cell): string => `${c.release}/${c.guests}/${c.presentAs}`;

/**
 * A context whose target is an emulator playing `cell`: seen by the harness as a remote host (the pass part),
 * or as the emulator it started itself (the fault part: dedicated emulators for the eviction properties, as
 * the fault grid runs them), in-process either way.
 */
export async function cellContext(
  cell: Cell,
  as: 'remote' | 'emulator',
  faults: readonly FaultName[] = [],
  outDir = 'out',
): Promise<{ ctx: PropertyContext; close: () => Promise<void> }> {
  const options = { ...defaultOptions(), seed: MATRIX_SEED, outDir, timeLimitMs: 60_000, faults };
  const env: Partial<EmulatorOptions> = {
    release: cell.release,
    guests: cell.guests,
    presentAs: cell.presentAs,
  };
  const target = as === 'emulator' ? await emulatorTarget(options, env) : await remoteInProcess(options, env);
  const pre = await preflight(target, 'auto');
  return {
    ctx: {
      options: { ...options, target: target.url },
      target,
      preflight: pre,
      config: configFor(target, pre),
    },
    close: () => target.close(),
  };
}

/**
 * The emulator in-process, but a remote host to the harness: the harness's own emulator target (same
 * options, same faults) stripped of what only an emulator target offers (dedicated emulators, clients to
 * the other hosts of its pool), its clients the default in-process XML-RPC ones.
 */
async function remoteInProcess(options: HarnessOptions, env: Partial<EmulatorOptions>): Promise<Target> {
  const emulator = await emulatorTarget(options, env);
  return {
    kind: 'remote',
    url: emulator.url,
    user: emulator.user,
    password: emulator.password,
    client: () => emulator.client(),
    close: () => emulator.close(),
  };
}

export function summary(r: PropertyResult): string {
  return `${r.id}: ${r.status}${r.kind === undefined ? '' : `/${r.kind}`}${r.message === undefined ? '' : ` ${r.message.slice(0, 300)}`}`;
}

/**
 * The cost report of one half of the matrix: each cell's time is pushed on the returned list; after the
 * file's tests the total and the list are printed (the matrix's cost on 2 cores is watched, not asserted).
 */
export function matrixTimings(half: string): string[] {
  const timings: string[] = [];
  const t0 = performance.now();
  afterAll(() => {
    process.stdout.write(
      `real-host matrix (${half}): ${((performance.now() - t0) / 1000).toFixed(1)} s\n${timings.map((t) => `  ${t}`).join('\n')}\n`,
    );
  });
  return timings;
}
