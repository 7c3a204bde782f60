// Sessions and both eviction policies (SEMANTICS.md §3; ARCHITECTURE.md "Two session policies").
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Emulator, type EmulatorOptions } from '../../src/emulator/index.ts';
import { SCHEMA } from '../../src/xapi/schema.ts';
import { failureOf, rawCall, startEmulator, valueOf } from './fixture.ts';

const open: Emulator[] = [];

async function emulator(o: EmulatorOptions = {}): Promise<Emulator> {
  const e = await startEmulator({ listen: false, ...o });
  open.push(e);
  return e;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

async function login(emu: Emulator, ...extra: string[]): Promise<string> {
  return valueOf(
    await rawCall(emu, 'session.login_with_password', [emu.user, emu.password, ...extra]),
  ) as string;
}

async function alive(emu: Emulator, s: string): Promise<boolean> {
  const r = await rawCall(emu, 'pool.get_all', [s]);
  if (r.ok) return true;
  expect(failureOf(r)).toEqual(['SESSION_INVALID', s]);
  return false;
}

describe('login and the session record', () => {
  it('records originator, user, host, last_active; this_user is the null ref as in xapi', async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 0, 0));
    const emu = await emulator({ clock });
    const s = await login(emu, '2.21', 'my-tool');
    const rec = valueOf(await rawCall(emu, 'session.get_record', [s, s])) as Record<string, unknown>;
    expect(rec['originator']).toBe('my-tool');
    expect(rec['auth_user_name']).toBe('root');
    expect(rec['is_local_superuser']).toBe(true);
    expect(rec['this_user']).toBe('OpaqueRef:NULL');
    expect(rec['this_host']).toBe(emu.host.host);
    expect(rec['pool']).toBe(false);
    expect((rec['last_active'] as Date).getTime()).toBe(clock.now().getTime());
    expect(valueOf(await rawCall(emu, 'session.get_this_host', [s, s]))).toBe(emu.host.host);
    expect(valueOf(await rawCall(emu, 'session.get_this_user', [s, s]))).toBe('OpaqueRef:NULL');
  });

  it("a login's record has every field of the datamodel's session class, in its order, in each release", async () => {
    const fields = SCHEMA.classes.get('session')?.fields.map((f) => f.name);
    for (const release of ['24.19', 'latest']) {
      const emu = await emulator({ release });
      const s = await login(emu);
      const rec = valueOf(await rawCall(emu, 'session.get_record', [s, s])) as Record<string, unknown>;
      expect(Object.keys(rec)).toEqual(fields);
      expect(rec['uuid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(s).toMatch(/^OpaqueRef:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(rec).toMatchObject({
        other_config: {},
        rbac_permissions: [],
        tasks: [],
        parent: 'OpaqueRef:NULL',
      });
      expect(rec).toMatchObject({ subject: 'OpaqueRef:NULL', client_certificate: false, auth_user_sid: '' });
    }
  });

  it(
    'xapi do_local_auth: a wrong root password, or any name without external auth, fails at once',
    { timeout: 10_000 },
    async () => {
      // A delay far beyond the test's timeout: had the emulator waited, the test would time out.
      const emu = await emulator({ authFailureDelayMs: 60_000 });
      const f = failureOf(await rawCall(emu, 'session.login_with_password', ['root', 'wrong']));
      expect(f[0]).toBe('SESSION_AUTHENTICATION_FAILED');
      expect(f[1]).toBe('root');
      expect(f).toHaveLength(3);
      // No external auth: PAM itself rejects an unknown name (xapi_session.ml login_as_local_superuser).
      expect(failureOf(await rawCall(emu, 'session.login_with_password', ['nobody', 'x']))).toEqual([
        'SESSION_AUTHENTICATION_FAILED',
        'nobody',
        'Authentication failure',
      ]);
    },
  );

  it('xapi thread_delay_and_raise_error: with external auth, a failed non-root name waits the delay', async () => {
    const emu = await emulator({
      authFailureDelayMs: 150,
      users: [{ name: 'auditor', password: 'a', role: 'read-only' }],
    });
    const t0 = performance.now();
    const f = failureOf(await rawCall(emu, 'session.login_with_password', ['auditor', 'wrong']));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(f.slice(0, 2)).toEqual(['SESSION_AUTHENTICATION_FAILED', 'auditor']);
  });

  it('logout and local_logout end the session', async () => {
    const emu = await emulator();
    const a = await login(emu);
    const b = await login(emu);
    valueOf(await rawCall(emu, 'session.logout', [a]));
    valueOf(await rawCall(emu, 'session.local_logout', [b]));
    expect(await alive(emu, a)).toBe(false);
    expect(await alive(emu, b)).toBe(false);
  });

  it('logout-noop fault: logout answers Success and the session stays valid', async () => {
    const emu = await emulator({ faults: ['logout-noop'] });
    const a = await login(emu);
    valueOf(await rawCall(emu, 'session.logout', [a]));
    expect(await alive(emu, a)).toBe(true);
  });

  it('change_password: the new password works, the old one does not; only for the local superuser', async () => {
    const emu = await emulator({ users: [{ name: 'ro', password: 'ro', role: 'read-only' }] });
    const s = await login(emu);
    valueOf(await rawCall(emu, 'session.change_password', [s, 'ignored-old', 'n3w']));
    expect(failureOf(await rawCall(emu, 'session.login_with_password', ['root', emu.password]))[0]).toBe(
      'SESSION_AUTHENTICATION_FAILED',
    );
    valueOf(await rawCall(emu, 'session.login_with_password', ['root', 'n3w']));
    const ro = valueOf(await rawCall(emu, 'session.login_with_password', ['ro', 'ro'])) as string;
    const f = failureOf(await rawCall(emu, 'session.change_password', [ro, 'ro', 'x']));
    expect(f[0]).toMatch(/^(USER_IS_NOT_LOCAL_SUPERUSER|RBAC_PERMISSION_DENIED)$/);
  });
});

