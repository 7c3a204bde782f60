// What an endpoint answered to one call, as the model sees it. Structurally the client's `Outcome`
// (src/client/outcome.ts): the model stays pure and imports nothing but src/xapi (ARCHITECTURE.md).

export type Observed =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: string; readonly params: readonly string[] };

export function observedToString(o: Observed): string {
  if (o.ok) return `Success ${preview(o.value)}`;
  return `Failure ${o.code}${o.params.length > 0 ? ` [${o.params.map((p) => JSON.stringify(p)).join(', ')}]` : ''}`;
}

/** A short, single-line rendering of a value for traces. */
export function preview(v: unknown, max = 160): string {
  let s: string;
  try {
    s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
