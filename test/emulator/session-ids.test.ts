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

  it('every hex digit occurs at every random position (no stuck nibble, no digit out of place)', () => {
    const ids = new SessionIdSource();
    const digits = Array.from({ length: 36 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) [...ids.uuid()].forEach((c, at) => digits[at]!.add(c));
    digits.forEach((seen, at) => {
      const all = [...seen].sort().join('');
      // The dashes, the version nibble (4) and the variant (10xx: 8, 9, a, b) are fixed; the rest is random.
      const expected =
        at === 8 || at === 13 || at === 18 || at === 23
          ? '-'
          : at === 14
            ? '4'
            : at === 19
              ? '89ab'
              : '0123456789abcdef';
      expect(all, `position ${at}`).toBe(expected);
    });
  });
});
