// The Async rule (SEMANTICS.md §1 gap (b); xen-api gen_client.ml has_async) checked on known messages.
import { describe, expect, it } from 'vitest';
import { findMessage, SCHEMA } from '../../src/xapi/index.ts';
import { expectEach } from '../support/expect-each.ts';

const async = (wire: string): boolean | undefined => findMessage(wire)?.hasAsync;

describe('hasAsync', () => {
  it('is true for VM lifecycle operations', () => {
    expectEach((m) => async(`VM.${m}`), true, [
      'start',
      'clone',
      'provision',
      'suspend',
      'resume',
      'clean_shutdown',
      'hard_shutdown',
      'shutdown',
      'snapshot',
      'copy',
    ]);
  });

  it('is true for implicit constructors and destructors, false for other implicit messages', () => {
    expectEach(async, true, ['VM.create', 'VM.destroy']);
    expectEach(async, false, [
      'VM.get_record',
      'VM.get_all',
      'VM.get_by_uuid',
      'VM.get_power_state',
      'VM.set_name_label',
    ]);
    for (const c of SCHEMA.classes.values())
      for (const m of c.messages.values())
        if (m.implicit && m.hasAsync) expect(['create', 'destroy'], m.wireName).toContain(m.name);
  });

  it('is false for the logins, logout and the event.next/from family', () => {
    expectEach((m) => async(`session.${m}`), false, [
      'login_with_password',
      'slave_local_login_with_password',
      'logout',
      'local_logout',
      'change_password',
    ]);
    expectEach((m) => async(`event.${m}`), false, ['next', 'from', 'get_current_id', 'inject']);
  });

  it('follows the declarations where intuition might not', () => {
    // event.register/unregister use the default flags [`Session; `Async] (datamodel.ml Event).
    expectEach(async, true, ['event.register', 'task.cancel']);
    // Custom task.create/destroy and message.create are declared with ~flags:[`Session].
    expectEach(async, false, ['task.create', 'task.destroy', 'message.create', 'VM.set_memory_static_max']);
  });
});
