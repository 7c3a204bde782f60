// Persistence: a restart restores everything, and a kill -9 loses no acknowledged write (issue 3 §5).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decodeResponse, encodeMethodCall, type WireValue } from '../../src/wire/index.ts';
import { startEmulatorProcess, type EmulatorProcess } from '../robustness/emulator-process.ts';
import { failureOf, rawCall, startEmulator, valueOf } from './fixture.ts';
import { scratchDir } from '../support/scratch-dir.ts';

const dir = scratchDir('emu');

/** A root session on the emulator at `url` over plain XML-RPC, and its pool. */
async function loginAndPool(url: string): Promise<{ s: string; pool: string }> {
  const s = valueOf(await xmlCall(url, 'session.login_with_password', ['root', 'xapi-harness'])) as string;
  const pool = (valueOf(await xmlCall(url, 'pool.get_all', [s])) as string[])[0]!;
  return { s, pool };
}

/** The CLI emulator as a child process on `dbPath`, so that it can be signalled for real. */
function startCliEmulator(dbPath: string): Promise<EmulatorProcess> {
  return startEmulatorProcess(['--db', dbPath, '--auth-failure-delay', '0'], 30_000);
}

describe('restart', () => {
  it('restores objects, credentials, the generation and tombstones; sessions and tasks are PersistNothing as in xapi (a restart logs everyone out)', async () => {
    const dbPath = join(dir, 'restart.db');
    const a = await startEmulator({ listen: false, dbPath });
    expect(a.restored).toBe(false);
    const s = valueOf(
      await rawCall(a, 'session.login_with_password', ['root', 'xapi-harness', '1.0', 'restart-test']),
    ) as string;
    const net = valueOf(
      await rawCall(a, 'network.create', [
        s,
        { name_label: 'persisted', name_description: '', other_config: { a: 'b' } },
      ]),
    ) as string;
    valueOf(await rawCall(a, 'network.add_to_other_config', [s, net, 'k', 'v']));
    valueOf(await rawCall(a, 'VM.set_VCPUs_max', [s, a.host.controlDomain, 3n]));
    const gone = valueOf(
      await rawCall(a, 'network.create', [s, { name_label: 'gone', name_description: '', other_config: {} }]),
    ) as string;
    valueOf(await rawCall(a, 'network.destroy', [s, gone]));
    valueOf(await rawCall(a, 'session.change_password', [s, '', 'changed']));
    const task = valueOf(await rawCall(a, 'task.create', [s, 'kept in memory only', ''])) as string;
    const generation = a.db.generation;
    const vmCount = a.db.count('VM');
    await a.close();

    const b = await startEmulator({ listen: false, dbPath });
    try {
      expect(b.restored).toBe(true);
      expect(b.host).toEqual(a.host);
      expect(b.db.generation).toBe(generation);
      expect(b.db.count('VM')).toBe(vmCount);
      expect(b.db.tombstonesSince(0).map((t) => t.ref)).toContain(gone);
      // xen-api ocaml/idl/datamodel.ml: session and task are PersistNothing, so the restart
      // invalidated the session and forgot the task (SEMANTICS.md §10 "Persistence").
      expect(failureOf(await rawCall(b, 'session.get_originator', [s, s]))).toEqual(['SESSION_INVALID', s]);
      expect(b.db.get('task', task)).toBeUndefined();
      expect(b.db.count('session')).toBe(0);
      const s2 = valueOf(await rawCall(b, 'session.login_with_password', ['root', 'changed'])) as string;
      const rec = valueOf(await rawCall(b, 'network.get_record', [s2, net])) as Record<string, WireValue>;
      expect(rec['name_label']).toBe('persisted');
      expect(rec['other_config']).toEqual({ a: 'b', k: 'v' });
      expect(valueOf(await rawCall(b, 'VM.get_VCPUs_max', [s2, b.host.controlDomain]))).toBe('3');
      // Datetimes come back as datetimes.
      expect(valueOf(await rawCall(b, 'session.get_last_active', [s2, s2]))).toBeInstanceOf(Date);
      expect(failureOf(await rawCall(b, 'network.get_record', [s2, gone]))[0]).toBe('HANDLE_INVALID');
      // change_password survives; the operator's unchanged --password does not reset it.
      expect(failureOf(await rawCall(b, 'session.login_with_password', ['root', 'xapi-harness']))[0]).toBe(
        'SESSION_AUTHENTICATION_FAILED',
      );
    } finally {
      await b.close();
    }
    // A different --password at start wins over the stored one.
    const c = await startEmulator({ listen: false, dbPath, password: 'operator-set' });
    try {
      valueOf(await rawCall(c, 'session.login_with_password', ['root', 'operator-set']));
    } finally {
      await c.close();
    }
  });
});

