// Event subscriptions (xen-api ocaml/xapi/xapi_event.ml `Subscription`): "*", "class" or
// "class/ref"; the class part is compared in lower case, the ref verbatim. `of_string` splits on the
// first "/" only, so every string parses except none: EVENT_SUBSCRIPTION_PARSE_FAILURE is declared
// but unreachable in practice (kept for a non-string entry).
export type Subscription =
  | { readonly kind: 'all' }
  | { readonly kind: 'class'; readonly cls: string }
  | { readonly kind: 'object'; readonly cls: string; readonly ref: string };

export function parseSubscription(s: string): Subscription {
  if (s === '*') return { kind: 'all' };
  const slash = s.indexOf('/');
  if (slash < 0) return { kind: 'class', cls: s.toLowerCase() };
  return { kind: 'object', cls: s.slice(0, slash).toLowerCase(), ref: s.slice(slash + 1) };
}

/** Subscription.table_matches: some subscription selects events of this (lower-case) class. */
export function tableMatches(subs: readonly Subscription[], lowerCls: string): boolean {
  return subs.some((s) => s.kind === 'all' || s.cls === lowerCls);
}

/** Subscription.object_matches. */
export function objectMatches(subs: readonly Subscription[], lowerCls: string, ref: string): boolean {
  return subs.some((s) => s.kind === 'all' || (s.cls === lowerCls && (s.kind === 'class' || s.ref === ref)));
}
