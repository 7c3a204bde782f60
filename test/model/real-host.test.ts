// Answers a conformant xapi gives that the model once rejected (issue 11; SEMANTICS.md §4, §6, §10).
import { describe, expect, it } from 'vitest';
import { environmentalOutcome, predict } from '../../src/model/index.ts';
import { REF_COUNTS, S, accept, call, err, ok, putVm, reject, vm, withSession } from './helpers.ts';

const T = 'OpaqueRef:template';
const V = 'OpaqueRef:v';
const TOKEN1 = '00000000000000000010,00000000000000000000';

function withOwnedTemplate() {
  return putVm(
    withSession(),
    vm(T, { isTemplate: true, otherConfig: { disks: '<provision><disk sr="u1"/></provision>' } }),
  );
}

describe('out of space (SEMANTICS.md §4 Provision, §10)', () => {
  it('is SR_BACKEND_FAILURE_44 ["", reason, ""], and the failed provision leaves is_a_template=false', () => {
    const s = withOwnedTemplate();
    const full = err('SR_BACKEND_FAILURE_44', '', 'There is insufficient space', '');
    const after = accept(s, call('VM.provision', [S, T]), full);
    accept(after, call('VM.get_is_a_template', [S, T]), ok(false));
    reject(after, call('VM.get_is_a_template', [S, T]), ok(true));
    // The old belief: SR_FULL [needed; available]. xapi never raises it on this path.
    reject(s, call('VM.provision', [S, T]), err('SR_FULL', '10', '5'));
    // The declared shape: three params, the first "".
    reject(s, call('VM.provision', [S, T]), err('SR_BACKEND_FAILURE_44', 'x', 'y', ''));
    reject(s, call('VM.provision', [S, T]), err('SR_BACKEND_FAILURE_44', ''));
    reject(s, call('VM.provision', [S, T]), err('SR_BACKEND_FAILURE_', '', 'r', ''));
  });

  it('is environmental, and so is the same failure of an Async provision seen in its task', () => {
    const s = withOwnedTemplate();
    const c = call('VM.provision', [S, T]);
    const p = predict(s, c);
    const full = err('SR_BACKEND_FAILURE_44', '', 'insufficient space', '');
    expect(environmentalOutcome(s, c.method, c.args, p.expected, full)).toMatch(
      /^VM.provision: SR_BACKEND_FAILURE_44/,
    );
    expect(environmentalOutcome(s, c.method, c.args, p.expected, ok(''))).toBeUndefined();
    // Async: the task fails with it; the failure still has provision's effect (is_a_template=false).
    let a = accept(s, call('Async.VM.provision', [S, T], 1), ok('OpaqueRef:task'));
    const rec = {
      name_label: 'Async.VM.provision',
      status: 'failure',
      progress: 1,
      result: '',
      error_info: ['SR_BACKEND_FAILURE_44', '', 'full', ''],
    };
    const read = call('task.get_record', [S, 'OpaqueRef:task'], 2);
    expect(environmentalOutcome(a, read.method, read.args, predict(a, read).expected, ok(rec))).toMatch(
      /SR_BACKEND_FAILURE_44/,
    );
    a = accept(a, read, ok(rec));
    accept(a, call('VM.get_is_a_template', [S, T], 3), ok(false));
  });
});

describe('a full SR on suspend (the memory image needs a VDI)', () => {
  it('is accepted as environmental with no effect', () => {
    const s = accept(putVm(withSession(), vm(V)), call('VM.start', [S, V, false, false]), ok(''));
    const full = err('SR_BACKEND_FAILURE_44', '', 'There is insufficient space', '');
    const after = accept(s, call('VM.suspend', [S, V]), full);
    accept(after, call('VM.get_power_state', [S, V]), ok('Running'));
    reject(after, call('VM.get_power_state', [S, V]), ok('Suspended'));
    expect(
      environmentalOutcome(s, 'VM.suspend', [S, V], predict(s, call('VM.suspend', [S, V])).expected, full),
    ).toMatch(/SR_BACKEND_FAILURE_44/);
  });
});

