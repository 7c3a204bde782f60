// event.from tokens (xen-api ocaml/xapi/xapi_event.ml `Token`; SEMANTICS.md §6): "%020Ld,%020Ld" =
// (database generation, message generation), zero-padded so tokens compare as strings; "" means
// "from the beginning". Anything else gives EVENT_FROM_TOKEN_PARSE_FAILURE [token].
import { fail } from '../dispatch/xapi-error.ts';

export interface EventToken {
  readonly generation: number;
  readonly messageGeneration: number;
}

export function formatToken(t: EventToken): string {
  return `${pad(t.generation)},${pad(t.messageGeneration)}`;
}

function pad(n: number): string {
  const s = String(Math.abs(Math.trunc(n))).padStart(n < 0 ? 19 : 20, '0');
  return n < 0 ? `-${s}` : s;
}

/** OCaml Int64.of_string: optional sign, decimal or 0x/0o/0b, underscores allowed after a digit. */
const INT64 = /^[-+]?(?:0[xX][0-9a-fA-F][0-9a-fA-F_]*|0[oO][0-7][0-7_]*|0[bB][01][01_]*|[0-9][0-9_]*)$/;

function int64(s: string, token: string): number {
  if (!INT64.test(s)) fail('EVENT_FROM_TOKEN_PARSE_FAILURE', token);
  const neg = s.startsWith('-');
  const body = s.replace(/^[-+]/, '').replace(/_/g, '');
  const n = body.length > 2 && /^0[xXoObB]/.test(body) ? Number(body.toLowerCase()) : Number(body);
  if (!Number.isSafeInteger(n)) fail('EVENT_FROM_TOKEN_PARSE_FAILURE', token);
  return neg ? -n : n;
}

export function parseToken(token: string): EventToken {
  if (token === '') return { generation: 0, messageGeneration: 0 };
  const parts = token.split(',');
  if (parts.length !== 2) fail('EVENT_FROM_TOKEN_PARSE_FAILURE', token);
  return { generation: int64(parts[0]!, token), messageGeneration: int64(parts[1]!, token) };
}
