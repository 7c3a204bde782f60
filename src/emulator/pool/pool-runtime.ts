// The pool as the dispatchers of its hosts see it (docs/SEMANTICS.md §11): which host is the coordinator
// (pool.master in the database, so a restart or designate_new_master keeps it), each host's address, and the
// local sessions each host holds in memory (xen-api ocaml/xapi/xapi_local_session.ml: a member's
// slave_local_login_with_password sessions live outside the pool database and die with the process).
import { randomUUID } from 'node:crypto';
import type { StoredObject } from '../db/db-types.ts';
import type { ObjectDb } from '../db/object-db.ts';
import { str } from '../lifecycle/record-values.ts';
import type { HostRefs } from '../registry/host-refs.ts';

export class PoolRuntime {
  readonly #db: ObjectDb;
  readonly hosts: readonly HostRefs[];
  readonly #local = new Map<string, Map<string, StoredObject>>();

  constructor(db: ObjectDb, hosts: readonly HostRefs[]) {
    this.#db = db;
    this.hosts = hosts;
  }

  /** The pool object's ref once seen: every call's session check asks for the coordinator (issue 16). */
  #poolRef: string | undefined;

  /** pool.master: the coordinator's host ref. */
  master(): string {
    const known = this.#poolRef === undefined ? undefined : this.#db.get('pool', this.#poolRef);
    if (known !== undefined) return str(known.record['master']);
    for (const p of this.#db.all('pool')) {
      this.#poolRef = p.ref;
      return str(p.record['master']);
    }
    return this.hosts[0]?.host ?? '';
  }

  isMaster(host: string): boolean {
    return this.master() === host;
  }

  /** host.address of the coordinator (what HOST_IS_SLAVE carries). */
  masterAddress(): string {
    return str(this.#db.get('host', this.master())?.record['address']);
  }

  refsOf(host: string): HostRefs | undefined {
    return this.hosts.find((h) => h.host === host);
  }

  /** A new local session on `host` for the local superuser; its ref is secret like any session ref. */
  createLocalSession(host: string, now: Date): string {
    const ref = `OpaqueRef:${randomUUID()}`;
    let table = this.#local.get(host);
    if (table === undefined) this.#local.set(host, (table = new Map<string, StoredObject>()));
    // Not a database object: just what the dispatcher's RBAC and the task records read.
    table.set(ref, {
      cls: 'session',
      ref,
      record: {
        uuid: randomUUID(),
        is_local_superuser: true,
        pool: false,
        last_active: now,
        auth_user_name: 'root',
      },
      created: 0,
      modified: 0,
      encoded: undefined,
    });
    return ref;
  }

  localSession(host: string, ref: string): StoredObject | undefined {
    return this.#local.get(host)?.get(ref);
  }

  dropLocalSession(host: string, ref: string): boolean {
    return this.#local.get(host)?.delete(ref) ?? false;
  }

  /** A toolstack restart (designate_new_master): every host forgets its local sessions. */
  dropAllLocalSessions(): void {
    this.#local.clear();
  }
}