describe('restore of an older database', () => {
  it('completes records that lack fields of the current schema', async () => {
    const dbPath = join(dir, 'old.db');
    const a = await startEmulator({ listen: false, dbPath });
    const dom0 = a.host.controlDomain;
    await a.close();
    // Simulate a database written before VM.groups and VM.reference_label existed.
    const raw = new Database(dbPath);
    const row = raw.prepare('SELECT record FROM objects WHERE ref = ?').get(dom0) as { record: string };
    const rec = JSON.parse(row.record) as Record<string, unknown>;
    delete rec['groups'];
    delete rec['reference_label'];
    raw.prepare('UPDATE objects SET record = ? WHERE ref = ?').run(JSON.stringify(rec), dom0);
    raw.close();
    const b = await startEmulator({ listen: false, dbPath });
    try {
      const r = b.db.get('VM', dom0)!.record;
      expect(r['groups']).toEqual([]);
      expect(r['reference_label']).toBe('');
    } finally {
      await b.close();
    }
  });
});

async function xmlCall(
  url: string,
  method: string,
  params: readonly WireValue[],
): Promise<ReturnType<typeof decodeResponse>> {
  const res = await fetch(url + '/', {
    method: 'POST',
    body: encodeMethodCall(method, params),
    headers: { 'content-type': 'text/xml' },
  });
  return decodeResponse(new Uint8Array(await res.arrayBuffer()));
}

describe('graceful shutdown', () => {
  it(
    'SIGTERM closes the CLI emulator with exit code 0 and keeps its writes',
    { timeout: 60_000 },
    async () => {
      const dbPath = join(dir, 'term.db');
      const emu = await startCliEmulator(dbPath);
      const url = emu.url;
      try {
        const { s, pool } = await loginAndPool(url);
        valueOf(await xmlCall(url, 'pool.set_name_label', [s, pool, 'before-sigterm']));
        emu.child.kill('SIGTERM');
        expect(await emu.exited).toBe('0');
        expect(emu.output()).toContain('shutting down');
        const b = await startEmulator({ listen: false, dbPath });
        try {
          expect(b.db.get('pool', pool)?.record['name_label']).toBe('before-sigterm');
        } finally {
          await b.close();
        }
      } finally {
        await emu.kill();
      }
    },
  );
});

describe('kill -9', () => {
  it('loses no acknowledged write', { timeout: 60_000 }, async () => {
    const dbPath = join(dir, 'kill.db');
    const emu = await startCliEmulator(dbPath);
    const url = emu.url;
    try {
      const { s, pool } = await loginAndPool(url);
      const acked: string[] = [];
      const createdNets: string[] = [];
      let stop = false;
      let n = 0;
      // 8 writers; the kill lands while writes are in flight.
      const writer = async (w: number): Promise<void> => {
        for (let i = 0; i < 5_000 && !stop; i++) {
          const key = `w${w}-${n++}`;
          try {
            const r = await xmlCall(url, 'pool.add_to_other_config', [s, pool, key, 'v']);
            if (r.ok) acked.push(key);
            if (i % 10 === 0) {
              const c = await xmlCall(url, 'network.create', [
                s,
                { name_label: key, name_description: '', other_config: {} },
              ]);
              if (c.ok) createdNets.push(c.value as string);
            }
          } catch {
            return; // connection refused/reset: the process is gone
          }
        }
      };
      const writers = Array.from({ length: 8 }, (_, w) => writer(w));
      // Kill once enough writes were acknowledged (bounded: the machine may be slow), mid-stream.
      const deadline = Date.now() + 20_000;
      while (acked.length < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      emu.child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      await emu.exited;
      expect(acked.length).toBeGreaterThanOrEqual(100);

      const b = await startEmulator({ listen: false, dbPath });
      try {
        const oc = b.db.get('pool', pool)?.record['other_config'] as Record<string, string>;
        const missing = acked.filter((k) => oc[k] !== 'v');
        expect(missing).toEqual([]);
        for (const net of createdNets) expect(b.db.get('network', net)).toBeDefined();
        // Sessions are PersistNothing (SEMANTICS.md §10): the restart logged the writer out.
        expect(b.db.get('session', s)).toBeUndefined();
      } finally {
        await b.close();
      }
    } finally {
      await emu.kill();
    }
  });
});
