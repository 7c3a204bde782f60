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

describe('Credentials.verify', () => {
  it('after a good password, near misses still fail: same length, a prefix, longer, empty, other user', () => {
    const c = credentials();
    expect(c.verify('root', 'secret-1')).toEqual({ name: 'root', role: 'pool-admin' });
    expect(c.verify('root', 'secret-1')).toEqual({ name: 'root', role: 'pool-admin' });
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
    expect(c.verify('root', 'secret-9')).toEqual({ name: 'root', role: 'pool-admin' });
    expect(c.verify('root', 'secret-9')).toBeDefined();
  });

  it('a wrong password is never remembered as good', () => {
    const c = credentials();
    expect(c.verify('root', 'guess')).toBeUndefined();
    expect(c.verify('root', 'guess')).toBeUndefined();
    expect(c.verify('root', 'secret-1')).toBeDefined();
  });
});
