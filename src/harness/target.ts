// Where the suites point: an in-process emulator (the default; started on a free port) or a real host.
import { readFileSync } from 'node:fs';
import { XapiClient, httpTransport, inProcessTransport, urlForHostAddress } from '../client/index.ts';
import type { Emulator, EmulatorOptions } from '../emulator/index.ts';
import { createEmulator } from '../emulator/index.ts';
import { SetupError } from '../results/index.ts';
import type { HarnessOptions } from './run-options.ts';

export interface ClientChoice {
  readonly protocol?: 'xmlrpc' | 'jsonrpc';
  readonly jsonrpcVersion?: '1.0' | '2.0';
  /** Over real HTTP even when the emulator is in-process. */
  readonly http?: boolean;
}

export interface Target {
  readonly kind: 'emulator' | 'remote';
  /** URL for reports (the emulator's free port, or the host's). */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** A client for one property run. */
  client(choice?: ClientChoice): XapiClient;
  /** A client to another host of the pool, by its host.address (docs/SEMANTICS.md §11). */
  clientAt?(address: string, choice?: ClientChoice): XapiClient;
  /** Emulator only: a dedicated emulator with extra options (a property that needs a known session table). */
  fresh?(extra: Partial<EmulatorOptions>): Promise<Target>;
  close(): Promise<void>;
}

/** The emulator options the harness always uses: in-memory, no login delay. */
function emulatorBase(options: HarnessOptions): EmulatorOptions {
  return {
    port: 0,
    dbPath: ':memory:',
    authFailureDelayMs: 0,
    faults: [...options.faults],
    ...(options.emulatorOptions as Partial<EmulatorOptions> | undefined),
  };
}

export async function emulatorTarget(
  options: HarnessOptions,
  extra: Partial<EmulatorOptions> = {},
): Promise<Target> {
  let emu: Emulator;
  try {
    emu = await createEmulator({ ...emulatorBase(options), ...extra });
  } catch (e) {
    throw new SetupError(`cannot start the emulator: ${e instanceof Error ? e.message : String(e)}`);
  }
  const clients: XapiClient[] = [];
  return {
    kind: 'emulator',
    url: emu.url,
    user: emu.user,
    password: emu.password,
    client(choice = {}) {
      const limit = callLimit(options);
      const transport =
        options.transport === 'http' || choice.http === true
          ? httpTransport(emu.url, limit)
          : inProcessTransport(emu.handle, { target: emu.url, ...limit });
      const c = new XapiClient({ transport, ...protocolOf(choice) });
      clients.push(c);
      return c;
    },
    clientAt(address, choice = {}) {
      // The host is found by the address it shows now (host.address), as a client would reach it.
      const host = emu.hosts.find((h) => emu.db.get('host', h.ref)?.record['address'] === address);
      const hostUrl = host?.url ?? urlForHostAddress(emu.url, address);
      const limit = callLimit(options);
      const transport =
        host === undefined || options.transport === 'http' || choice.http === true
          ? httpTransport(hostUrl, limit)
          : inProcessTransport(host.handle, { target: hostUrl, ...limit });
      const c = new XapiClient({ transport, ...protocolOf(choice) });
      clients.push(c);
      return c;
    },
    fresh: (more) => emulatorTarget(options, { ...extra, ...more }),
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await emu.close();
    },
  };
}

export function remoteTarget(options: HarnessOptions): Target {
  if (options.user === undefined || options.password === undefined) {
    throw new SetupError(
      'a remote target needs a user and a password (--user, --password-env or XAPI_USER/XAPI_PASSWORD)',
    );
  }
  const ca = process.env['XAPI_CA'];
  const clients: XapiClient[] = [];
  const user = options.user;
  const password = options.password;
  /** A client over HTTP(S) to `url` (the target, or one host of its pool), closed with the target. */
  const clientFor = (url: string, choice: ClientChoice): XapiClient => {
    const c = new XapiClient({
      transport: httpTransport(url, {
        ...callLimit(options),
        insecure: options.insecure,
        ...(ca === undefined || ca === '' ? {} : { ca: readFileSync(ca) }),
      }),
      ...protocolOf(choice),
    });
    clients.push(c);
    return c;
  };
  return {
    kind: 'remote',
    url: options.target,
    user,
    password,
    client: (choice = {}) => clientFor(options.target, choice),
    clientAt: (address, choice = {}) => clientFor(urlForHostAddress(options.target, address), choice),
    async close() {
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

/** `--call-timeout`: the transports' per-request limit, when given. */
function callLimit(options: HarnessOptions): { timeoutMs?: number } {
  return options.callTimeoutMs === undefined ? {} : { timeoutMs: options.callTimeoutMs };
}

function protocolOf(choice: ClientChoice): {
  protocol?: 'xmlrpc' | 'jsonrpc';
  jsonrpcVersion?: '1.0' | '2.0';
} {
  return {
    ...(choice.protocol === undefined ? {} : { protocol: choice.protocol }),
    ...(choice.jsonrpcVersion === undefined ? {} : { jsonrpcVersion: choice.jsonrpcVersion }),
  };
}

export async function openTarget(options: HarnessOptions): Promise<Target> {
  return options.target === 'emulator' ? emulatorTarget(options) : remoteTarget(options);
}

/** Side B of a differential run, opened as a target of its own (its own emulator, or its own host). */
export async function openMirrorTarget(options: HarnessOptions): Promise<Target | undefined> {
  const m = options.mirror;
  if (m === undefined) return undefined;
  const { emulatorOptions: _a, mirror: _m, ...rest } = options;
  return openTarget({
    ...rest,
    target: m.target,
    user: m.user,
    password: m.password,
    insecure: m.insecure,
    faults: [],
    ...(m.emulatorOptions === undefined ? {} : { emulatorOptions: m.emulatorOptions }),
  });
}
