// Dispatch in xapi's order (SEMANTICS.md §2 "Dispatch"), in-process and through the real codecs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.ts';
import { failureOf, rawCall, startEmulator, valueOf } from './fixture.ts';

let emu: Emulator;
let session: string;
let roSession: string;
let vm: string;

beforeAll(async () => {
  emu = await startEmulator({
    listen: false,
    users: [{ name: 'auditor', password: 'pw', role: 'read-only' }],
  });
  session = valueOf(await rawCall(emu, 'session.login_with_password', ['root', 'xapi-harness'])) as string;
  roSession = valueOf(await rawCall(emu, 'session.login_with_password', ['auditor', 'pw'])) as string;
  vm = emu.host.controlDomain;
});
afterAll(async () => {
  await emu.close();
});

describe('method lookup', () => {
  it('accepts Class.msg and Class_msg', async () => {
    expect(valueOf(await rawCall(emu, 'VM.get_name_label', [session, vm]))).toMatch(/^Control domain/);
    expect(valueOf(await rawCall(emu, 'VM_get_name_label', [session, vm]))).toMatch(/^Control domain/);
  });

  it('Async. and InternalAsync. resolve both spellings; a doubled prefix is an unknown name', async () => {
    // server_helpers.ml sync_ty_and_maybe_remove_prefix strips one prefix; the rest must be a message
    // (a getter has no async mode: the Fault names the call as sent, without the prefix).
    for (const m of [
      'Async.VM.get_name_label',
      'Async.VM_get_name_label',
      'InternalAsync.VM.get_name_label',
    ]) {
      expect(failureOf(await rawCall(emu, m, [session, vm]))).toEqual([
        'Fault',
        `No async mode for this operation (rpc: ${m.slice(m.indexOf('.') + 1)})`,
      ]);
    }
    expect(failureOf(await rawCall(emu, 'Async.Async.VM.get_name_label', [session, vm]))).toEqual([
      'MESSAGE_METHOD_UNKNOWN',
      'Async.VM.get_name_label',
    ]);
    expect(failureOf(await rawCall(emu, 'Async.system.listMethods', []))).toEqual([
      'MESSAGE_METHOD_UNKNOWN',
      'system.listMethods',
    ]);
  });

  it('unknown method without params: MESSAGE_METHOD_UNKNOWN [name]', async () => {
    expect(failureOf(await rawCall(emu, 'VM.frobnicate', []))).toEqual([
      'MESSAGE_METHOD_UNKNOWN',
      'VM.frobnicate',
    ]);
  });

  it('unknown method with params: param 1 is session-checked first', async () => {
    expect(failureOf(await rawCall(emu, 'VM.frobnicate', ['OpaqueRef:bogus']))).toEqual([
      'SESSION_INVALID',
      'OpaqueRef:bogus',
    ]);
    expect(failureOf(await rawCall(emu, 'VM.frobnicate', [session, 'x']))).toEqual([
      'MESSAGE_METHOD_UNKNOWN',
      'VM.frobnicate',
    ]);
  });

  it('unknown method from a session without host.call_extension: RBAC_PERMISSION_DENIED first', async () => {
    const f = failureOf(await rawCall(emu, 'VM.frobnicate', [roSession]));
    expect(f[0]).toBe('RBAC_PERMISSION_DENIED');
    expect(f[1]).toBe('host.call_extension');
  });

  it('system.isAlive:<x> echoes its first parameter', async () => {
    expect(valueOf(await rawCall(emu, 'system.isAlive:probe', [{ a: 1n, b: ['x'] }]))).toEqual({
      a: 1n,
      b: ['x'],
    });
    expect(failureOf(await rawCall(emu, 'system.isAlive:probe', []))[0]).toBe('INTERNAL_ERROR');
  });

  it('system.listMethods lists every Class.msg', async () => {
    const methods = valueOf(await rawCall(emu, 'system.listMethods', [])) as string[];
    expect(methods).toContain('VM.get_record');
    expect(methods).toContain('session.login_with_password');
    expect(methods).toContain('host.call_extension');
    expect(methods.length).toBeGreaterThan(1900);
    expect(methods.every((m) => /^[A-Za-z_]+\.[A-Za-z0-9_]+$/.test(m))).toBe(true);
  });
});

