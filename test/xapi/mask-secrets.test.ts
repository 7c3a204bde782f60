import { describe, expect, it } from 'vitest';
import {
  MASK,
  maskResult,
  maskSecrets,
  maskSessionRef,
  normaliseMethod,
  maskSecretEntries,
} from '../../src/xapi/mask-secrets.ts';

const SESSION = 'OpaqueRef:1a2b3c4d-1111-2222-3333-444455556666';

describe('maskSecrets', () => {
  it('masks the password of both login calls, in either wire spelling and under Async', () => {
    expect(maskSecrets('session.login_with_password', ['root', 'hunter2'])).toEqual(['root', MASK]);
    expect(maskSecrets('session_login_with_password', ['root', 'hunter2', '1.0', 'ci'])).toEqual([
      'root',
      MASK,
      '1.0',
      'ci',
    ]);
    expect(maskSecrets('session.slave_local_login_with_password', ['root', 'hunter2'])).toEqual([
      'root',
      MASK,
    ]);
  });

  it('masks both passwords of change_password and shortens the session ref', () => {
    expect(maskSecrets('session.change_password', [SESSION, 'old-secret', 'new-secret'])).toEqual([
      'OpaqueRef:1a2b3c4d…',
      MASK,
      MASK,
    ]);
  });

  it('masks declared params whose name says password or pwd', () => {
    // The declared names come from the schema (pool.join's master_password).
    expect(maskSecrets('pool.join', [SESSION, '10.0.0.1', 'root', 'p4ss'])).toEqual([
      'OpaqueRef:1a2b3c4d…',
      '10.0.0.1',
      'root',
      MASK,
    ]);
  });

  it('masks secret-looking members of maps, however deep', () => {
    const dc = { server: 'nfs1', password: 'a', nested: { CHAPpassword: 'b', ok: 'c', api_secret: 'd' } };
    const [, masked] = maskSecrets('SR.create', [SESSION, dc]);
    expect(masked).toEqual({
      server: 'nfs1',
      password: MASK,
      nested: { CHAPpassword: MASK, ok: 'c', api_secret: MASK },
    });
  });

  it("masks the secret class's value, and AD's pass", () => {
    expect(maskSecrets('secret.set_value', [SESSION, 'OpaqueRef:s', 'chap-pw'])).toEqual([
      'OpaqueRef:1a2b3c4d…',
      'OpaqueRef:s',
      MASK,
    ]);
    expect(maskSecrets('Async.secret.create', [SESSION, { value: 'chap-pw', other_config: {} }])[1]).toEqual({
      value: MASK,
      other_config: {},
    });
    expect(maskResult('secret.get_value', 'chap-pw')).toBe(MASK);
    expect(maskResult('secret.get_record', { uuid: 'u', value: 'chap-pw' })).toEqual({
      uuid: 'u',
      value: MASK,
    });
    // Outside the secret class, "value" is ordinary data.
    expect(maskResult('VM.get_other_config', { value: 'x', pass: 'y' })).toEqual({ value: 'x', pass: MASK });
  });

  it('normalises method spellings', () => {
    expect(normaliseMethod('Async.VM.start')).toBe('vm.start');
    expect(normaliseMethod('VM_start')).toBe('vm.start');
    expect(normaliseMethod('InternalAsync.session.login_with_password')).toBe('session.login_with_password');
  });

  it('never returns a full session ref', () => {
    expect(maskSessionRef(SESSION)).toBe('OpaqueRef:1a2b3c4d…');
    expect(maskSessionRef('OpaqueRef:NULL')).toBe('OpaqueRef:NULL');
    expect(maskSessionRef('not-a-ref')).toBe(MASK);
  });
});

describe('one set of rules for traces and reports', () => {
  it('shortens the session ref of every call that takes one, never a login result in params', () => {
    expect(maskSecrets('VM.start', [SESSION, 'OpaqueRef:vm', false, false])).toEqual([
      'OpaqueRef:1a2b3c4d…',
      'OpaqueRef:vm',
      false,
      false,
    ]);
    // Masking twice changes nothing (reports mask again what the harness masked when recording).
    const once = maskSecrets('VM.start', [SESSION, 'OpaqueRef:vm', false, false]);
    expect(maskSecrets('VM.start', once)).toEqual(once);
  });

  it('login passwords by position, secret-looking struct keys by name, Async. prefix included', () => {
    expect(maskSecrets('session.login_with_password', ['root', 'pw', '2.21', 'o'])).toEqual([
      'root',
      MASK,
      '2.21',
      'o',
    ]);
    expect(maskSecrets('Async.session.change_password', ['s', 'old', 'new'])).toEqual(['s', MASK, MASK]);
    expect(
      maskSecrets('SR.create', ['s', { device_config: { server: 'h', password: 'p', chappassword: 'c' } }]),
    ).toEqual(['s', { device_config: { server: 'h', password: MASK, chappassword: MASK } }]);
    expect(maskSecrets('VM.get_record', ['s', 'OpaqueRef:x'])).toEqual(['s', 'OpaqueRef:x']);
  });

  it('masks secret-looking environment entries', () => {
    expect(maskSecretEntries({ XAPI_PASSWORD: 'p', XAPI_URL: 'u', API_TOKEN: 't' })).toEqual({
      XAPI_PASSWORD: MASK,
      XAPI_URL: 'u',
      API_TOKEN: MASK,
    });
  });
});
