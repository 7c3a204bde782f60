// Secrets never reach a report: the client's Recorder masks passwords already, and every writer here
// masks again, so a call recorded by another path (a scenario, a raw test) cannot leak one either.

export const MASK = '******';

/** Parameter positions that carry a secret, by wire method (xenapi.json `session` class, SEMANTICS.md §3). */
const SECRET_POSITIONS: Readonly<Record<string, readonly number[]>> = {
  'session.login_with_password': [1],
  'session.slave_local_login_with_password': [1],
  'session.change_password': [1, 2],
};

const SECRET_KEY = /pass(word)?|pwd|secret|token|credential|private[_-]?key/i;

function maskValue(value: unknown, depth: number): unknown {
  if (depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? MASK : maskValue(v, depth + 1);
    return out;
  }
  return value;
}

/** Masks secret positions of known login calls, and any struct key that names a secret. */
export function maskSecrets(method: string, params: readonly unknown[]): unknown[] {
  const bare = method.replace(/^(Async|InternalAsync)\./, '');
  const positions = SECRET_POSITIONS[bare] ?? [];
  return params.map((p, i) => (positions.includes(i) ? MASK : maskValue(p, 0)));
}

/** A call step (or anything with method + params) with its parameters masked. */
export function maskStepParams<T extends { readonly method: string; readonly params: readonly unknown[] }>(
  step: T,
): T {
  return { ...step, params: maskSecrets(step.method, step.params) };
}

/** Masks the values of secret-looking keys in a flat map (environment variables, CLI options). */
export function maskSecretEntries(entries: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) out[k] = SECRET_KEY.test(k) ? MASK : v;
  return out;
}