describe('arity', () => {
  it('counts params without the session: MESSAGE_PARAMETER_COUNT_MISMATCH [method, expected, received]', async () => {
    expect(failureOf(await rawCall(emu, 'VM.get_record', [session]))).toEqual([
      'MESSAGE_PARAMETER_COUNT_MISMATCH',
      'VM.get_record',
      '1',
      '0',
    ]);
    expect(failureOf(await rawCall(emu, 'VM.get_record', [session, vm, 'x']))).toEqual([
      'MESSAGE_PARAMETER_COUNT_MISMATCH',
      'VM.get_record',
      '1',
      '2',
    ]);
    expect(failureOf(await rawCall(emu, 'VM.get_all', []))).toEqual([
      'MESSAGE_PARAMETER_COUNT_MISMATCH',
      'VM.get_all',
      '0',
      '-1',
    ]);
  });

  it('login takes 2 or 4 params: defaulted params are not counted and surplus ones are ignored', async () => {
    expect(
      valueOf(await rawCall(emu, 'session.login_with_password', ['root', 'xapi-harness', '1.0', 'tests'])),
    ).toMatch(/^OpaqueRef:/);
    expect(
      valueOf(
        await rawCall(emu, 'session.login_with_password', ['root', 'xapi-harness', '1.0', 'x', 'surplus']),
      ),
    ).toMatch(/^OpaqueRef:/);
    expect(failureOf(await rawCall(emu, 'session.login_with_password', ['root']))).toEqual([
      'MESSAGE_PARAMETER_COUNT_MISMATCH',
      'session.login_with_password',
      '2',
      '1',
    ]);
  });

  it('arity is checked before the session', async () => {
    expect(failureOf(await rawCall(emu, 'VM.get_record', ['OpaqueRef:bogus']))[0]).toBe(
      'MESSAGE_PARAMETER_COUNT_MISMATCH',
    );
  });
});

describe('unmarshalling', () => {
  it('a wrongly typed param is an INTERNAL_ERROR, before the session check', async () => {
    const f = failureOf(await rawCall(emu, 'VM.set_VCPUs_max', ['OpaqueRef:bogus', vm, true]));
    expect(f[0]).toBe('INTERNAL_ERROR');
    expect(failureOf(await rawCall(emu, 'VM.get_record', [42n, vm]))[0]).toBe('INTERNAL_ERROR');
  });

  it('ints are accepted as <int> or decimal strings; enums case-insensitively', async () => {
    valueOf(await rawCall(emu, 'VM.set_user_version', [session, vm, 5n]));
    expect(valueOf(await rawCall(emu, 'VM.get_user_version', [session, vm]))).toBe('5');
    valueOf(await rawCall(emu, 'VM.set_user_version', [session, vm, '6']));
    expect(valueOf(await rawCall(emu, 'VM.get_user_version', [session, vm]))).toBe('6');
    valueOf(await rawCall(emu, 'VM.set_actions_after_crash', [session, vm, 'RESTART']));
    expect(valueOf(await rawCall(emu, 'VM.get_actions_after_crash', [session, vm]))).toBe('restart');
    expect(failureOf(await rawCall(emu, 'VM.set_actions_after_crash', [session, vm, 'explode']))[0]).toBe(
      'INTERNAL_ERROR',
    );
  });

  it('a lone surrogate (invalid UTF-8) is INVALID_VALUE', async () => {
    const res = await emu.handle({
      method: 'POST',
      path: '/jsonrpc',
      headers: {},
      body: new TextEncoder().encode(
        '{"jsonrpc":"2.0","method":"VM.set_name_label","params":["x","y","\\ud800"],"id":1}',
      ),
    });
    const body = JSON.parse(new TextDecoder().decode(res.body)) as {
      error: { message: string; data: string[] };
    };
    expect(body.error.message).toBe('INVALID_VALUE');
    expect(body.error.data[0]).toBe('Invalid UTF-8 string in parameter');
  });
});

