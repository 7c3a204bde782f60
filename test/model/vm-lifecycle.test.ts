import { describe, expect, it } from 'vitest';
import type { ModelState } from '../../src/model/index.ts';
import { ALLOWED_OPERATIONS_COVERED, allowedOperations, predict } from '../../src/model/index.ts';
import { S, accept, call, err, ok, putVm, reject, vm, withSession } from './helpers.ts';

const T = 'OpaqueRef:template';
const C = 'OpaqueRef:clone-1';

function withTemplate(): ModelState {
  const s = withSession();
  // Adopt the template the way the harness does: from get_all_records.
  return accept(
    s,
    call('VM.get_all_records', [S]),
    ok({
      [T]: {
        name_label: 'Other install media',
        power_state: 'Halted',
        is_a_template: true,
        is_default_template: true,
        is_a_snapshot: false,
        is_control_domain: false,
        other_config: { default_template: 'true' },
      },
    }),
  );
}

describe('VM lifecycle', () => {
  it('clones a template into a template, provisions it into a VM, runs the power cycle', () => {
    let s = withTemplate();
    reject(s, call('VM.clone', [S, T, 'x']), ok(T)); // must be a fresh ref
    s = accept(s, call('VM.clone', [S, T, 'x']), ok(C));
    accept(s, call('VM.get_is_a_template', [S, C]), ok(true));
    reject(s, call('VM.get_is_a_template', [S, C]), ok(false));
    // A clone of a default template is not a default template: it can be destroyed.
    expect(allowedOperations(s, s.vms.get(C) as never)).toContain('destroy');
    accept(s, call('VM.start', [S, C, false, false]), err('VM_IS_TEMPLATE', C, 'start'));
    reject(s, call('VM.start', [S, C, false, false]), ok(''));
    s = accept(s, call('VM.provision', [S, C]), ok(''));
    accept(s, call('VM.provision', [S, C]), err('PROVISION_ONLY_ALLOWED_ON_TEMPLATE'));
    s = accept(s, call('VM.start', [S, C, false, false]), ok(''));
    accept(s, call('VM.get_power_state', [S, C]), ok('Running'));
    reject(s, call('VM.get_power_state', [S, C]), ok('Halted'));
    accept(s, call('VM.start', [S, C, false, false]), err('VM_BAD_POWER_STATE', C, 'halted', 'running'));
    s = accept(s, call('VM.suspend', [S, C]), ok(''));
    accept(s, call('VM.get_power_state', [S, C]), ok('Suspended'));
    reject(s, call('VM.get_power_state', [S, C]), ok('Halted'));
    s = accept(s, call('VM.resume', [S, C, true, false]), ok(''));
    accept(s, call('VM.get_power_state', [S, C]), ok('Paused'));
    s = accept(s, call('VM.unpause', [S, C]), ok(''));
    s = accept(s, call('VM.clean_reboot', [S, C]), ok(''));
    s = accept(s, call('VM.hard_shutdown', [S, C]), ok(''));
    s = accept(s, call('VM.destroy', [S, C]), ok(''));
    accept(s, call('VM.get_power_state', [S, C]), err('HANDLE_INVALID', 'VM', C));
    reject(s, call('VM.get_all', [S]), ok([T, C]));
    accept(s, call('VM.get_all', [S]), ok([T]));
  });

  it('refuses to destroy a default template, with VM_IS_TEMPLATE [vm; "destroy"]', () => {
    const s = withTemplate();
    accept(s, call('VM.destroy', [S, T]), err('VM_IS_TEMPLATE', T, 'destroy'));
    reject(s, call('VM.destroy', [S, T]), ok(''));
  });

  it('predicts allowed_operations after each step, on the covered ops only', () => {
    let s = putVm(withSession(), vm('OpaqueRef:v'));
    const check = (members: string[], observed: string[]) =>
      accept(s, call('VM.get_allowed_operations', [S, 'OpaqueRef:v']), ok(observed)) && members;
    const halted = allowedOperations(s, s.vms.get('OpaqueRef:v') as never);
    expect(halted.sort()).toEqual(
      ['clone', 'copy', 'destroy', 'export', 'make_into_template', 'snapshot', 'start', 'start_on'].sort(),
    );
    // Ops the model does not cover (e.g. changing_dynamic_range) are ignored in the comparison.
    check(halted, [...halted, 'changing_dynamic_range', 'metadata_export']);
    reject(s, call('VM.get_allowed_operations', [S, 'OpaqueRef:v']), ok(halted.filter((o) => o !== 'start')));
    s = accept(s, call('VM.start', [S, 'OpaqueRef:v', false, false]), ok(''));
    const running = allowedOperations(s, s.vms.get('OpaqueRef:v') as never);
    // The guest-dependent ops (check_op_for_feature) are not assumed either way (SEMANTICS.md §10).
    expect(running.sort()).toEqual(['hard_reboot', 'hard_shutdown', 'pause', 'snapshot'].sort());
    const guest = ['clean_reboot', 'clean_shutdown', 'suspend'];
    // A guest without PV drivers: none listed. One with drivers: all listed. Both are conformant.
    accept(s, call('VM.get_allowed_operations', [S, 'OpaqueRef:v']), ok(running));
    const withDrivers = accept(
      s,
      call('VM.get_allowed_operations', [S, 'OpaqueRef:v']),
      ok([...running, ...guest]),
    );
    // A stale list (still the Halted one) is caught.
    reject(s, call('VM.get_allowed_operations', [S, 'OpaqueRef:v']), ok(halted));
    // Once listed, the guest supports them for this boot: a later list without them is caught, and the call
    // must succeed; before that, VM_LACKS_FEATURE [vm] is one of xapi's answers.
    reject(withDrivers, call('VM.get_allowed_operations', [S, 'OpaqueRef:v']), ok(running));
    reject(
      withDrivers,
      call('VM.clean_shutdown', [S, 'OpaqueRef:v']),
      err('VM_LACKS_FEATURE', 'OpaqueRef:v'),
    );
    const lacking = accept(
      s,
      call('VM.clean_shutdown', [S, 'OpaqueRef:v']),
      err('VM_LACKS_FEATURE', 'OpaqueRef:v'),
    );
    // ... with no effect: the VM is still running.
    reject(lacking, call('VM.get_power_state', [S, 'OpaqueRef:v']), ok('Halted'));
    accept(
      s,
      call('VM.suspend', [S, 'OpaqueRef:v']),
      err('VM_NON_SUSPENDABLE', 'OpaqueRef:v', 'no PV drivers'),
    );
    // After a new boot, what the guest supported is forgotten.
    let rebooted = accept(withDrivers, call('VM.hard_reboot', [S, 'OpaqueRef:v']), ok(''));
    rebooted = accept(rebooted, call('VM.hard_shutdown', [S, 'OpaqueRef:v']), ok(''));
    rebooted = accept(rebooted, call('VM.start', [S, 'OpaqueRef:v', false, false]), ok(''));
    accept(rebooted, call('VM.clean_shutdown', [S, 'OpaqueRef:v']), err('VM_LACKS_FEATURE', 'OpaqueRef:v'));
    expect(ALLOWED_OPERATIONS_COVERED).not.toContain('shutdown');
  });

  it('checks records, other_config writes and name writes', () => {
    let s = putVm(withSession(), vm('OpaqueRef:v'));
    s = accept(s, call('VM.add_to_other_config', [S, 'OpaqueRef:v', 'xapi-harness-run', 'r1']), ok(''));
    accept(
      s,
      call('VM.add_to_other_config', [S, 'OpaqueRef:v', 'xapi-harness-run', 'r2']),
      err('MAP_DUPLICATE_KEY', 'VM', 'other_config', 'some-uuid', 'xapi-harness-run'),
    );
    s = accept(s, call('VM.set_name_label', [S, 'OpaqueRef:v', 'new name']), ok(''));
    const rec = {
      name_label: 'new name',
      power_state: 'Halted',
      is_a_template: false,
      is_a_snapshot: false,
      is_control_domain: false,
      allowed_operations: allowedOperations(s, s.vms.get('OpaqueRef:v') as never),
      other_config: { 'xapi-harness-run': 'r1', mac_seed: 'x' },
      current_operations: {},
    };
    accept(s, call('VM.get_record', [S, 'OpaqueRef:v']), ok(rec));
    reject(s, call('VM.get_record', [S, 'OpaqueRef:v']), ok({ ...rec, name_label: 'v' }));
    reject(s, call('VM.get_record', [S, 'OpaqueRef:v']), ok({ ...rec, other_config: {} }));
    // An operation left in current_operations while none of ours runs (message_forwarding.ml with_vm_operation).
    reject(
      s,
      call('VM.get_record', [S, 'OpaqueRef:v']),
      ok({ ...rec, current_operations: { 'OpaqueRef:t': 'start' } }),
    );
    accept(
      s,
      call('VM.get_all_records', [S]),
      ok({ 'OpaqueRef:v': rec, 'OpaqueRef:other': { is_a_template: false } }),
    );
    reject(s, call('VM.get_all_records', [S]), ok({}));
  });

  it('follows the dispatcher order: arity, then types, then session', () => {
    const s = withSession();
    expect(predict(s, call('VM.start', [S, 'OpaqueRef:v'])).expected).toEqual({
      kind: 'failure',
      code: 'MESSAGE_PARAMETER_COUNT_MISMATCH',
      params: ['VM.start', '3', '1'],
    });
    expect(predict(s, call('Async.VM.start', ['OpaqueRef:dead', 'OpaqueRef:v'])).expected).toMatchObject({
      params: ['VM.start', '3', '1'],
    });
    expect(predict(s, call('VM.start', [S, 'OpaqueRef:v', 'yes', false])).expected).toMatchObject({
      code: 'INTERNAL_ERROR',
    });
    expect(
      predict(s, call('VM.start', ['OpaqueRef:dead', 'OpaqueRef:v', false, false])).expected,
    ).toMatchObject({
      code: 'SESSION_INVALID',
    });
    expect(predict(s, call('VM.start', [S, 'OpaqueRef:v', false, false])).expected).toMatchObject({
      code: 'HANDLE_INVALID',
      params: ['VM', 'OpaqueRef:v'],
    });
    // Optional trailing params: login accepts 2, 3 or 4.
    expect(predict(s, call('session.login_with_password', ['root'])).expected).toMatchObject({
      params: ['session.login_with_password', '2', '1'],
    });
    expect(predict(s, call('VM.no_such_call', [S])).expected).toMatchObject({
      code: 'MESSAGE_METHOD_UNKNOWN',
    });
    expect(predict(s, call('VM.no_such_call', ['OpaqueRef:dead'])).expected).toMatchObject({
      code: 'SESSION_INVALID',
    });
    expect(predict(s, call('Async.VM.get_record', [S, 'OpaqueRef:v'])).expected).toMatchObject({
      code: 'Fault',
    });
    // The "no async mode" fault comes from do_dispatch, after the session check.
    expect(predict(s, call('Async.VM.get_record', ['OpaqueRef:dead', 'OpaqueRef:v'])).expected).toMatchObject(
      {
        code: 'SESSION_INVALID',
      },
    );
  });
});

describe('VMs the harness does not own', () => {
  it('may vanish: a complete listing forgets them, a call on one accepts HANDLE_INVALID', () => {
    let s = withTemplate();
    // Someone else destroyed the template: get_all_records no longer lists it, and that is fine.
    const gone = accept(s, call('VM.get_all_records', [S]), ok({}));
    expect(gone.vms.has(T)).toBe(false);
    accept(gone, call('VM.clone', [S, T, 'x']), err('HANDLE_INVALID', 'VM', T));
    // While known, a call on it may still find it gone.
    s = accept(s, call('VM.get_record', [S, T]), err('HANDLE_INVALID', 'VM', T));
    expect(s.vms.has(T)).toBe(false);
  });

  it('never lets an owned VM vanish', () => {
    const s = putVm(withSession(), vm('OpaqueRef:v'));
    reject(s, call('VM.get_all_records', [S]), ok({}));
    reject(s, call('VM.get_record', [S, 'OpaqueRef:v']), err('HANDLE_INVALID', 'VM', 'OpaqueRef:v'));
  });
});
