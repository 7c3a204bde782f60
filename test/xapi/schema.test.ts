import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findClass,
  findClassInsensitive,
  findMessage,
  formatType,
  parseWireName,
  SCHEMA,
} from '../../src/xapi/index.ts';
import type { MessageSchema } from '../../src/xapi/index.ts';
import { requirePrerequisite, skipOutsideCi } from '../support/ci-environment.ts';
import { DATAMODEL_DIR, HAS_DATAMODEL, SKIP_REASON } from './shared-data.ts';

const msg = (wire: string): MessageSchema => {
  const m = findMessage(wire);
  if (m === undefined) throw new Error(`${wire} not in schema`);
  return m;
};

describe('SCHEMA', () => {
  it('has the 72 classes, 73 enums and the release list oldest first', () => {
    expect(SCHEMA.classes.size).toBe(72);
    expect(SCHEMA.enums.size).toBe(73);
    expect(SCHEMA.releases[0]).toBe('rio');
    expect(SCHEMA.releases.indexOf('miami')).toBe(1);
    expect(SCHEMA.releaseIndex.get('stockholm')).toBeLessThan(SCHEMA.releaseIndex.get('nile') ?? -1);
    expect(SCHEMA.releaseInfo.find((r) => r.code === 'stockholm')?.branding).toBe('Citrix Hypervisor 8.2');
  });

  it('matches the datamodel counts (SEMANTICS.md §1: 922 fields, 2007 messages, 1456 implicit)', () => {
    let fields = 0;
    let messages = 0;
    let implicit = 0;
    for (const c of SCHEMA.classes.values()) {
      fields += c.fields.length;
      messages += c.messages.size;
      for (const m of c.messages.values()) if (m.implicit) implicit++;
    }
    expect({ fields, messages, implicit }).toEqual({ fields: 922, messages: 2007, implicit: 1456 });
  });

  it.skipIf(skipOutsideCi(HAS_DATAMODEL))(
    `matches xenapi.json class by class${HAS_DATAMODEL ? '' : ` (${SKIP_REASON})`}`,
    () => {
      requirePrerequisite(HAS_DATAMODEL, SKIP_REASON);
      const raw = JSON.parse(readFileSync(join(DATAMODEL_DIR, 'xenapi.json'), 'utf8')) as {
        name: string;
        fields: { name: string; type: string }[];
        messages: { name: string; params: unknown[] }[];
      }[];
      expect([...SCHEMA.classes.keys()]).toEqual(raw.map((c) => c.name));
      for (const c of raw) {
        const s = findClass(c.name);
        expect(s?.fields.map((f) => [f.name, f.typeText])).toEqual(c.fields.map((f) => [f.name, f.type]));
        expect([...(s?.messages.values() ?? [])].map((m) => [m.name, m.params.length])).toEqual(
          c.messages.map((m) => [m.name, m.params.length]),
        );
      }
    },
  );

  it('knows VM.start: params, roles, async, errors', () => {
    const m = msg('VM.start');
    expect(m.cls).toBe('VM');
    expect(m.wireName).toBe('VM.start');
    expect(m.params.map((p) => [p.name, p.typeText, p.required])).toEqual([
      ['session_id', 'session ref', true],
      ['vm', 'VM ref', true],
      ['start_paused', 'bool', true],
      ['force', 'bool', true],
    ]);
    expect(m.takesSession).toBe(true);
    expect(m.arity).toEqual({ required: 3, max: 3 });
    expect(m.result).toEqual({ kind: 'void' });
    expect(m.roles).toEqual(['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin', 'vm-operator']);
    expect(m.hasAsync).toBe(true);
    expect(m.implicit).toBe(false);
    expect(m.errors).toContain('VM_BAD_POWER_STATE');
    expect(m.state).toBe('Published');
    expect(m.since).toBe('rio');
  });

  it('knows session.login_with_password: no session, two defaulted params, no async', () => {
    const m = msg('session.login_with_password');
    expect(m.params.map((p) => [p.name, p.required])).toEqual([
      ['uname', true],
      ['pwd', true],
      ['version', false],
      ['originator', false],
    ]);
    expect(m.takesSession).toBe(false);
    expect(m.arity).toEqual({ required: 2, max: 4 });
    expect(formatType(m.result)).toBe('session ref');
    expect(m.hasAsync).toBe(false);
  });

  it('knows VM.power_state and other field facts', () => {
    const vm = findClass('VM');
    const ps = vm?.fieldByName.get('power_state');
    expect(ps?.type).toEqual({ kind: 'enum', name: 'vm_power_state' });
    expect(ps?.default).toBe('Halted');
    expect(ps?.qualifier).toBe('RO/constructor');
    expect(vm?.fieldByName.get('name_label')?.qualifier).toBe('RW');
    expect(vm?.fieldByName.get('blocked_operations')?.default).toEqual({});
    expect(vm?.fieldByName.get('tags')?.default).toEqual([]);
    expect(vm?.fieldByName.get('HVM_shadow_multiplier')?.default).toBe(1);
    // Fields without a datamodel default (the constructor must supply them).
    expect(vm?.fieldByName.get('other_config')).not.toHaveProperty('default');
    expect(vm?.fieldByName.get('uuid')?.qualifier).toBe('RO/runtime');
    const licenseServer = findClass('host')?.fieldByName.get('license_server');
    expect(licenseServer?.default).toEqual({ address: 'localhost', port: '27000' });
    const snapTime = vm?.fieldByName.get('snapshot_time')?.default;
    expect(snapTime).toBeInstanceOf(Date);
    expect((snapTime as Date).getTime()).toBe(0);
    expect(findClass('task')?.fieldByName.get('subtask_of')?.default).toBe('OpaqueRef:NULL');
    expect(findClass('network')?.fieldByName.get('MTU')?.default).toBe(1500);
  });

  it('keeps class names as the datamodel spells them, with a case-insensitive helper', () => {
    expect(findClass('session')?.name).toBe('session');
    expect(findClass('Session')).toBeUndefined();
    expect(findClassInsensitive('vm')?.name).toBe('VM');
    expect(findClassInsensitive('vm_guest_metrics')?.name).toBe('VM_guest_metrics');
    expect(findClassInsensitive('nope')).toBeUndefined();
  });
});