describe('session check and RBAC', () => {
  it('SESSION_INVALID [ref] for an unknown or logged-out session', async () => {
    expect(
      failureOf(await rawCall(emu, 'VM.get_all', ['OpaqueRef:00000000-0000-0000-0000-000000000000'])),
    ).toEqual(['SESSION_INVALID', 'OpaqueRef:00000000-0000-0000-0000-000000000000']);
    const s = valueOf(await rawCall(emu, 'session.login_with_password', ['root', 'xapi-harness'])) as string;
    valueOf(await rawCall(emu, 'session.logout', [s]));
    expect(failureOf(await rawCall(emu, 'VM.get_all', [s]))).toEqual(['SESSION_INVALID', s]);
  });

  it('a read-only session reads but cannot write: RBAC_PERMISSION_DENIED [permission, msg]', async () => {
    expect(valueOf(await rawCall(emu, 'VM.get_name_label', [roSession, vm]))).toBeTypeOf('string');
    const f = failureOf(await rawCall(emu, 'VM.set_name_label', [roSession, vm, 'x']));
    expect(f[0]).toBe('RBAC_PERMISSION_DENIED');
    expect(f[1]).toBe('vm.set_name_label');
    expect(f[2]).toMatch(/^No permission in user session\. \(Roles with this permission: pool-admin/);
    const rec = valueOf(await rawCall(emu, 'session.get_record', [roSession, roSession])) as Record<
      string,
      unknown
    >;
    expect(rec['is_local_superuser']).toBe(false);
    expect(rec['rbac_permissions']).toContain('vm.get_record');
    expect(rec['rbac_permissions']).not.toContain('vm.set_name_label');
  });

  it('RBAC is checked after the session and before execution', async () => {
    expect(failureOf(await rawCall(emu, 'VM.set_name_label', [roSession, 'OpaqueRef:nope', 'x']))[0]).toBe(
      'RBAC_PERMISSION_DENIED',
    );
  });
});

describe('execution', () => {
  it('a message without behaviour answers NOT_IMPLEMENTED, never a silent success', async () => {
    expect(failureOf(await rawCall(emu, 'host.call_plugin', [session, emu.host.host, 'p', 'f', {}]))).toEqual(
      ['NOT_IMPLEMENTED', 'host.call_plugin'],
    );
  });

  it('Async. of a message without async mode is a Fault', async () => {
    expect(failureOf(await rawCall(emu, 'Async.VM.get_name_label', [session, vm]))).toEqual([
      'Fault',
      'No async mode for this operation (rpc: VM.get_name_label)',
    ]);
  });

  it('Async. of an async-capable message answers a task ref and completes the task', async () => {
    const task = valueOf(
      await rawCall(emu, 'Async.network.create', [
        session,
        { name_label: 'async-net', name_description: '', MTU: 1500n, other_config: {} },
      ]),
    ) as string;
    expect(task).toMatch(/^OpaqueRef:/);
    let rec: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) {
      rec = valueOf(await rawCall(emu, 'task.get_record', [session, task])) as Record<string, unknown>;
      if (rec['status'] !== 'pending') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(rec['status']).toBe('success');
    expect(rec['name_label']).toBe('Async.network.create');
    expect(rec['result']).toMatch(/^<value>OpaqueRef:[0-9a-f-]+<\/value>$/);
  });

  it('a removed message answers MESSAGE_REMOVED after the session check', async () => {
    const f = failureOf(await rawCall(emu, 'VM.get_is_snapshot_from_vmpp', [session, vm]));
    expect(f).toEqual(['MESSAGE_REMOVED']);
  });
});