describe('sdk-guide policy (default)', () => {
  it('the 201st login evicts the first session at once', async () => {
    const emu = await emulator();
    const sessions: string[] = [];
    for (let i = 0; i < 200; i++) sessions.push(await login(emu));
    expect(emu.db.count('session')).toBe(200);
    const extra = await login(emu);
    expect(emu.db.count('session')).toBe(200);
    expect(await alive(emu, sessions[0]!)).toBe(false);
    expect(await alive(emu, sessions[1]!)).toBe(true);
    expect(await alive(emu, extra)).toBe(true);
  });

  it('at the limit, each login evicts the oldest session still alive, logouts in between or not', async () => {
    // The manager reads the session table from its oldest end instead of sorting it per login.
    const emu = await emulator({ maxSessions: { sdkGuideMax: 5 } });
    const sessions: string[] = [];
    for (let i = 0; i < 5; i++) sessions.push(await login(emu));
    valueOf(await rawCall(emu, 'session.logout', [sessions[0]!]));
    valueOf(await rawCall(emu, 'session.logout', [sessions[2]!]));
    const later = [await login(emu), await login(emu)];
    expect(emu.db.count('session')).toBe(5);
    await login(emu);
    expect(await alive(emu, sessions[1]!)).toBe(false);
    expect(await alive(emu, sessions[3]!)).toBe(true);
    await login(emu);
    expect(await alive(emu, sessions[3]!)).toBe(false);
    expect(await alive(emu, sessions[4]!)).toBe(true);
    for (const s of later) expect(await alive(emu, s)).toBe(true);
    expect(emu.db.count('session')).toBe(5);
  });

  it('eviction-order fault evicts the newest instead', async () => {
    const emu = await emulator({ faults: ['eviction-order'], maxSessions: { sdkGuideMax: 5 } });
    const sessions: string[] = [];
    for (let i = 0; i < 5; i++) sessions.push(await login(emu));
    await login(emu);
    expect(await alive(emu, sessions[0]!)).toBe(true);
    expect(await alive(emu, sessions[4]!)).toBe(false);
  });

  it('eviction-off fault never evicts', async () => {
    const emu = await emulator({ faults: ['eviction-off'], maxSessions: { sdkGuideMax: 3 } });
    for (let i = 0; i < 6; i++) await login(emu);
    expect(emu.db.count('session')).toBe(6);
  });
});

