// Session refs and uuids (SEMANTICS.md §2; xen-api ocaml/xapi-types/ref.ml make_secret): random
// version-4 uuids, from batches of CSPRNG bytes (session-ids.ts).
import { describe, expect, it } from 'vitest';
import { SessionIdSource } from '../../src/emulator/sessions/session-ids.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('SessionIdSource', () => {
  it('gives "OpaqueRef:" + a version-4 uuid, and bare version-4 uuids, across several refills', () => {
    const ids = new SessionIdSource();
    for (let i = 0; i < 600; i++) {
      const ref = ids.ref();
      expect(ref.startsWith('OpaqueRef:')).toBe(true);
      expect(ref.slice('OpaqueRef:'.length)).toMatch(UUID_V4);
      expect(ids.uuid()).toMatch(UUID_V4);
    }
  });

  it('never repeats and is not the same sequence in two sources (random, not counted)', () => {
    const a = new SessionIdSource();
    const b = new SessionIdSource();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      seen.add(a.uuid());
      seen.add(b.uuid());
    }
    expect(seen.size).toBe(4000);
  });

  it('every hex digit of the random positions occurs (no stuck nibble)', () => {
    const ids = new SessionIdSource();
    const digits = new Set<string>();
    for (let i = 0; i < 200; i++) for (const c of ids.uuid().slice(0, 8)) digits.add(c);
    expect([...digits].sort().join('')).toBe('0123456789abcdef');
  });
});
