// The generic surface of every tracked class (src/model/generic-calls.ts, issue 17 item 3): records, getters,
// by-uuid, by-name, writes on the harness's own objects, get_all beside get_all_records, and what VM.destroy
// leaves. The emulator faults get-by-uuid-wrong, get-by-name-label-partial, getter-drops-newest,
// get-all-misses-newest, lost-write and destroy-keeps-devices break them; the fault grid shows the vm-lifecycle
// area catching each.
import { describe, expect, it } from 'vitest';
import { GENERIC_CLASSES, genericMessage, getterFields } from '../../src/model/index.ts';
import { SCHEMA } from '../../src/xapi/index.ts';
import { S, accept, call, err, ok, putVm, reject, vm, withSession } from './helpers.ts';

const A = 'OpaqueRef:a';
const VBD = 'OpaqueRef:vbd';
const VDI = 'OpaqueRef:vdi';
const SR = 'OpaqueRef:sr';
const U_VBD = '11111111-0000-0000-0000-000000000001';
const U_VDI = '11111111-0000-0000-0000-000000000002';
const U_SR = '11111111-0000-0000-0000-000000000003';
const TAG = { key: 'xapi-harness-run', value: 'run-1' };

const vbdRec = { uuid: U_VBD, VM: A, VDI, mode: 'RW', type: 'Disk', other_config: {}, userdevice: '0' };
const vdiRec = {
  uuid: U_VDI,
  name_label: 'disk 0',
  name_description: '',
  SR,
  type: 'user',
  tags: [],
  other_config: { [TAG.key]: TAG.value },
  VBDs: [VBD],
};
const srRec = {
  uuid: U_SR,
  name_label: 'Local storage',
  type: 'ext',
  content_type: 'user',
  other_config: {},
};

function known() {
  let s = putVm(withSession({ ownerTag: TAG }), vm(A));
  s = accept(s, call('VBD.get_all_records', [S]), ok({ [VBD]: vbdRec }));
  s = accept(s, call('VDI.get_record', [S, VDI]), ok(vdiRec));
  s = accept(s, call('SR.get_all_records', [S]), ok({ [SR]: srRec }));
  return s;
}

describe('the generic surface, derived from the schema', () => {
  it('has the implicit messages of every tracked class, and no custom message of the same name', () => {
    for (const cls of GENERIC_CLASSES) {
      expect(genericMessage(`${cls}.get_record`), cls).toBeDefined();
      expect(getterFields(cls).length, cls).toBeGreaterThan(1);
    }
    expect(genericMessage('VBD.get_mode')?.field?.name).toBe('mode');
    expect(genericMessage('VDI.add_tags')?.verb).toBe('add');
    // VDI.set_name_description goes to the storage driver: a custom message, not a generic write.
    expect(SCHEMA.classes.get('VDI')?.messages.get('set_name_description')?.implicit).toBe(false);
    expect(genericMessage('VDI.set_name_description')).toBeUndefined();
    expect(genericMessage('host.get_no_such_field')).toBeUndefined();
    expect(genericMessage('console.get_record')).toBeUndefined();
  });
});

