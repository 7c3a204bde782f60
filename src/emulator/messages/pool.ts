// pool class: designate_new_master (docs/SEMANTICS.md §11; xen-api ocaml/xapi/xapi_pool.ml
// designate_new_master, ocaml/xapi/xapi_pool_transition.ml). Naming the coordinator changes nothing;
// otherwise pool.master moves and every toolstack restarts in its new role, which ends every session and
// task (neither is persisted, docs/SEMANTICS.md §10) and every host's local sessions.
import { XapiFailure } from '../../xapi/harness-errors.ts';
import type { MessageTable } from '../registry/message-context.ts';

export const POOL_MESSAGES: MessageTable = {
  designate_new_master: (ctx, a) => {
    const host = typeof a['host'] === 'string' ? a['host'] : '';
    ctx.get('host', host);
    if (ctx.pool.isMaster(host)) return '';
    for (const p of ctx.db.all('pool')) {
      if (p.record['ha_enabled'] === true) throw new XapiFailure('HA_IS_ENABLED', []);
      ctx.db.update('pool', p.ref, { master: host });
    }
    // DEVIATION: xapi's restarts follow the answer by a few seconds; here every session of the old roles
    // ends at once (the answer still goes out), so a login at the new coordinator right after is safe.
    for (const s of [...ctx.db.all('session')]) ctx.sessions.destroy(s.ref);
    ctx.pool.dropAllLocalSessions();
    return '';
  },
};
