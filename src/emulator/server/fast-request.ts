// A request as the HTTP fast path read it (fast-connection.ts): the handler's EmuRequest.
import type { EmuRequest } from './http-types.ts';

/** Headers node keeps the first of (_http_incoming.js matchKnownFields): a repeat is dropped. */
const FIRST_ONLY: ReadonlySet<string> = new Set([
  'content-type',
  'content-length',
  'user-agent',
  'referer',
  'host',
  'authorization',
  'proxy-authorization',
  'if-modified-since',
  'if-unmodified-since',
  'from',
  'location',
  'max-forwards',
  'retry-after',
  'etag',
  'last-modified',
  'server',
  'age',
  'expires',
]);

/** A request read by the fast path; its header object is built only if the handler reads it. */
export class FastRequest implements EmuRequest {
  #headers: Record<string, string> | undefined;

  constructor(
    readonly method: EmuRequest['method'],
    readonly path: string,
    readonly body: Uint8Array,
    readonly head: Buffer,
    readonly fields: readonly number[],
  ) {}

  /**
   * As node's req.headers, string values only (NodeRequest in http-server.ts drops set-cookie's array):
   * lower-case names, a repeat dropped, joined with "; " (cookie) or ", " (the rest), as node does.
   */
  get headers(): Readonly<Record<string, string>> {
    if (this.#headers === undefined) {
      const out: Record<string, string> = {};
      const f = this.fields;
      for (let i = 0; i < f.length; i += 4) {
        const name = this.head.toString('latin1', f[i], f[i + 1]).toLowerCase();
        const value = this.head.toString('latin1', f[i + 2], f[i + 3]);
        const before = out[name];
        if (name === 'set-cookie') continue;
        if (before === undefined) out[name] = value;
        else if (!FIRST_ONLY.has(name)) out[name] = `${before}${name === 'cookie' ? '; ' : ', '}${value}`;
      }
      this.#headers = out;
    }
    return this.#headers;
  }
}
