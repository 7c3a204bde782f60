import { describe, expect, it } from 'vitest';
import {
  MASK,
  maskResult,
  maskSecrets,
  maskSessionRef,
  normaliseMethod,
} from '../../src/client/mask-secrets.ts';
import { Recorder } from '../../src/client/recorder.ts';
import type { CallRecordInput } from '../../src/client/recorder.ts';

const SESSION = 'OpaqueRef:1a2b3c4d-1111-2222-3333-444455556666';

function input(
  method: string,
  params: readonly unknown[],
  extra: Partial<CallRecordInput> = {},
): CallRecordInput {
  return {
    method,
    params,
    outcome: { kind: 'ok', value: '' },
    startedAt: 1_700_000_000_000,
    durationMs: 1.5,
    ...extra,
  };
}

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
    const names = ['session_id', 'master_address', 'master_username', 'master_password'];
    expect(maskSecrets('pool.join', [SESSION, '10.0.0.1', 'root', 'p4ss'], names)).toEqual([
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
    const names = ['session_id', 'self', 'value'];
    expect(maskSecrets('secret.set_value', [SESSION, 'OpaqueRef:s', 'chap-pw'], names)).toEqual([
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

describe('Recorder', () => {
  it('records masked calls with sequence numbers, ISO times and shortened sessions', () => {
    const r = new Recorder();
    r.record(
      input('session.login_with_password', ['root', 'hunter2'], { outcome: { kind: 'ok', value: SESSION } }),
    );
    r.record(
      input('VM.start', [SESSION, 'OpaqueRef:vm', false, false], {
        session: SESSION,
        outcome: {
          kind: 'failure',
          code: 'VM_BAD_POWER_STATE',
          params: ['OpaqueRef:vm', 'halted', 'running'],
        },
      }),
    );
    const json = JSON.stringify(r);
    expect(json).not.toContain('hunter2');
    expect(json).not.toContain(SESSION);
    const [login, start] = r.calls;
    expect(login?.seq).toBe(1);
    expect(login?.outcome).toEqual({ kind: 'ok', value: 'OpaqueRef:1a2b3c4d…' });
    expect(login?.startedAt).toBe('2023-11-14T22:13:20.000Z');
    expect(start?.session).toBe('OpaqueRef:1a2b3c4d…');
    expect(start?.outcome).toEqual({
      kind: 'failure',
      code: 'VM_BAD_POWER_STATE',
      params: ['OpaqueRef:vm', 'halted', 'running'],
    });
  });

  it('keeps the most recent calls in ring mode and counts the dropped ones', () => {
    const r = new Recorder({ capacity: 3 });
    for (let i = 0; i < 7; i++) r.record(input('host.get_all', [SESSION, i]));
    expect(r.total).toBe(7);
    expect(r.dropped).toBe(4);
    expect(r.calls.map((c) => c.seq)).toEqual([5, 6, 7]);
    expect(r.toJSON()).toMatchObject({ capacity: 3, mode: 'ring', total: 7, dropped: 4 });
  });

  it('keeps the first calls in head mode, and streams every call to onCall', () => {
    const streamed: number[] = [];
    const r = new Recorder({ capacity: 2, mode: 'head', onCall: (c) => streamed.push(c.seq) });
    for (let i = 0; i < 5; i++) r.record(input('host.get_all', [SESSION]));
    expect(r.calls.map((c) => c.seq)).toEqual([1, 2]);
    expect(r.dropped).toBe(3);
    expect(streamed).toEqual([1, 2, 3, 4, 5]);
  });

  it('bounds big values and serialises bigints, dates and non-finite numbers', () => {
    const r = new Recorder({ limits: { maxString: 8, maxItems: 2 } });
    const big = { a: 'x'.repeat(100), b: 2n ** 70n, c: new Date(0), d: NaN, e: 1 };
    r.record(input('VM.get_all_records', [SESSION], { outcome: { kind: 'ok', value: [big, big, big] } }));
    const value = r.calls[0]?.outcome;
    expect(value).toEqual({
      kind: 'ok',
      value: [
        { a: 'xxxxxxxx…(+92 chars)', b: '1180591620717411303424', '…': '+3 members' },
        { a: 'xxxxxxxx…(+92 chars)', b: '1180591620717411303424', '…': '+3 members' },
        '… +1 items',
      ],
    });
    expect(() => JSON.stringify(r)).not.toThrow();
  });

  it('rejects a capacity below 1', () => {
    expect(() => new Recorder({ capacity: 0 })).toThrow(RangeError);
  });
});
