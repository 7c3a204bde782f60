// event.from tokens never go backwards (issue 17 item 4). xapi's token is "%020Ld,%020Ld" (DB generation,
// message generation), zero-padded "so tokens which differ only in the generation can be compared
// lexicographically as strings" (xen-api ocaml/xapi/xapi_event.ml, module Token). from_inner starts its
// range at the caller's generation ({... last = since}) and only moves `last` forward while collecting
// events, so the generation of the token it returns is never below the one it was given.

const TOKEN = /^(\d{20}),(\d{20})$/;

/** Why `returned` is not a valid successor of `given` ("" is the beginning), or undefined when it is. */
export function tokenOrderProblem(given: string, returned: unknown): string | undefined {
  if (typeof returned !== 'string') return `expected a token string, got ${typeof returned}`;
  const r = TOKEN.exec(returned);
  if (r === null) return `expected a token "%020Ld,%020Ld", got ${JSON.stringify(returned)}`;
  const g = TOKEN.exec(given);
  if (g === null) return undefined;
  if (BigInt(r[1] ?? '0') < BigInt(g[1] ?? '0')) {
    return `token went backwards: ${JSON.stringify(returned)} is before the token given, ${JSON.stringify(given)}`;
  }
  return undefined;
}
