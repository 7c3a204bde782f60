// Assembles the emulator: object database (restored from SQLite when it exists, else a fresh host),
// sessions, the dispatch table, the request handler, and the optional HTTP/HTTPS listeners.
import { SCHEMA } from '../xapi/schema.ts';
import { systemClock } from './clock.ts';
import { ObjectDb } from './db/object-db.ts';
import { SqliteStore } from './db/sqlite-store.ts';
import { buildDispatchTable } from './dispatch/dispatch-entry.ts';
import { Dispatcher } from './dispatch/dispatcher.ts';
import { DEFAULT_CACHE_MB, EncodingCache } from './dispatch/encoding-cache.ts';
import { DEFAULT_PASSWORD, DEFAULT_USER, type EmulatorOptions } from './emulator-options.ts';
import { parseFaults } from './faults.ts';
import { startBehaviour, type Behaviour } from './lifecycle/behaviour.ts';
import { rrdUpdatesHandler } from './metrics/rrd-updates.ts';
import { applyEnvironment } from './fresh-host/apply-environment.ts';
import { applyStartFaults } from './fresh-host/apply-start-faults.ts';
import { restoredHostRefs, seedFreshHost } from './fresh-host/seed-fresh-host.ts';
import { createEnvironment, parseSize } from './release/environment.ts';
import { str } from './lifecycle/record-values.ts';
import { updateHostAllowedOperations } from './pool/host-operations.ts';
import { listenPool } from './pool/listen-pool.ts';
import { chooseLayout, describeLayout, memberAddress, type PoolLayout } from './pool/pool-layout.ts';
import { PoolRuntime } from './pool/pool-runtime.ts';
import { restoredPoolHosts, seedPoolMembers } from './pool/seed-pool-members.ts';
import { parseInventory, type InventorySpec } from './inventory/inventory-spec.ts';
import { seededInventory, seedInventory, type InventorySummary } from './inventory/seed-inventory.ts';
import type { HostRefs } from './registry/message-context.ts';
import { recordCompleter } from './schema/record-defaults.ts';
import { schemaFromXapi } from './schema/schema-from-xapi.ts';
import { upgradeRecords } from './schema/upgrade-records.ts';
import type { EmuHandler } from './server/http-types.ts';
import { listen, type ConnectionCounts, type RunningServer } from './server/http-server.ts';
import { asyncHandler, createRequestHandler } from './server/request-handler.ts';
import { selfSignedCert } from './server/self-signed-cert.ts';
import { Credentials } from './sessions/credentials.ts';
import { SessionManager } from './sessions/session-manager.ts';
import { DEFAULT_SESSION_LIMITS } from './sessions/session-policy.ts';

export interface Emulator {
  /** http://host:port, or "in-process" when created with listen: false. */
  readonly url: string;
  readonly httpsUrl?: string;
  /** The self-signed (or given) certificate served on httpsUrl, for clients that pin it. */
  readonly cert?: string;
  readonly user: string;
  readonly password: string;
  /** The request handler (in-process transport). */
  readonly handle: EmuHandler;
  /** For tests and benches: the live object database. */
  readonly db: ObjectDb;
  /** For tests and benches: this emulator's task manager and event hub (their counters). */
  readonly behaviour: Behaviour;
  readonly sessions: SessionManager;
  readonly host: HostRefs;
  /** Every host of the pool, coordinator (as seeded) first: its ref, address, URL and request handler. */
  readonly hosts: readonly EmulatorHost[];
  /** How the hosts listen (docs/SEMANTICS.md §11), and the lines the CLI prints at start. */
  readonly layout: PoolLayout;
  readonly layoutText: string;
  /** True when the database held a previous state (a restart); false for a fresh host. */
  readonly restored: boolean;
  /** The bound on cached record encodings (options.cacheMb) and its hit/miss counters. */
  readonly encodingCache: EncodingCache;
  /** The scaled inventory built at this start (options.inventory), if any. */
  readonly inventory?: InventorySummary;
  /** Connections accepted by all its servers, and how many the HTTP fast path handed to node:http. */
  connections(): ConnectionCounts;
  /** Stops listening, lets in-flight requests finish, commits and closes the database. */
  close(): Promise<void>;
}

export interface EmulatorHost {
  readonly ref: string;
  readonly name: string;
  /** host.address as stored (with ":port" in the port-per-host layout). */
  readonly address: string;
  /** http://address:port, or "in-process". */
  readonly url: string;
  readonly handle: EmuHandler;
}

/** The pool's hosts: restored, grown to `wanted` (pool.join-like), never shrunk. */
function poolHostsOf(
  db: ObjectDb,
  first: HostRefs,
  wanted: number | undefined,
  seed: (existing: readonly HostRefs[], count: number) => HostRefs[],
): HostRefs[] {
  const have = restoredPoolHosts(db) ?? [first];
  if (wanted === undefined || wanted === have.length) return have;
  if (!Number.isInteger(wanted) || wanted < 1 || wanted > 250)
    throw new RangeError(`hosts must be an integer from 1 to 250, not ${wanted}`);
  if (wanted < have.length)
    throw new RangeError(
      `the database holds a pool of ${have.length} hosts; it cannot shrink to ${wanted} (no pool.eject)`,
    );
  return seed(have, wanted);
}

