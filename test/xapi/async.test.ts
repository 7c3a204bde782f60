// The Async rule (SEMANTICS.md §1 gap (b); xen-api gen_client.ml has_async) checked on known messages.
import { describe, expect, it } from 'vitest';
import { findMessage, SCHEMA } from '../../src/xapi/index.ts';

const async = (wire: string): boolean | undefined => findMessage(wire)?.hasAsync;

describe('hasAsync', () => {
  it('is true for VM lifecycle operations', () => {
    for (const m of [
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
    ])
      expect(async(`VM.${m}`), m).toBe(true);
  });

  it('is true for implicit constructors and destructors, false for other implicit messages', () => {
    expect(async('VM.create')).toBe(true);
    expect(async('VM.destroy')).toBe(true);
    expect(async('VM.get_record')).toBe(false);
    expect(async('VM.get_all')).toBe(false);
    expect(async('VM.get_by_uuid')).toBe(false);
    expect(async('VM.get_power_state')).toBe(false);
    expect(async('VM.set_name_label')).toBe(false);
    for (const c of SCHEMA.classes.values())
      for (const m of c.messages.values())
        if (m.implicit && m.hasAsync) expect(['create', 'destroy'], m.wireName).toContain(m.name);
  });

  it('is false for the logins, logout and the event.next/from family', () => {
    for (const m of [
      'login_with_password',
      'slave_local_login_with_password',
      'logout',
      'local_logout',
      'change_password',
    ])
      expect(async(`session.${m}`), m).toBe(false);
    for (const m of ['next', 'from', 'get_current_id', 'inject']) expect(async(`event.${m}`), m).toBe(false);
  });

  it('follows the declarations where intuition might not', () => {
    // event.register/unregister use the default flags [`Session; `Async] (datamodel.ml Event).
    expect(async('event.register')).toBe(true);
    expect(async('task.cancel')).toBe(true);
    // Custom task.create/destroy and message.create are declared with ~flags:[`Session].
    expect(async('task.create')).toBe(false);
    expect(async('task.destroy')).toBe(false);
    expect(async('message.create')).toBe(false);
    expect(async('VM.set_memory_static_max')).toBe(false);
  });
});
