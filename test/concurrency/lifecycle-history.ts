// Runs N clients issuing random lifecycle calls on shared VMs against an emulator, and records the
// history (invoke and return time of every call, on one clock) for the linearizability check
// (issue 8 §3). Each client has its own session; the sessions and the VMs are created before the
// concurrent phase and handed to the reference model as its initial state.
import { httpTransport, XapiClient, type Session } from '../../src/client/index.ts';
import type { Random } from '../../src/faultproxy/index.ts';
import type { HistoryEntry, ModelCall, ModelState, Observed } from '../../src/model/index.ts';
import { initialState, modelConfig, sdkGuidePolicy, step, vmFromRecord } from '../../src/model/index.ts';
import { constructorRecord, RUN_TAG } from '../robustness/constructor-record.ts';

export const LIFECYCLE_METHODS = [
  'VM.start',
  'VM.clean_shutdown',
  'VM.hard_shutdown',
  'VM.pause',
  'VM.unpause',
  'VM.suspend',
  'VM.resume',
  'VM.clean_reboot',
  'VM.hard_reboot',
  'VM.get_power_state',
] as const;

export type Entry = HistoryEntry<ModelCall, Observed>;

export interface Setup {
  readonly init: ModelState;
  readonly sessions: readonly Session[];
  readonly vms: readonly string[];
  readonly clients: readonly XapiClient[];
  /** The clock of the history: ms since setup. */
  readonly t0: number;
}

function argsFor(method: string, session: string, vm: string): unknown[] {
  return method === 'VM.start' || method === 'VM.resume' ? [session, vm, false, false] : [session, vm];
}

/** Logs N clients in and creates `vmCount` halted VMs; the model learns all of it in order. */
async function setUp(
  url: string,
  user: string,
  password: string,
  clientCount: number,
  vmCount: number,
  runId: string,
): Promise<Setup> {
  const t0 = performance.now();
  let state = initialState(modelConfig({ users: { [user]: password }, policy: sdkGuidePolicy() }));
  const clients: XapiClient[] = [];
  const sessions: Session[] = [];
  for (let i = 0; i < clientCount; i += 1) {
    const client = new XapiClient({ transport: httpTransport(url, { timeoutMs: 10_000, connections: 4 }) });
    const s = await client.login(user, password);
    const r = step(
      state,
      {
        method: 'session.login_with_password',
        args: [user, password],
        at: Math.round(performance.now() - t0),
      },
      { ok: true, value: s.ref },
    );
    if (!r.ok) throw new Error(`the model rejects login ${i}: ${r.reason}`);
    state = r.next;
    clients.push(client);
    sessions.push(s);
  }
  const admin = sessions[0];
  if (admin === undefined) throw new Error('no clients');
  const vms: string[] = [];
  const known = new Map(state.vms);
  for (let i = 0; i < vmCount; i += 1) {
    const ref = await admin.call('VM.create', [
      constructorRecord('VM', { name_label: `conc-${runId}-${i}`, other_config: { [RUN_TAG]: runId } }),
    ]);
    if (typeof ref !== 'string') throw new Error('VM.create did not return a ref');
    // The harness created these VMs: the model owns them (checks every read), it did not adopt them.
    known.set(ref, {
      ...vmFromRecord(ref, await admin.call('VM.get_record', [ref])),
      owned: true,
      adopted: false,
    });
    vms.push(ref);
  }
  return { init: { ...state, vms: known }, sessions, vms, clients, t0 };
}

/** One call by `client` on `vm`, recorded as a history entry (invoke and return on the history's clock). */
export async function recordCall(setup: Setup, client: number, method: string, vm: string): Promise<Entry> {
  const s = setup.sessions[client];
  if (s === undefined) throw new Error(`no client ${client}`);
  const args = argsFor(method, s.ref, vm);
  const invokeAt = performance.now() - setup.t0;
  const o = await s.client.attempt(method, args);
  const returnAt = performance.now() - setup.t0;
  const observed: Observed = o.ok
    ? { ok: true, value: o.value }
    : { ok: false, code: o.code, params: o.params };
  return { client, call: { method, args, at: Math.round(invokeAt) }, invokeAt, returnAt, observed };
}

/** Each client runs `perClient` random calls back to back; returns the history. */
export async function runClients(setup: Setup, perClient: number, rng: Random): Promise<Entry[]> {
  const history: Entry[] = [];
  await Promise.all(
    setup.sessions.map(async (_s, client) => {
      for (let i = 0; i < perClient; i += 1) {
        const method = rng.pick(LIFECYCLE_METHODS);
        const vm = rng.pick(setup.vms);
        history.push(await recordCall(setup, client, method, vm));
      }
    }),
  );
  return history;
}

/** Where the clients connect: an emulator, in this suite. */
export interface HistoryTarget {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

/**
 * One run: logs `clientCount` clients in and creates `vmCount` VMs (tagged `runId`), lets `calls` record the
 * history, and closes the clients whatever happens.
 */
export async function recordHistory(
  target: HistoryTarget,
  clientCount: number,
  vmCount: number,
  runId: string,
  calls: (setup: Setup) => Promise<Entry[]>,
): Promise<{ setup: Setup; history: Entry[] }> {
  const setup = await setUp(target.url, target.user, target.password, clientCount, vmCount, runId);
  try {
    return { setup, history: await calls(setup) };
  } finally {
    await Promise.all(setup.clients.map((c) => c.close()));
  }
}