/** The inventory option, parsed; its hosts must agree with the hosts option when both are given. */
function inventorySpec(
  given: InventorySpec | string | undefined,
  hosts: number | undefined,
): InventorySpec | undefined {
  if (given === undefined) return undefined;
  const spec = typeof given === 'string' ? parseInventory(given) : given;
  if (hosts !== undefined && spec.hosts !== undefined && hosts !== spec.hosts)
    throw new RangeError(`inventory hosts=${spec.hosts} disagrees with hosts ${hosts}`);
  return spec;
}

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const faults = parseFaults(options.faults ?? []);
  const presentAs = options.presentAs ?? 'emulator';
  // A real host's name says nothing about an emulator (--present-as real-host).
  const hostName = options.hostName ?? (presentAs === 'real-host' ? 'xcp-ng-01' : 'xenserver-emu');
  const env = createEnvironment({
    ...(options.release === undefined ? {} : { release: options.release }),
    ...(options.guests === undefined ? {} : { guests: options.guests }),
    ...(options.srSize === undefined
      ? {}
      : { srSizeBytes: typeof options.srSize === 'string' ? parseSize(options.srSize) : options.srSize }),
    ...(options.flakyStart === undefined ? {} : { flakyStart: options.flakyStart }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    presentAs,
    hostName,
  });
  // Built per emulator (about 1.5 ms): nothing of one emulator is shared with another. Records carry
  // the fields of the release played (a field its release lacks is in no record, as on that host).
  const encodingCache = new EncodingCache(options.cacheMb ?? DEFAULT_CACHE_MB);
  const schema = {
    ...schemaFromXapi(SCHEMA, (cls, field) => env.release.serves('field', `${cls}.${field}`)),
    encodingCache,
  };
  const clock = options.clock ?? systemClock;
  const complete = recordCompleter(schema);

  const db = new ObjectDb({
    store: new SqliteStore(options.dbPath ?? ':memory:', {
      durability: options.durability ?? 'process',
      // Rows hold what differs from the datamodel defaults (issue 16: the 50,000-VM inventory's write).
      defaults: (cls) => (schema.classes.has(cls) ? complete(cls, {}) : undefined),
    }),
  });
  const address = options.host ?? '127.0.0.1';
  const restored = db.restored;
  if (restored) upgradeRecords(db, schema);
  let host = restored ? restoredHostRefs(db) : undefined;
  host ??= seedFreshHost(db, { hostName, address, now: clock.now(), completeRecord: complete });
  applyEnvironment(db, host, env);
  applyStartFaults(db, faults);
  const firstHost = host;
  let layout: PoolLayout;
  let poolHosts: HostRefs[];
  let inventory: InventorySummary | undefined;
  try {
    const spec = inventorySpec(options.inventory, options.hosts);
    const hostsOption = options.hosts ?? spec?.hosts;
    const wanted = hostsOption ?? restoredPoolHosts(db)?.length ?? 1;
    // A refused pool (a bad --hosts, a --pool-layout the machine cannot bind) releases the database.
    const chosen = await chooseLayout(options.poolLayout ?? 'auto', address, wanted);
    const addressOf = (k: number): string =>
      chosen === 'addresses' ? (memberAddress(address, k) ?? address) : address;
    poolHosts = poolHostsOf(db, firstHost, hostsOption, (existing, count) =>
      seedPoolMembers(db, existing, count, {
        nameOf: (k) => `${hostName}-${k}`,
        addressOf,
        completeRecord: complete,
      }),
    );
    layout = chosen;
    if (spec !== undefined) {
      const had = seededInventory(db);
      if (had === undefined) {
        inventory = seedInventory(db, poolHosts, spec, { completeRecord: complete, now: clock.now() });
      } else if (had.vms !== spec.vms || had.seed !== spec.seed) {
        throw new RangeError(
          `the database holds the inventory vms=${had.vms},seed=${had.seed}; start with an empty database for another`,
        );
      }
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  const addressOf = (k: number): string =>
    layout === 'addresses' ? (memberAddress(address, k) ?? address) : address;
  const pool = new PoolRuntime(db, poolHosts);

  const user = options.user ?? DEFAULT_USER;
  const password = options.password ?? DEFAULT_PASSWORD;
  const credentials = new Credentials(db, [
    { name: user, password, role: 'pool-admin' },
    ...(options.users ?? []),
  ]);

  const table = buildDispatchTable(schema, undefined, (kind, name) => env.release.serves(kind, name));
  const permissions = new Map<string, string[]>();
  const permissionsOf = (role: string): readonly string[] => {
    let list = permissions.get(role);
    if (list === undefined) {
      list = [];
      for (const e of new Set(table.byName.values()))
        if (e.roles.has(role)) list.push(e.msg.wireName.toLowerCase());
      permissions.set(role, list);
    }
    return list;
  };
  const hostRefs = host;
  const sessions = new SessionManager({
    db,
    clock,
    credentials,
    // A real host follows xapi's policy: presented as one, the emulator does too unless told otherwise
    // (the harness reads the SDK guide's policy only from the emulator's own build_number).
    policy: options.sessionPolicy ?? (presentAs === 'real-host' ? 'xapi' : 'sdk-guide'),
    limits: {
      ...DEFAULT_SESSION_LIMITS,
      ...options.maxSessions,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_SESSION_LIMITS.idleTimeoutMs,
    },
    // session_check.ml: before xapi 24.29.0 every check refreshes last_active (SEMANTICS.md §10).
    lastActiveThresholdMs:
      options.lastActiveThresholdMs ?? (env.release.refreshLastActiveOnEveryCheck ? 0 : 600_000),
    gcIntervalMs: options.gcIntervalMs ?? 30_000,
    authFailureDelayMs: options.authFailureDelayMs ?? 5_000,
    faults: {
      reverseOrder: faults.has('eviction-order'),
      noEviction: faults.has('eviction-off'),
      logoutNoop: faults.has('logout-noop'),
    },
    // Logins happen on the coordinator: the session's this_host.
    hostRef: () => pool.master(),
    completeRecord: complete,
    permissionsOf,
  });

  // Issue 4: tasks, events, allowed_operations of the seeded/restored VMs (lifecycle/behaviour.ts).
  const timing = options.timing ?? 'instant';
  const behaviour = startBehaviour({ db, schema, faults, timing, env });
  // One dispatcher and request handler per host: the same database, sessions, tasks and events (so
  // event.from on the coordinator sees every host's changes), each answering as its own host.
  const serverHandles = poolHosts.map((h) =>
    createRequestHandler(
      new Dispatcher({
        schema,
        table,
        db,
        sessions,
        clock,
        faults,
        timing,
        host: h,
        behaviour,
        completeRecord: complete,
        pool,
      }),
      schema,
      rrdUpdatesHandler({ db, sessions, host: h, clock }),
    ),
  );
  const handles = serverHandles.map(asyncHandler);
  const handle = handles[0]!;
  for (const h of poolHosts) updateHostAllowedOperations(db, schema, h.host);
  await db.commit();
  sessions.start();

  const servers: RunningServer[] = [];
  let url = 'in-process';
  let httpsUrl: string | undefined;
  let cert: string | undefined;
  let hostUrls: readonly string[] = poolHosts.map(() => 'in-process');
  try {
    if (options.listen !== false) {
      const limit = options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections };
      const listened = await listenPool(serverHandles, layout, address, options.port ?? 0, limit);
      servers.push(...listened);
      hostUrls = listened.map((l) => l.url);
      url = listened[0]!.url;
      // host.address is where each host is reached; the port-per-host layout adds the port (DEVIATION).
      listened.forEach((l, i) => {
        const where = new URL(l.url);
        const addr = layout === 'ports' ? where.host : where.hostname;
        db.update('host', poolHosts[i]!.host, { address: addr });
      });
      if (options.httpsPort !== undefined) {
        const tls =
          options.cert !== undefined && options.key !== undefined
            ? { cert: options.cert, key: options.key }
            : await selfSignedCert(hostName);
        // DEVIATION: only the first host serves HTTPS.
        const https = await listen(serverHandles[0]!, {
          host: address,
          port: options.httpsPort,
          tls,
          ...limit,
        });
        servers.push(https);
        httpsUrl = https.url;
        cert = tls.cert;
      }
    } else if (poolHosts.length > 1) {
      poolHosts.forEach((h, i) =>
        db.update('host', h.host, { address: i === 0 ? address : addressOf(i + 1) }),
      );
    }
  } catch (err) {
    behaviour.close();
    await Promise.all(servers.map((s) => s.close()));
    sessions.stop();
    await db.close();
    throw err;
  }
  await db.commit();
  const hosts: EmulatorHost[] = poolHosts.map((h, i) => ({
    ref: h.host,
    name: str(db.get('host', h.host)?.record['name_label']),
    address: str(db.get('host', h.host)?.record['address']),
    url: hostUrls[i] ?? 'in-process',
    handle: handles[i]!,
  }));
  const layoutText = describeLayout(
    layout,
    hosts.map((h) => ({ name: h.name, url: h.url, coordinator: pool.isMaster(h.ref) })),
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      // Parked event.from calls and sleeping operations end first, so the servers drain at once.
      behaviour.close();
      await Promise.all(servers.map((s) => s.close()));
      sessions.stop();
      await db.close();
    })();
    return closing;
  };

  return {
    url,
    ...(httpsUrl === undefined ? {} : { httpsUrl }),
    ...(cert === undefined ? {} : { cert }),
    user,
    password,
    handle,
    db,
    behaviour,
    sessions,
    host: hostRefs,
    hosts,
    layout,
    layoutText,
    restored,
    ...(inventory === undefined ? {} : { inventory }),
    encodingCache,
    connections: () => ({
      accepted: servers.reduce((n, s) => n + s.connections().accepted, 0),
      handedOff: servers.reduce((n, s) => n + s.connections().handedOff, 0),
    }),
    close,
  };
}