describe('generic reads', () => {
  it('a getter of ours answers what the record showed; a wrong value is a violation', () => {
    const s = known();
    accept(s, call('VBD.get_mode', [S, VBD]), ok('RW'));
    expect(reject(s, call('VBD.get_mode', [S, VBD]), ok('RO'))).toMatch(/expected "RW", got "RO"/);
    expect(reject(s, call('VBD.get_VM', [S, VBD]), ok('OpaqueRef:other'))).toMatch(/expected "OpaqueRef:a"/);
  });

  it('a record read after a call the model does not follow field by field is no longer held to the old one', () => {
    let s = known();
    s = accept(s, call('VM.start', [S, A, false, false]), ok(''));
    accept(s, call('VBD.get_mode', [S, VBD]), ok('RO'));
    // The uuid never changes, whatever happened.
    expect(reject(s, call('VBD.get_uuid', [S, VBD]), ok('another'))).toMatch(/expected "11111111/);
  });

  it('objects of others: only the uuid is certain, and they may vanish', () => {
    const s = known();
    accept(s, call('SR.get_name_label', [S, SR]), ok('renamed by someone'));
    accept(s, call('SR.get_record', [S, SR]), err('HANDLE_INVALID', 'SR', SR));
    accept(s, call('SR.get_by_uuid', [S, U_SR]), ok(SR));
    accept(s, call('SR.get_by_uuid', [S, U_SR]), err('UUID_INVALID', 'SR', U_SR));
    expect(reject(s, call('SR.get_by_uuid', [S, U_SR]), ok('OpaqueRef:other'))).toMatch(
      /none of the acceptable/,
    );
    expect(reject(s, call('SR.get_record', [S, SR]), ok({ ...srRec, uuid: 'x' }))).toMatch(/uuid/);
  });

  it('get_by_uuid of ours is that object; of a uuid nobody has, UUID_INVALID [class; uuid]', () => {
    const s = known();
    accept(s, call('VBD.get_by_uuid', [S, U_VBD]), ok(VBD));
    expect(reject(s, call('VBD.get_by_uuid', [S, U_VBD]), ok('OpaqueRef:x'))).toMatch(
      /expected "OpaqueRef:vbd"/,
    );
    accept(s, call('VBD.get_by_uuid', [S, 'nobody']), err('UUID_INVALID', 'VBD', 'nobody'));
    reject(s, call('VBD.get_by_uuid', [S, 'nobody']), err('UUID_INVALID', 'VM', 'nobody'));
  });

  it('get_by_name_label and get_all list our objects; get_all_records too', () => {
    const s = known();
    accept(s, call('VDI.get_by_name_label', [S, 'disk 0']), ok([VDI, 'OpaqueRef:someone-elses']));
    expect(reject(s, call('VDI.get_by_name_label', [S, 'disk 0']), ok([]))).toMatch(/vdi missing/);
    expect(reject(s, call('VDI.get_by_name_label', [S, 'other']), ok([VDI]))).toMatch(/vdi listed/);
    accept(s, call('VBD.get_all', [S]), ok([VBD]));
    expect(reject(s, call('VBD.get_all', [S]), ok([]))).toMatch(/vbd missing/);
    expect(reject(s, call('VDI.get_all_records', [S]), ok({}))).toMatch(/vdi missing/);
  });

  it('enum-typed values outside their enum are violations, in records, maps of records and getters', () => {
    const s = known();
    // Of ours the value is known too; of others only the enum can be checked.
    expect(reject(s, call('VBD.get_record', [S, VBD]), ok({ ...vbdRec, mode: 'rw' }))).toMatch(/mode/);
    expect(
      reject(s, call('SR.get_record', [S, SR]), ok({ ...srRec, allowed_operations: ['explode'] })),
    ).toMatch(/allowed_operations\[0\]: "explode" is not a member of enum storage_operations/);
    expect(
      reject(s, call('SR.get_all_records', [S]), ok({ [SR]: { ...srRec, allowed_operations: ['x'] } })),
    ).toMatch(/not a member of enum storage_operations/);
    expect(reject(s, call('SR.get_allowed_operations', [S, SR]), ok(['scan', 'explode']))).toMatch(/explode/);
  });
});

describe('generic writes on our own objects', () => {
  it('a tag added is in the getter and the record; removed, it is gone', () => {
    let s = known();
    s = accept(s, call('VDI.add_tags', [S, VDI, 't1']), ok(''));
    expect(reject(s, call('VDI.get_tags', [S, VDI]), ok([]))).toMatch(/expected \["t1"\]/);
    s = accept(s, call('VDI.get_tags', [S, VDI]), ok(['t1']));
    s = accept(s, call('VDI.remove_tags', [S, VDI, 't1']), ok(''));
    expect(reject(s, call('VDI.get_record', [S, VDI]), ok({ ...vdiRec, tags: ['t1'] }))).toMatch(/tags/);
  });

  it('an other_config key added is there; added again, MAP_DUPLICATE_KEY [class; field; uuid; key]', () => {
    let s = known();
    s = accept(s, call('VBD.add_to_other_config', [S, VBD, 'k', 'v']), ok(''));
    expect(reject(s, call('VBD.get_other_config', [S, VBD]), ok({}))).toMatch(/other_config|expected/);
    accept(
      s,
      call('VBD.add_to_other_config', [S, VBD, 'k', 'w']),
      err('MAP_DUPLICATE_KEY', 'VBD', 'other_config', U_VBD, 'k'),
    );
    reject(s, call('VBD.add_to_other_config', [S, VBD, 'k', 'w']), ok(''));
  });

  it('a VM description set is read back by its getter', () => {
    let s = known();
    const rec = {
      uuid: 'u-a',
      name_label: A,
      name_description: '',
      power_state: 'Halted',
      is_a_template: false,
      is_a_snapshot: false,
      is_control_domain: false,
      allowed_operations: [
        'clone',
        'copy',
        'destroy',
        'export',
        'make_into_template',
        'snapshot',
        'start',
        'start_on',
      ],
      other_config: {},
      current_operations: {},
      VBDs: [VBD],
      VIFs: [],
    };
    s = accept(s, call('VM.get_record', [S, A]), ok(rec));
    s = accept(s, call('VM.set_name_description', [S, A, 'described']), ok(''));
    expect(reject(s, call('VM.get_name_description', [S, A]), ok(''))).toMatch(/expected "described"/);
  });

  it('objects of others are never written by the harness: the model does not predict such a write', () => {
    const s = known();
    accept(s, call('SR.add_tags', [S, SR, 't']), ok(''));
    expect(known().objects.get(SR)?.owned).toBe(false);
    expect(known().objects.get(VDI)?.owned).toBe(true);
  });
});

describe('VM.destroy and its devices (xapi_vm_helpers.ml destroy)', () => {
  it('takes its VBDs with it and leaves its VDIs', () => {
    let s = known();
    s = accept(s, call('VM.destroy', [S, A]), ok(''));
    accept(s, call('VBD.get_record', [S, VBD]), err('HANDLE_INVALID', 'VBD', VBD));
    expect(reject(s, call('VBD.get_record', [S, VBD]), ok(vbdRec))).toMatch(/HANDLE_INVALID/);
    expect(reject(s, call('VBD.get_all', [S]), ok([VBD]))).toMatch(/destroyed/);
    accept(s, call('VDI.get_record', [S, VDI]), ok({ ...vdiRec, VBDs: [] }));
    reject(s, call('VDI.get_record', [S, VDI]), err('HANDLE_INVALID', 'VDI', VDI));
  });
});

describe("a VM's current_operations (xapi_vm_helpers.ml with_vm_operation)", () => {
  const T = 'OpaqueRef:task-1';
  it('is empty when idle; while our Async operation runs, only its task with its operation, or nothing', () => {
    let s = putVm(withSession(), vm(A));
    accept(s, call('VM.get_current_operations', [S, A]), ok({}));
    expect(reject(s, call('VM.get_current_operations', [S, A]), ok({ [T]: 'start' }))).toMatch(
      /expected \{\}/,
    );
    s = accept(s, call('Async.VM.start', [S, A, false, false]), ok(T));
    accept(s, call('VM.get_current_operations', [S, A]), ok({ [T]: 'start' }));
    accept(s, call('VM.get_current_operations', [S, A]), ok({}));
    expect(reject(s, call('VM.get_current_operations', [S, A]), ok({ [T]: 'clean_shutdown' }))).toMatch(
      /expected start/,
    );
    expect(reject(s, call('VM.get_current_operations', [S, A]), ok({ 'OpaqueRef:NULL': 'start' }))).toMatch(
      /no operation of ours/,
    );
  });
});

describe('VIF.create on a VM of ours (xapi_vif.ml create)', () => {
  it('adds one VIF, which a clone copies (xapi_vm_clone.ml clone)', () => {
    let s = putVm(withSession(), vm(A, { devices: { vbds: 1, vifs: 0 } }));
    const args = { device: '0', network: 'OpaqueRef:net', VM: A, MAC: '', MTU: 1500, other_config: {} };
    expect(reject(s, call('VIF.create', [S, args]), err('DEVICE_ALREADY_EXISTS', '0'))).toMatch(/expected/);
    s = accept(s, call('VIF.create', [S, args]), ok('OpaqueRef:vif'));
    expect(s.vms.get(A)?.devices).toEqual({ vbds: 1, vifs: 1 });
    s = accept(s, call('VM.clone', [S, A, 'copy']), ok('OpaqueRef:copy'));
    expect(s.vms.get('OpaqueRef:copy')?.devices).toEqual({ vbds: 1, vifs: 1 });
  });
});

describe('what a live VM of ours is held to', () => {
  it("a Running VM's constructor-set fields may move under xapi (memory_target); its RW fields may not", () => {
    const rec = { uuid: 'u-a', memory_target: 1024, name_description: 'd' };
    for (const [power, held] of [
      ['Halted', true],
      ['Running', false],
    ] as const) {
      let s = putVm(withSession(), vm(A, { powerState: power }));
      s = {
        ...s,
        objects: new Map([
          [A, { cls: 'VM', ref: A, owned: true, uuid: 'u-a', record: rec, epoch: s.readEpoch }],
        ]),
      };
      const moved = call('VM.get_memory_target', [S, A]);
      if (held) expect(reject(s, moved, ok(2048))).toMatch(/expected 1024/);
      else accept(s, moved, ok(2048));
      expect(reject(s, call('VM.get_name_description', [S, A]), ok('x'))).toMatch(/expected "d"/);
    }
  });
});
