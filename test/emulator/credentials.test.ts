// The emulator's local accounts (credentials.ts): salted hashes in the database, and the last password
// that passed kept in memory so that a login storm does not hash the same password each time (issue 16).
import { describe, expect, it } from 'vitest';
import { ObjectDb } from '../../src/emulator/db/object-db.ts';
import { SqliteStore } from '../../src/emulator/db/sqlite-store.ts';
import { Credentials } from '../../src/emulator/sessions/credentials.ts';

function credentials(): Credentials {
  const db = new ObjectDb({ store: new SqliteStore(':memory:') });
  return new Credentials(db, [
    { name: 'root', password: 'secret-1', role: 'pool-admin' },
    { name: 'auditor', password: 'look', role: 'read-only' },
  ]);
}

const ROOT = { name: 'root', role: 'pool-admin' };

/** Two verifications in a row: the first hashes, the second may be answered from the remembered password. */
function verifyTwice(c: Credentials, name: string, password: string): unknown[] {
  return [c.verify(name, password), c.verify(name, password)];
}

describe('Credentials.verify', () => {
  it('after a good password, near misses still fail: same length, a prefix, longer, empty, other user', () => {
    const c = credentials();
    expect(verifyTwice(c, 'root', 'secret-1')).toEqual([ROOT, ROOT]);
    for (const wrong of ['secret-2', 'Secret-1', 'secret-', 'secret-11', '', 's']) {
      expect(c.verify('root', wrong), wrong).toBeUndefined();
    }
    expect(c.verify('auditor', 'secret-1')).toBeUndefined();
    expect(c.verify('auditor', 'look')).toEqual({ name: 'auditor', role: 'read-only' });
    expect(c.verify('nobody', 'secret-1')).toBeUndefined();
  });

  it('a changed password replaces the remembered one: the old fails, the new passes', () => {
    const c = credentials();
    expect(c.verify('root', 'secret-1')).toBeDefined();
    c.setPassword('root', 'secret-9');
    expect(c.verify('root', 'secret-1')).toBeUndefined();
    expect(verifyTwice(c, 'root', 'secret-9')).toEqual([ROOT, ROOT]);
  });

  it('a wrong password is never remembered as good', () => {
    const c = credentials();
    expect(verifyTwice(c, 'root', 'guess')).toEqual([undefined, undefined]);
    expect(c.verify('root', 'secret-1')).toBeDefined();
  });
});