describe('environmental failures of VM.start (SEMANTICS.md §10)', () => {
  const halted = () => putVm(withSession(), vm(V));

  it('are accepted with their declared params and no effect', () => {
    const s = halted();
    for (const o of [
      err('BOOTLOADER_FAILED', V, 'pygrub failed'),
      err('HOST_NOT_ENOUGH_FREE_MEMORY', '1073741824', '5000'),
      err('NO_HOSTS_AVAILABLE'),
      err('FAILED_TO_START_EMULATOR', V, 'qemu', 'exit 1'),
      err('INTERNAL_ERROR', 'xenopsd error'),
      err('SR_BACKEND_FAILURE_46', '', 'VDI not available', ''),
      err('LICENCE_RESTRICTION', 'VM.start'),
    ]) {
      const after = accept(s, call('VM.start', [S, V, false, false]), o);
      // No effect: the reads that follow must show the VM still halted.
      accept(after, call('VM.get_power_state', [S, V]), ok('Halted'));
      reject(after, call('VM.get_power_state', [S, V]), ok('Running'));
      const p = predict(s, call('VM.start', [S, V, false, false]));
      expect(environmentalOutcome(s, 'VM.start', [S, V, false, false], p.expected, o)).toContain(
        o.ok ? '' : o.code,
      );
    }
  });

  it('are refused with params of another shape, or where the host could not give them', () => {
    const s = halted();
    reject(s, call('VM.start', [S, V, false, false]), err('BOOTLOADER_FAILED', 'OpaqueRef:other', 'x'));
    reject(s, call('VM.start', [S, V, false, false]), err('BOOTLOADER_FAILED', V));
    reject(s, call('VM.start', [S, V, false, false]), err('NO_HOSTS_AVAILABLE', 'x'));
    // Not plausible for an operation that needs no resources.
    const running = accept(s, call('VM.start', [S, V, false, false]), ok(''));
    reject(running, call('VM.pause', [S, V]), err('BOOTLOADER_FAILED', V, 'x'));
    reject(running, call('VM.hard_shutdown', [S, V]), err('INTERNAL_ERROR', 'x'));
  });

  it('a contractual failure is not environmental', () => {
    const s = halted();
    const c = call('VM.start', [S, V, false, false]);
    const running = accept(s, c, ok(''));
    const again = predict(running, c);
    expect(
      environmentalOutcome(
        running,
        c.method,
        c.args,
        again.expected,
        err('VM_BAD_POWER_STATE', V, 'halted', 'running'),
      ),
    ).toBeUndefined();
  });
});

describe('writing an equal value is no change (SEMANTICS.md §6)', () => {
  it('set_name_label to the current name asks for no mod event', () => {
    let s = putVm(withSession(), vm(V, { nameLabel: 'same' }));
    const ev = {
      id: '1',
      timestamp: '0.0',
      class: 'vm',
      operation: 'add',
      ref: V,
      snapshot: { name_label: 'same', power_state: 'Halted', is_a_template: false },
    };
    s = accept(
      s,
      call('event.from', [S, ['vm'], '', 0.1]),
      ok({ events: [ev], token: TOKEN1, valid_ref_counts: REF_COUNTS }),
    );
    s = accept(s, call('VM.set_name_label', [S, V, 'same']), ok(''));
    // xapi's write_field_locked compares and neither bumps the generation nor notifies: an empty batch is right.
    accept(
      s,
      call('event.from', [S, ['vm'], TOKEN1, 0.1]),
      ok({ events: [], token: TOKEN1, valid_ref_counts: REF_COUNTS }),
    );
    // A real change still must be reported.
    const renamed = accept(s, call('VM.set_name_label', [S, V, 'other']), ok(''));
    reject(
      renamed,
      call('event.from', [S, ['vm'], TOKEN1, 0.1]),
      ok({ events: [], token: TOKEN1, valid_ref_counts: REF_COUNTS }),
    );
  });
});

describe('pool allow_clone_suspended_vm (helpers.ml clone_suspended_vm_enabled; SEMANTICS.md §4)', () => {
  it('is read, not assumed: clone of a Suspended VM follows the pool setting', () => {
    const suspended = vm(V, { powerState: 'Suspended' });
    const off = putVm(withSession(), suspended);
    accept(off, call('VM.clone', [S, V, 'c']), err('VM_BAD_POWER_STATE', V, 'halted', 'suspended'));
    reject(off, call('VM.clone', [S, V, 'c']), ok('OpaqueRef:c'));
    const on = putVm(withSession({ allowCloneSuspended: true }), suspended);
    const cloned = accept(on, call('VM.clone', [S, V, 'c']), ok('OpaqueRef:c'));
    // A clone of a Suspended VM is Suspended (xapi_vm_clone.ml).
    accept(cloned, call('VM.get_power_state', [S, 'OpaqueRef:c']), ok('Suspended'));
    const running = putVm(withSession({ allowCloneSuspended: true }), vm(V, { powerState: 'Running' }));
    accept(
      running,
      call('VM.clone', [S, V, 'c']),
      err('VM_BAD_POWER_STATE', V, 'halted, suspended', 'running'),
    );
  });
});
