// Helpers of the behaviour tests: a real emulator on port 0, our client over HTTP, and the SDK guide's
// flow written once so that the sync, Async and Python variants check the same steps.
import { expect } from 'vitest';
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type Timing,
} from '../../../src/emulator/index.ts';
import { httpTransport, XapiClient, type Outcome, type Session } from '../../../src/client/index.ts';
import type { XapiJs } from '../../../src/xapi/types.ts';
import { constructorRecord } from '../../robustness/constructor-record.ts';

export type Rec = Readonly<Record<string, XapiJs>>;

/**
 * Realistic timing (pending tasks, progress, current_operations; SEMANTICS.md §5) shortened for a test: the
 * set-up's VM.clone and VM.provision (makeVm) and every operation the profile does not list take `defaultMs`,
 * `durations` sets those the test watches; `retryMs` is how long a conflicting call waits (default xapi's).
 */
export function quickRealistic(
  defaultMs: number,
  progressIntervalMs: number,
  durations: Readonly<Record<string, number>>,
  retryMs?: number,
): Timing {
  return {
    name: 'realistic',
    defaultMs,
    progressIntervalMs,
    ...(retryMs === undefined ? {} : { otherOperationRetryMs: retryMs }),
    durations: { 'VM.clone': defaultMs, 'VM.provision': defaultMs, ...durations },
  };
}

export async function startHttpEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return createEmulator({ port: 0, authFailureDelayMs: 0, ...options });
}

export function httpClient(emu: Emulator, protocol: 'xmlrpc' | 'jsonrpc' = 'xmlrpc'): XapiClient {
  return new XapiClient({ transport: httpTransport(emu.url), protocol });
}

export async function login(emu: Emulator, protocol: 'xmlrpc' | 'jsonrpc' = 'xmlrpc'): Promise<Session> {
  return httpClient(emu, protocol).login(emu.user, emu.password);
}

/**
 * The setup every behaviour test file shares: an HTTP emulator on port 0 and a root session on it
 * (`beforeAll(async () => ({ emu, s } = await startAndLogin()))`, then `afterAll(() => emu.close())`).
 */
export async function startAndLogin(options: EmulatorOptions = {}): Promise<{ emu: Emulator; s: Session }> {
  const emu = await startHttpEmulator(options);
  return { emu, s: await login(emu) };
}

export async function record(s: Session, cls: string, ref: string): Promise<Rec> {
  return (await s.call(`${cls}.get_record`, [ref])) as Rec;
}

/** The ref of the (first) object of `cls` named `name`. */
export async function byName(s: Session, cls: string, name: string): Promise<string> {
  const refs = (await s.call(`${cls}.get_by_name_label`, [name])) as string[];
  const ref = refs[0];
  if (ref === undefined) throw new Error(`no ${cls} named ${name}`);
  return ref;
}

/** A Halted, provisioned (non-template) VM cloned from the SDK guide's template. */
export async function makeVm(s: Session, name = 'test vm'): Promise<string> {
  const template = await byName(s, 'VM', 'Debian Etch 4.0');
  const vm = (await s.call('VM.clone', [template, name])) as string;
  await pointDisksAtDefaultSr(s, vm);
  await s.call('VM.provision', [vm]);
  return vm;
}

/** The SDK guide's step: rewrite the template's provision XML to use the pool's default SR. */
export async function pointDisksAtDefaultSr(s: Session, vm: string): Promise<void> {
  const pool = ((await s.call('pool.get_all')) as string[])[0]!;
  const sr = (await s.call('pool.get_default_SR', [pool])) as string;
  const srUuid = (await s.call('SR.get_uuid', [sr])) as string;
  const other = (await s.call('VM.get_other_config', [vm])) as Record<string, string>;
  const disks = other['disks'] ?? '';
  await s.call('VM.set_other_config', [vm, { ...other, disks: disks.replace(/sr=""/g, `sr="${srUuid}"`) }]);
}

export function failure(o: Outcome): readonly [string, ...string[]] {
  if (o.ok) throw new Error(`expected a failure, got ${JSON.stringify(o.value)}`);
  return [o.code, ...o.params];
}

/** The object is gone: reading its record answers HANDLE_INVALID [class; ref] (SEMANTICS.md §2). */
export async function expectGone(s: Session, cls: string, ref: string): Promise<void> {
  expect(failure(await s.attempt(`${cls}.get_record`, [ref]))).toEqual(['HANDLE_INVALID', cls, ref]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * VBD.create's record for a writable disk of `vdi` on `vm` at device 1, its other constructor fields neutral
 * (from the schema, as constructor-record.ts builds them); `over` changes any field.
 */
export function vbdArgs(vm: string, vdi: string, over: Record<string, XapiJs> = {}): Record<string, XapiJs> {
  return constructorRecord('VBD', {
    VM: vm,
    VDI: vdi,
    userdevice: '1',
    mode: 'RW',
    type: 'Disk',
    unpluggable: true,
    ...over,
  });
}

/**
 * VIF.create's record for device 0 of `vm` on `network`, MAC left to xapi (''), its other constructor fields
 * neutral; `over` changes any field.
 */
export function vifArgs(
  vm: string,
  network: string,
  over: Record<string, XapiJs> = {},
): Record<string, XapiJs> {
  return constructorRecord('VIF', { device: '0', network, VM: vm, MTU: 1500, ...over });
}
