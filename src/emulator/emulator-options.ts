// Options of createEmulator and their defaults (documented in src/emulator/README.md).
import type { Clock } from './clock.ts';
import type { Durability } from './db/sqlite-store.ts';
import type { Timing } from './registry/message-context.ts';
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
  /** Concurrent connections per listener (default 800); each waiting event.from holds one (issue 4). */
  readonly maxConnections?: number;
}
