// Options of createEmulator and their defaults (documented in src/emulator/README.md).
import type { Clock } from './clock.ts';
import type { GuestDrivers } from './release/environment.ts';
import type { PresentAs } from './release/release-profile.ts';
import type { PoolLayoutChoice } from './pool/pool-layout.ts';
import type { Durability } from './db/sqlite-store.ts';
import type { Timing } from './registry/message-context.ts';
import type { InventorySpec } from './inventory/inventory-spec.ts';
import type { UserSpec } from './sessions/credentials.ts';
import type { SessionLimits, SessionPolicyName } from './sessions/session-policy.ts';

/** The documented default password of the emulator's root account. */
export const DEFAULT_PASSWORD = 'xapi-harness';
export const DEFAULT_USER = 'root';

export interface EmulatorOptions {
  /** HTTP port; 0 picks a free one (default 0). */
  readonly port?: number;
  /** false: no socket at all, in-process use through `handle` only (default true). */
  readonly listen?: boolean;
  /** Listen address (default 127.0.0.1). */
  readonly host?: string;
  /** Also serve HTTPS on this port (0 = a free one). */
  readonly httpsPort?: number;
  /** PEM certificate and key for HTTPS; a self-signed pair is generated when absent. */
  readonly cert?: string;
  readonly key?: string;
  /** SQLite file of the object database, or ':memory:' (default ':memory:'; the CLI uses out/emulator.db). */
  readonly dbPath?: string;
  /** 'process' (default): survives kill -9; 'power': also survives power loss (fsync per commit). */
  readonly durability?: Durability;
  /** 'sdk-guide' (default) or 'xapi' (ARCHITECTURE.md, "Two session policies"). */
  readonly sessionPolicy?: SessionPolicyName;
  readonly user?: string;
  readonly password?: string;
  /** Extra accounts with a static role, e.g. { name: 'auditor', password: 'x', role: 'read-only' }. */
  readonly users?: readonly UserSpec[];
  /** Delay before SESSION_AUTHENTICATION_FAILED (xapi: 5000 ms; tests pass 0). Default 5000. */
  readonly authFailureDelayMs?: number;
  /** xapi policy: period of the session GC pass (default 30,000 ms). */
  readonly gcIntervalMs?: number;
  /** xapi policy: idle sessions older than this are destroyed by the GC (default 24 h). */
  readonly idleTimeoutMs?: number;
  /** last_active is refreshed only when older than this (default 600,000 ms). */
  readonly lastActiveThresholdMs?: number;
  /** Overrides of the session limits (sdkGuideMax 200, maxSessions 400, maxPerOriginator/UserName 500). */
  readonly maxSessions?: Partial<Omit<SessionLimits, 'idleTimeoutMs'>>;
  /** Named faults (faults.ts); an unknown name makes createEmulator reject. */
  readonly faults?: readonly string[];
  /** 'instant' (default) or 'realistic' durations for lifecycle operations (issue 4). */
  readonly timing?: Timing;
  /** Host name of the emulated host (default "xenserver-emu"). */
  readonly hostName?: string;
  /** Time source (tests move a ManualClock). */
  readonly clock?: Clock;
  /**
   * Hosts in the pool (default 1; docs/SEMANTICS.md §11). Each listens on its own address: the coordinator
   * on `host`, member k on 127.0.0.k, all on `port`; or, with `poolLayout: 'ports'`, all on `host` with a
   * port each.
   */
  readonly hosts?: number;
  /** 'addresses' (one loopback address per host), 'ports' (one port per host) or 'auto' (default). */
  readonly poolLayout?: PoolLayoutChoice;
  /** Concurrent connections per listener (default 800); each waiting event.from holds one (issue 4). */
  readonly maxConnections?: number;
  /**
   * The xapi release to play (issue 11): "24.19", "25.6", "26.1", "latest" (default) or any version or
   * code name of the datamodel. Sets the API surface (a class or message the release lacks answers
   * MESSAGE_METHOD_UNKNOWN), host.software_version, and the version rules of SEMANTICS.md §10.
   */
  readonly release?: string;
  /** 'drivers' (default): guests run PV drivers; 'no-drivers': no guest agent (VM_LACKS_FEATURE on HVM guests). */
  readonly guests?: GuestDrivers;
  /** Size of the default SR ("Local storage"): bytes or text such as "20GiB" (default 500 GiB). */
  readonly srSize?: number | string;
  /** Share (0..1) of VM.start/resume calls failing with an environmental error, changing nothing (default 0). */
  readonly flakyStart?: number;
  /** Seed of the emulator's random choices (--flaky-start); default 1. */
  readonly seed?: number;
  /** 'emulator' (default: build_number "xapi-harness") or 'real-host' (no emulator marker anywhere). */
  readonly presentAs?: PresentAs;
  /**
   * A scaled inventory built at start in the database (issue 16): "hosts=64,vms=50000,seed=7" or its
   * parsed form. Built once: a restart of the same database keeps it (a different one is refused).
   */
  readonly inventory?: InventorySpec | string;
  /** MB of cached record encodings kept (least recently served dropped first); default 512. */
  readonly cacheMb?: number;
}
