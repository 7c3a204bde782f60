// The generic messages checked against each other and the model (src/model/vm-generic-calls.ts). The
// emulator faults get-by-uuid-wrong and get-by-name-label-partial break them; the fault grid shows the
// vm-lifecycle area (its generic-surface property) catching both.
import { describe, expect, it } from 'vitest';
import { S, accept, call, err, ok, putVm, reject, vm, withSession } from './helpers.ts';

const A = 'OpaqueRef:a';
const B = 'OpaqueRef:b';
const UA = '11111111-2222-3333-4444-555555555555';

describe('generic messages', () => {
  it('get_uuid is learnt once and never changes; get_by_uuid of it is that VM', () => {
    let s = putVm(putVm(withSession(), vm(A, { nameLabel: 'x' })), vm(B, { nameLabel: 'y' }));
    s = accept(s, call('VM.get_uuid', [S, A]), ok(UA));
    expect(reject(s, call('VM.get_uuid', [S, A]), ok('other'))).toMatch(/expected "1111/);
    accept(s, call('VM.get_by_uuid', [S, UA]), ok(A));
    expect(reject(s, call('VM.get_by_uuid', [S, UA]), ok(B))).toMatch(/expected "OpaqueRef:a"/);
    accept(s, call('VM.get_by_uuid', [S, 'no-such-uuid']), err('UUID_INVALID', 'VM', 'no-such-uuid'));
    reject(s, call('VM.get_by_uuid', [S, 'no-such-uuid']), ok(A));
  });

  it('get_by_name_label lists every owned VM of that name and none of the others', () => {
    const s = putVm(putVm(withSession(), vm(A, { nameLabel: 'x' })), vm(B, { nameLabel: 'y' }));
    accept(s, call('VM.get_by_name_label', [S, 'x']), ok([A]));
    expect(reject(s, call('VM.get_by_name_label', [S, 'x']), ok([]))).toMatch(/OpaqueRef:a missing/);
    expect(reject(s, call('VM.get_by_name_label', [S, 'x']), ok([A, B]))).toMatch(/OpaqueRef:b listed/);
  });
});
