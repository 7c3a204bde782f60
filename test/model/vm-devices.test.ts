// What clone, snapshot and provision do to a VM's VBDs and VIFs (src/model/vm-devices.ts; xapi_vm_clone.ml
// clone copies every VBD and VIF; xapi_templates.ml makes one VDI + VBD per <disk>). The emulator faults
// clone-forgets-devices and provision-no-vdi break it; the fault grid shows vm-lifecycle catching both.
import { describe, expect, it } from 'vitest';
import type { ModelState } from '../../src/model/index.ts';
import { allowedOperations } from '../../src/model/index.ts';
import { S, accept, call, ok, putVm, reject, vm, withSession } from './helpers.ts';

const T = 'OpaqueRef:t';
const C = 'OpaqueRef:c';
const DISKS =
  '<provision><disk device="0" size="8589934592" sr="sr-uuid" bootable="true" type="system"/></provision>';

function record(
  s: ModelState,
  ref: string,
  vbds: number,
  vifs: number,
  fields: Record<string, unknown> = {},
) {
  const known = s.vms.get(ref);
  return {
    allowed_operations: known === undefined ? [] : allowedOperations(s, known),
    name_label: 'c',
    power_state: 'Halted',
    is_a_template: false,
    is_a_snapshot: false,
    is_control_domain: false,
    other_config: {},
    current_operations: {},
    VBDs: Array.from({ length: vbds }, (_, i) => `OpaqueRef:vbd-${ref}-${i}`),
    VIFs: Array.from({ length: vifs }, (_, i) => `OpaqueRef:vif-${ref}-${i}`),
    ...fields,
  };
}

describe('VM devices', () => {
  it('a clone has the VBDs and VIFs of its source; a provision adds one VBD per disk', () => {
    let s = putVm(
      withSession(),
      vm(T, { isTemplate: true, otherConfig: { disks: DISKS }, devices: { vbds: 1, vifs: 2 } }),
    );
    s = accept(s, call('VM.clone', [S, T, 'c']), ok(C));
    const clone = { is_a_template: true, other_config: { disks: DISKS, base_template_name: T } };
    const get = call('VM.get_record', [S, C]);
    expect(reject(s, get, ok(record(s, C, 0, 0, clone)))).toMatch(/VBDs: expected 1 members, got 0/);
    expect(reject(s, get, ok(record(s, C, 1, 0, clone)))).toMatch(/VIFs: expected 2 members, got 0/);
    s = accept(s, call('VM.provision', [S, C]), ok(''));
    expect(reject(s, get, ok(record(s, C, 1, 2, { other_config: { base_template_name: T } })))).toMatch(
      /VBDs: expected 2 members, got 1/,
    );
  });
});
