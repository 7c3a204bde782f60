// Local accounts of the emulator. xapi authenticates root through PAM (SEMANTICS.md §3); the emulator
// keeps salted hashes in its database so that change_password survives a restart. Extra accounts with
// other roles exist for RBAC tests.
// DEVIATION: real xapi has only the local superuser plus external (AD/LDAP) subjects; the emulator's
// extra users stand in for subjects with a role.
import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ObjectDb } from '../db/object-db.ts';

export interface UserSpec {
  readonly name: string;
  readonly password: string;
  /** A static role name (datamodel_roles.ml), e.g. 'pool-admin' or 'read-only'. */
  readonly role: string;
}

interface StoredAccount {
  readonly name: string;
  readonly role: string;
  readonly salt: string;
  readonly hash: string;
  /** Hash of the password the options gave when this entry was seeded (see load()). */
  readonly seededHash: string;
}

export interface Account {
  readonly name: string;
  readonly role: string;
}

const META_KEY = 'credentials';

/** sha256 of salt, NUL, password (UTF-8): the form stored in the database. */
function hashBytes(salt: string, password: string): Buffer {
  // One-shot hash of the joined text: the same bytes as three updates, without a Hash object per login
  // (issue 16: a login storm spent a measured share of each login there).
  return hash('sha256', salt + '\0' + password, 'buffer');
}

function hashOf(salt: string, password: string): string {
  return hashBytes(salt, password).toString('hex');
}

function plainHash(password: string): string {
  return createHash('sha256').update(password).digest('hex');
}

/**
 * Equality whose time depends on the lengths only, not on where the texts first differ (as
 * timingSafeEqual for the hashes).
 */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= a.charCodeAt(i % (a.length || 1)) ^ b.charCodeAt(i);
  return diff === 0;
}

export class Credentials {
  /** The local superuser: the first account (root by default), authenticated by PAM in xapi. */
  readonly superuser: string;
  /**
   * True when accounts other than the superuser exist: they stand in for the subjects of an external
   * authentication service (AD), so the host behaves as one with external auth enabled.
   */
  readonly externalAuth: boolean;
  readonly #db: ObjectDb;
  readonly #accounts = new Map<string, StoredAccount>();
  /** Each account's stored hash as bytes, decoded once instead of per login. */
  readonly #expected = new Map<string, Buffer>();
  /**
   * The password that last passed the hash check, per account (memory only, dropped when the password
   * changes): a login storm sends the same password over and over, and hashing it each time was the
   * largest single cost of a login after the HTTP layer (issue 16). The emulator holds the plain
   * passwords of its options in memory anyway.
   */
  readonly #lastGood = new Map<string, string>();

  /**
   * Accounts from `users`; a password changed with session.change_password is kept across restarts
   * unless the options now give a different password for that user (the operator's flag wins).
   */
  constructor(db: ObjectDb, users: readonly UserSpec[]) {
    this.#db = db;
    this.superuser = users[0]?.name ?? 'root';
    this.externalAuth = users.length > 1;
    const stored = new Map<string, StoredAccount>();
    const raw = db.getMeta(META_KEY);
    if (raw !== undefined) {
      for (const a of JSON.parse(raw) as StoredAccount[]) stored.set(a.name, a);
    }
    for (const u of users) {
      const seededHash = plainHash(u.password);
      const previous = stored.get(u.name);
      if (previous !== undefined && previous.seededHash === seededHash && previous.role === u.role) {
        this.#accounts.set(u.name, previous);
      } else {
        const salt = randomBytes(16).toString('hex');
        this.#accounts.set(u.name, {
          name: u.name,
          role: u.role,
          salt,
          hash: hashOf(salt, u.password),
          seededHash,
        });
      }
    }
    this.#save();
  }

  /** The account when `password` is right, else undefined. */
  verify(name: string, password: string): Account | undefined {
    const a = this.#accounts.get(name);
    if (a === undefined) return undefined;
    const good = this.#lastGood.get(name);
    if (good !== undefined && sameText(good, password)) return { name: a.name, role: a.role };
    let expected = this.#expected.get(name);
    if (expected === undefined) {
      expected = Buffer.from(a.hash, 'hex');
      this.#expected.set(name, expected);
    }
    const given = hashBytes(a.salt, password);
    if (given.length !== expected.length || !timingSafeEqual(expected, given)) return undefined;
    this.#lastGood.set(name, password);
    return { name: a.name, role: a.role };
  }

  get(name: string): Account | undefined {
    const a = this.#accounts.get(name);
    return a === undefined ? undefined : { name: a.name, role: a.role };
  }

  setPassword(name: string, password: string): void {
    const a = this.#accounts.get(name);
    if (a === undefined) throw new Error(`no account ${name}`);
    const salt = randomBytes(16).toString('hex');
    this.#accounts.set(name, { ...a, salt, hash: hashOf(salt, password) });
    this.#expected.delete(name);
    this.#lastGood.delete(name);
    this.#save();
  }

  #save(): void {
    this.#db.setMeta(META_KEY, JSON.stringify([...this.#accounts.values()]));
  }
}