describe('findMessage and parseWireName', () => {
  it('accepts "Class.msg" and "Class_msg" and nothing else', () => {
    expect(findMessage('VM.start')).toBe(findMessage('VM_start'));
    expect(findMessage('VM_appliance_start')?.cls).toBe('VM_appliance');
    expect(findMessage('VM_appliance.start')?.cls).toBe('VM_appliance');
    expect(findMessage('VM_guest_metrics_get_os_version')?.wireName).toBe('VM_guest_metrics.get_os_version');
    expect(findMessage('session.login_with_password')?.name).toBe('login_with_password');
    expect(findMessage('Async.VM.start')).toBeUndefined();
    expect(findMessage('vm.start')).toBeUndefined();
    expect(findMessage('VM.nope')).toBeUndefined();
  });

  it('resolves every message by both wire names', () => {
    for (const c of SCHEMA.classes.values()) {
      for (const m of c.messages.values()) {
        expect(findMessage(m.wireName)).toBe(m);
        // The underscore alias may collide; then the first class in datamodel order wins.
        expect(findMessage(`${c.name}_${m.name}`)).toBeDefined();
      }
    }
  });

  it('strips Async. and InternalAsync.', () => {
    expect(parseWireName('Async.VM.start')).toMatchObject({
      async: true,
      internal: false,
      cls: 'VM',
      msg: 'start',
    });
    expect(parseWireName('InternalAsync.VM.start')).toMatchObject({ async: true, internal: true, cls: 'VM' });
    expect(parseWireName('Async.VM_clone')).toMatchObject({
      async: true,
      cls: 'VM',
      msg: 'clone',
      syncName: 'VM_clone',
    });
    expect(parseWireName('VM.start')?.message).toBe(findMessage('VM.start'));
  });

  it('splits unknown messages so callers can answer MESSAGE_METHOD_UNKNOWN', () => {
    expect(parseWireName('VM.frobnicate')).toMatchObject({
      cls: 'VM',
      msg: 'frobnicate',
      message: undefined,
    });
    expect(parseWireName('VM_appliance_frobnicate')).toMatchObject({
      cls: 'VM_appliance',
      msg: 'frobnicate',
    });
    expect(parseWireName('Nope.x')).toMatchObject({ cls: 'Nope', msg: 'x', message: undefined });
    expect(parseWireName('frobnicate')).toBeUndefined();
    expect(parseWireName('Async.')).toBeUndefined();
  });
  // Its speed is measured in bench/codec.bench.ts (wire name lookup), not asserted here.
});

describe('underscore aliases', () => {
  it('are unique across the datamodel and never shadow a dotted name', () => {
    const seen = new Map<string, string>();
    for (const c of SCHEMA.classes.values()) {
      for (const m of c.messages.values()) {
        const alias = `${c.name}_${m.name}`;
        expect(seen.get(alias), alias).toBeUndefined();
        seen.set(alias, m.wireName);
      }
    }
    for (const alias of seen.keys()) expect(alias.includes('.')).toBe(false);
  });
});
