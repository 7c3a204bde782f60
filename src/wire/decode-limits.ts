// Limits that keep decoding bounded in time and memory on hostile input.

/** What a caller may tighten or loosen; every field is optional. */
export interface DecodeLimits {
  /**
   * Maximum body size: bytes for a Uint8Array body, UTF-16 code units for a string body.
   * Default 300 KiB, xapi's request limit (xen-api ocaml/xapi-consts/constants.ml:421, SEMANTICS.md §2).
   * A client decoding large responses (get_all_records of a big pool) should raise it.
   */
  readonly maxBytes?: number;
  /** Maximum nesting of values (arrays, structs). Default 64. */
  readonly maxDepth?: number;
  /** Maximum number of values in one document. Default 1,000,000. */
  readonly maxValues?: number;
}

export interface ResolvedLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxValues: number;
}

const DEFAULT_LIMITS: ResolvedLimits = { maxBytes: 300 * 1024, maxDepth: 64, maxValues: 1_000_000 };

export function resolveLimits(l: DecodeLimits | undefined): ResolvedLimits {
  if (l === undefined) return DEFAULT_LIMITS;
  return {
    maxBytes: l.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxDepth: l.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxValues: l.maxValues ?? DEFAULT_LIMITS.maxValues,
  };
}
