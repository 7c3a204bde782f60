// A session's ref and uuid, both random version-4 uuids as xapi's (SEMANTICS.md §2: session refs are
// secrets, xen-api ocaml/xapi-types/ref.ml `make_secret`, from urandom). crypto.randomUUID builds its
// answer from 20 concatenations (a tree of string pieces, ~600 bytes per uuid, flattened again when the
// ref becomes a Map key): in a login storm that was a tenth of each login's allocation (issue 16). Here
// the random bytes come in batches from the CSPRNG and each id is written as ASCII into a scratch buffer
// and read out as one flat string.
import { randomFillSync } from 'node:crypto';

const PREFIX = 'OpaqueRef:';
/** Ids per refill of the random pool (randomUUID batches 128 the same way). */
const BATCH = 256;
const HEX = '0123456789abcdef';

export class SessionIdSource {
  readonly #random = Buffer.allocUnsafe(16 * BATCH);
  #next = BATCH;
  /** "OpaqueRef:" then the 36 characters of a uuid. */
  readonly #text = Buffer.from(PREFIX + '00000000-0000-0000-0000-000000000000', 'latin1');

  /** A fresh random uuid (RFC 9562 version 4, as crypto.randomUUID). */
  uuid(): string {
    this.#write();
    return this.#text.toString('latin1', PREFIX.length);
  }

  /** A fresh random ref, "OpaqueRef:" + a version-4 uuid. */
  ref(): string {
    this.#write();
    return this.#text.toString('latin1');
  }

  #write(): void {
    if (this.#next === BATCH) {
      randomFillSync(this.#random);
      this.#next = 0;
    }
    const r = this.#random;
    const t = this.#text;
    const base = 16 * this.#next++;
    // Version 4 in the high nibble of byte 6, variant 10xx in byte 8 (RFC 9562 §5.4).
    r[base + 6] = (r[base + 6]! & 0x0f) | 0x40;
    r[base + 8] = (r[base + 8]! & 0x3f) | 0x80;
    let at = PREFIX.length;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) at++; // the dashes stay in place
      const b = r[base + i]!;
      t[at++] = HEX.charCodeAt(b >> 4);
      t[at++] = HEX.charCodeAt(b & 15);
    }
  }
}
