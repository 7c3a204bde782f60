// A second operation on a VM while an Async one of ours runs (src/model/vm-conflict.ts; issue 17 item 4):
// xapi waits for ours and then checks the VM as ours left it, or gives up with OTHER_OPERATION_IN_PROGRESS
// in the release's shape (xen-api ocaml/xapi/helpers.ml retry, xapi_vm_lifecycle.ml; SEMANTICS.md §10).
import { describe, it } from 'vitest';
import type { ModelState } from '../../src/model/index.ts';
import { findRelease, latestRelease } from '../../src/xapi/index.ts';
import { S, accept, call, err, putVm, reject, vm, withSession, ok } from './helpers.ts';

const V = 'OpaqueRef:v';
const W = 'OpaqueRef:w';
const T = 'OpaqueRef:task-1';

function running(release = latestRelease()): ModelState {
  const s = putVm(putVm(withSession({ taskDeadlineMs: 1_000, release }), vm(V)), vm(W));
  return accept(s, call('Async.VM.start', [S, V, false, false], 0), ok(T));
}

describe('a conflicting operation while ours runs', () => {
  it('from 25.27: OTHER_OPERATION_IN_PROGRESS ["VM"; vm; op; task] of ours, or the serialised answer', () => {
    const s = running(findRelease('25.27') ?? latestRelease());
    const start = call('VM.start', [S, V, false, false], 5);
    accept(s, start, err('OTHER_OPERATION_IN_PROGRESS', 'VM', V, 'start', T));
    // Waited for ours, which started it.
    accept(s, start, err('VM_BAD_POWER_STATE', V, 'halted', 'running'));
    reject(s, start, err('OTHER_OPERATION_IN_PROGRESS', 'VM.start', V));
    reject(s, start, err('OTHER_OPERATION_IN_PROGRESS', 'VM', W, 'start', T));
    reject(s, start, err('OTHER_OPERATION_IN_PROGRESS', 'VM', V, 'start', 'OpaqueRef:other'));
  });

  it('a clone leaves its source as it was: once it ends, the provision meets the VM as it is now', () => {
    const s0 = putVm(
      withSession({ taskDeadlineMs: 1_000, release: latestRelease() }),
      vm(V, { isTemplate: true }),
    );
    const s = accept(s0, call('Async.VM.clone', [S, V, 'copy'], 0), ok(T));
    const provision = call('VM.provision', [S, V], 5);
    accept(s, provision, err('OTHER_OPERATION_IN_PROGRESS', 'VM', V, 'clone', T));
    accept(s, provision, ok(''));
    reject(s, provision, err('OTHER_OPERATION_IN_PROGRESS', 'VM', V, 'provision', T));
    reject(s, provision, err('PROVISION_ONLY_ALLOWED_ON_TEMPLATE'));
  });

  it('before 25.27: OTHER_OPERATION_IN_PROGRESS ["VM.<op>"; vm]', () => {
    const s = running(findRelease('25.6') ?? latestRelease());
    const start = call('VM.start', [S, V, false, false], 5);
    accept(s, start, err('OTHER_OPERATION_IN_PROGRESS', 'VM.start', V));
    reject(s, start, err('OTHER_OPERATION_IN_PROGRESS', 'VM', V, 'start', T));
    reject(s, start, err('OTHER_OPERATION_IN_PROGRESS', 'VM.start', W));
  });
});
