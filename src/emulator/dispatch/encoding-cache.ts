// The bound on cached encodings (issue 16, `--cache-mb`): StoredObject.encoded keeps each record's
// encodings so get_record / get_all_records serve bytes without re-encoding, but at 50,000 VMs that is
// hundreds of MB per protocol. This accounts every cached encoding by size and, past the budget, drops
// the encodings of the least recently served records (they are encoded again when next asked for).
// Encodings cleared by a change (ObjectDb drops obj.encoded) stay counted until they leave the LRU
// order, so the budget bounds what is held, stale copies included.
import type { StoredObject } from '../db/db-types.ts';

export const DEFAULT_CACHE_MB = 512;

interface Entry {
  /** The obj.encoded map this entry accounts for (a change replaces it: the entry is then stale). */
  map: StoredObject['encoded'];
  bytes: number;
}

export interface EncodingCacheStats {
  readonly limitBytes: number;
  readonly bytes: number;
  readonly records: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

export class EncodingCache {
  readonly limitBytes: number;
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  /** Least recently served first (Map iteration order is insertion order). */
  readonly #lru = new Map<StoredObject, Entry>();

  constructor(limitMb: number = DEFAULT_CACHE_MB) {
    if (!Number.isFinite(limitMb) || limitMb < 0)
      throw new RangeError(`cache size must be ≥ 0 MB, not ${limitMb}`);
    this.limitBytes = Math.floor(limitMb * 1024 * 1024);
  }

  /** The most recently used record, which a hit need not move (a client polling one record). */
  #newest: StoredObject | undefined;

  /** A cached encoding of `obj` was served: it becomes the most recently used. */
  hit(obj: StoredObject): void {
    this.#hits++;
    if (obj === this.#newest) return;
    this.#newest = obj;
    const e = this.#lru.get(obj);
    if (e !== undefined) {
      this.#lru.delete(obj);
      this.#lru.set(obj, e);
    }
  }

  /**
   * `obj` was encoded (a miss) and `bytes` of encoding were stored in obj.encoded; evicts the least
   * recently served records until the total is within the budget (possibly `obj` itself, when the
   * budget is smaller than one record).
   */
  stored(obj: StoredObject, bytes: number): void {
    this.#misses++;
    let e = this.#lru.get(obj);
    if (e !== undefined) {
      this.#lru.delete(obj);
      if (e.map !== obj.encoded) {
        // The object changed since: its old encodings are gone from it.
        this.#bytes -= e.bytes;
        e = undefined;
      }
    }
    e ??= { map: obj.encoded, bytes: 0 };
    e.bytes += bytes;
    this.#bytes += bytes;
    this.#lru.set(obj, e);
    this.#newest = obj;
    for (const [old, entry] of this.#lru) {
      if (this.#bytes <= this.limitBytes) break;
      if (old.encoded === entry.map) old.encoded = undefined;
      this.#bytes -= entry.bytes;
      this.#lru.delete(old);
      this.#evictions++;
    }
  }

  /**
   * One of `obj`'s stored encodings was replaced by one `delta` bytes larger (a JSON-RPC get_record response
   * built for another id): the same encoding served in another envelope, neither a miss nor a second copy.
   */
  resized(obj: StoredObject, delta: number): void {
    const e = this.#lru.get(obj);
    if (e === undefined || e.map !== obj.encoded) return;
    e.bytes += delta;
    this.#bytes += delta;
  }

  stats(): EncodingCacheStats {
    return {
      limitBytes: this.limitBytes,
      bytes: this.#bytes,
      records: this.#lru.size,
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
    };
  }
}
