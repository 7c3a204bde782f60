import { describe, expect, it } from 'vitest';
import {
  checkOperationError,
  COVERED_OPERATIONS,
  allowedPowerStates,
  guestFeatureCheck,
} from '../../src/model/index.ts';
import { findRelease, latestRelease } from '../../src/xapi/index.ts';
import { vm } from './helpers.ts';

const opts = { release: latestRelease() };
const R = 'OpaqueRef:vm';

describe('checkOperationError (xapi_vm_lifecycle.ml check order)', () => {
  it('reports VM_BAD_POWER_STATE with lowercase states in xapi order, joined by ", "', () => {
    expect(checkOperationError(vm(R, { powerState: 'Running' }), 'start', opts)).toEqual({
      kind: 'failure',
      code: 'VM_BAD_POWER_STATE',
      params: [R, 'halted', 'running'],
    });
    expect(checkOperationError(vm(R), 'hard_shutdown', opts)).toEqual({
      kind: 'failure',
      code: 'VM_BAD_POWER_STATE',
      params: [R, 'paused, suspended, running', 'halted'],
    });
    expect(checkOperationError(vm(R, { powerState: 'Running' }), 'destroy', opts)).toMatchObject({
      params: [R, 'halted, suspended', 'running'],
    });
    expect(checkOperationError(vm(R), 'hard_reboot', opts)).toMatchObject({
      params: [R, 'paused, running', 'halted'],
    });
  });

  it('checks the power state before the template rule', () => {
    const t = vm(R, { isTemplate: true });
    expect(checkOperationError(t, 'pause', opts)).toMatchObject({ code: 'VM_BAD_POWER_STATE' });
    expect(checkOperationError(t, 'start', opts)).toEqual({
      kind: 'failure',
      code: 'VM_IS_TEMPLATE',
      params: [R, 'start'],
    });
  });

  it('lets templates clone, provision and (unless default) destroy', () => {
    const t = vm(R, { isTemplate: true });
    expect(checkOperationError(t, 'clone', opts)).toBeUndefined();
    expect(checkOperationError(t, 'provision', opts)).toBeUndefined();
    expect(checkOperationError(t, 'destroy', opts)).toBeUndefined();
    const d = vm(R, { isTemplate: true, isDefaultTemplate: true });
    expect(checkOperationError(d, 'destroy', opts)).toMatchObject({
      code: 'VM_IS_TEMPLATE',
      params: [R, 'destroy'],
    });
    const viaOtherConfig = vm(R, { isTemplate: true, otherConfig: { default_template: 'true' } });
    expect(checkOperationError(viaOtherConfig, 'destroy', opts)).toMatchObject({ code: 'VM_IS_TEMPLATE' });
  });

  it('rejects provision on a non-template after the other checks', () => {
    expect(checkOperationError(vm(R), 'provision', opts)).toEqual({
      kind: 'failure',
      code: 'PROVISION_ONLY_ALLOWED_ON_TEMPLATE',
      params: [],
    });
  });

  it('reports OTHER_OPERATION_IN_PROGRESS after the power state, with one or several ops', () => {
    const busy = vm(R, {
      powerState: 'Running',
      currentOps: new Map([['OpaqueRef:t1', 'clean_shutdown' as const]]),
    });
    expect(checkOperationError(busy, 'pause', opts)).toEqual({
      kind: 'failure',
      code: 'OTHER_OPERATION_IN_PROGRESS',
      params: ['VM', R, 'clean_shutdown', 'OpaqueRef:t1'],
    });
    // hard_shutdown may run alongside other ops (is_allowed_concurrently).
    expect(checkOperationError(busy, 'hard_shutdown', opts)).toBeUndefined();
    const two = vm(R, {
      currentOps: new Map([
        ['OpaqueRef:a', 'clone' as const],
        ['OpaqueRef:b', 'export' as const],
      ]),
    });
    expect(checkOperationError(two, 'copy', opts)).toBeUndefined();
    expect(checkOperationError(two, 'destroy', opts)).toEqual({
      kind: 'failure',
      code: 'OTHER_OPERATION_IN_PROGRESS',
      params: ['VM', R, '{clone,export}', '{OpaqueRef:a,OpaqueRef:b}'],
    });
  });

  it('keeps snapshots to their few operations', () => {
    const snap = vm(R, { isSnapshot: true, isTemplate: true });
    expect(checkOperationError(snap, 'start', opts)).toEqual({
      kind: 'failure',
      code: 'VM_IS_SNAPSHOT',
      params: [R, 'start'],
    });
    expect(checkOperationError(snap, 'clone', opts)).toBeUndefined();
    expect(allowedPowerStates('clone', snap)).toEqual(['Halted', 'Suspended']);
  });

  it('protects the control domain', () => {
    const dom0 = vm(R, { powerState: 'Running', isControlDomain: true });
    expect(checkOperationError(dom0, 'hard_shutdown', opts)).toEqual({
      kind: 'failure',
      code: 'OPERATION_NOT_ALLOWED',
      params: ['This operation is not allowed on a control domain'],
    });
    expect(checkOperationError({ ...dom0, powerState: 'Halted' }, 'destroy', opts)).toMatchObject({
      params: ['This operation is not allowed on dom0'],
    });
  });

  it('never decides guest features itself: a live guest may or may not support clean ops (§10)', () => {
    const running = vm(R, { powerState: 'Running' });
    // Old behaviour: an option said "no features" and the check answered VM_LACKS_FEATURE for every target.
    expect(checkOperationError(running, 'clean_shutdown', opts)).toBeUndefined();
    expect(guestFeatureCheck(running, 'clean_shutdown')).toBe('unknown');
    expect(guestFeatureCheck(running, 'hard_shutdown')).toBe('none');
    expect(guestFeatureCheck(vm(R), 'clean_shutdown')).toBe('none');
    expect(guestFeatureCheck({ ...running, featuresSeen: new Set(['suspend'] as const) }, 'suspend')).toBe(
      'supported',
    );
  });

  it('gives OTHER_OPERATION_IN_PROGRESS 4 params from xapi 25.27, 2 before (xen-api b6fb47ce)', () => {
    const busy = vm(R, { powerState: 'Running', currentOps: new Map([['OpaqueRef:t', 'clean_shutdown']]) });
    expect(checkOperationError(busy, 'pause', { release: findRelease('25.27') ?? latestRelease() })).toEqual({
      kind: 'failure',
      code: 'OTHER_OPERATION_IN_PROGRESS',
      params: ['VM', R, 'clean_shutdown', 'OpaqueRef:t'],
    });
    expect(checkOperationError(busy, 'pause', { release: findRelease('25.6') ?? latestRelease() })).toEqual({
      kind: 'failure',
      code: 'OTHER_OPERATION_IN_PROGRESS',
      params: ['VM.clean_shutdown', R],
    });
  });

  it('has a power-state rule for every covered operation', () => {
    for (const op of COVERED_OPERATIONS) expect(allowedPowerStates(op, vm(R)).length).toBeGreaterThan(0);
  });
});