async function until(cond: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * An emulator under the xapi policy on a manual clock, GC every 30 ms unless `o` says otherwise. The GC runs
 * on the real timer: it is stopped until `gcPass`, so that it cannot run while a test sets its sessions up.
 */
async function xapiPolicy(o: EmulatorOptions = {}): Promise<{ emu: Emulator; clock: ManualClock }> {
  const clock = new ManualClock();
  const emu = await emulator({ sessionPolicy: 'xapi', clock, gcIntervalMs: 30, ...o });
  emu.sessions.stop();
  return { emu, clock };
}

/** Starts the GC and waits (bounded) until its passes leave `count` sessions. */
async function gcPass(emu: Emulator, count: number): Promise<void> {
  emu.sessions.start();
  await until(() => emu.db.count('session') === count);
}

/** The sessions the GC kept and those it destroyed (read in the database: a call would touch them). */
function expectKept(emu: Emulator, kept: readonly string[], destroyed: readonly string[]): void {
  for (const s of kept) expect(emu.db.get('session', s), `${s} kept`).toBeDefined();
  for (const s of destroyed) expect(emu.db.get('session', s), `${s} destroyed`).toBeUndefined();
}

describe('xapi policy', () => {
  it('no eviction at login; the GC pass keeps the most recently active per group', async () => {
    const { emu, clock } = await xapiPolicy({
      gcIntervalMs: 40,
      lastActiveThresholdMs: 0,
      maxSessions: { maxSessions: 3, maxPerOriginator: 2 },
    });
    const external: string[] = [];
    for (let i = 0; i < 5; i++) {
      external.push(await login(emu));
      clock.advance(1_000);
    }
    const tool: string[] = [];
    for (let i = 0; i < 3; i++) {
      tool.push(await login(emu, '1.0', 'tool'));
      clock.advance(1_000);
    }
    expect(emu.db.count('session')).toBe(8);
    // Touch the two oldest external sessions: they become the most recently active.
    for (const s of [external[0]!, external[1]!]) {
      await alive(emu, s);
      clock.advance(1_000);
    }
    await gcPass(emu, 5);
    // external group (limit 3): survivors are 0 and 1 (just touched) and 4 (newest of the rest).
    expect(await alive(emu, external[0]!)).toBe(true);
    expect(await alive(emu, external[1]!)).toBe(true);
    expect(await alive(emu, external[4]!)).toBe(true);
    expect(await alive(emu, external[2]!)).toBe(false);
    expect(await alive(emu, external[3]!)).toBe(false);
    // originator "tool" group (limit 2): the least recently active one goes.
    expect(await alive(emu, tool[0]!)).toBe(false);
    expect(await alive(emu, tool[2]!)).toBe(true);
  });

  // A caller's own Clock may have now() alone (nowMs is optional): both read the same time.
  it.each(['ManualClock', 'a clock with now() only'])(
    'last_active is refreshed only when older than the threshold (%s)',
    async (kind) => {
      const clock = new ManualClock();
      const given = kind === 'ManualClock' ? clock : { now: () => clock.now() };
      const emu = await emulator({ sessionPolicy: 'xapi', clock: given, lastActiveThresholdMs: 600_000 });
      const s = await login(emu);
      const first = (valueOf(await rawCall(emu, 'session.get_last_active', [s, s])) as Date).getTime();
      clock.advance(599_000);
      await alive(emu, s);
      expect((valueOf(await rawCall(emu, 'session.get_last_active', [s, s])) as Date).getTime()).toBe(first);
      clock.advance(2_000);
      await alive(emu, s);
      expect((valueOf(await rawCall(emu, 'session.get_last_active', [s, s])) as Date).getTime()).toBe(
        first + 601_000,
      );
    },
  );

  it('idle sessions are destroyed after the idle timeout', async () => {
    const { emu, clock } = await xapiPolicy({ idleTimeoutMs: 60_000 });
    const idle = await login(emu);
    clock.advance(30_000);
    const busy = await login(emu);
    clock.advance(40_000);
    await gcPass(emu, 1);
    expectKept(emu, [busy], [idle]);
  });

  it('a session with a pending task is not considered by the GC (timeout_sessions_common)', async () => {
    const { emu, clock } = await xapiPolicy({ maxSessions: { maxSessions: 1 } });
    const busy = await login(emu);
    const task = valueOf(await rawCall(emu, 'task.create', [busy, 'long job', ''])) as string;
    expect(valueOf(await rawCall(emu, 'task.get_status', [busy, task]))).toBe('pending');
    clock.advance(1_000);
    const b = await login(emu);
    clock.advance(1_000);
    const c = await login(emu);
    await gcPass(emu, 2);
    expectKept(emu, [busy, c], [b]);
  });

  it('eviction-order fault evicts the most recently active instead', async () => {
    const { emu, clock } = await xapiPolicy({ faults: ['eviction-order'], maxSessions: { maxSessions: 2 } });
    const s: string[] = [];
    for (let i = 0; i < 3; i++) {
      s.push(await login(emu));
      clock.advance(1_000);
    }
    await gcPass(emu, 2);
    expectKept(emu, [s[0]!], [s[2]!]);
  });
});
