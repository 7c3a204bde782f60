// Secrets never reach a trace, a log or a report: the one set of rules (issue 13), used by the harness
// when it records a call and by every report writer. What counts as a secret:
// - the password of session.login_with_password and session.slave_local_login_with_password (2nd param),
//   both passwords of session.change_password (params after the session) (xenapi.json, class session);
// - any param whose declared name contains "password" or "pwd" (pool.join's master_password, ...);
// - map/struct members whose key names a secret (password, passwd, pwd, secret, token, credential,
//   private key, or exactly "pass": SR.create's device_config, host.call_plugin args, ...);
// - the `value` of the `secret` class, where xapi keeps SR and other credentials (xenapi.json, class
//   secret): secret.create's record member, secret.set_value's param, secret.get_value's result;
// - session refs: they are bearer secrets (SEMANTICS.md §2, Ref.make_secret). They are shortened to a
//   recognisable prefix so a trace can still tell sessions apart.
import { findMessage } from './schema.ts';
import { splitAsyncPrefix } from './wire-name.ts';

export const MASK = '******';

const SECRET_NAME = /password|passwd|pwd/i;
const SECRET_KEY = /pass(word|wd)?|pwd|secret|token|credential|private[_-]?key/i;
/** In calls on the `secret` class, its `value` member is the secret itself. */
const SECRET_CLASS_KEY = new RegExp(`^value$|${SECRET_KEY.source}`, 'i');
const LOGIN_METHODS: ReadonlySet<string> = new Set([
  'session.login_with_password',
  'session.slave_local_login_with_password',
]);

/** "Async.VM.start" / "VM_start" / "session.Login_with_password" → "vm.start" style key for the rules. */
export function normaliseMethod(method: string): string {
  let m = splitAsyncPrefix(method).name;
  if (!m.includes('.')) {
    const i = m.indexOf('_');
    if (i > 0) m = `${m.slice(0, i)}.${m.slice(i + 1)}`;
  }
  return m.toLowerCase();
}

/** "OpaqueRef:1a2b3c4d-…" → "OpaqueRef:1a2b3c4d…": enough to tell sessions apart, useless to an attacker. */
export function maskSessionRef(ref: string): string {
  if (ref === 'OpaqueRef:NULL') return ref;
  const m = /^(OpaqueRef:)?([0-9a-fA-F]{8})/.exec(ref);
  if (m === null) return MASK;
  return `${m[1] ?? ''}${m[2] ?? ''}…`;
}

function maskMembers(value: unknown, key: RegExp, depth: number): unknown {
  if (depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => maskMembers(v, key, depth + 1));
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = key.test(k) ? MASK : maskMembers(v, key, depth + 1);
    return out;
  }
  return value;
}

/**
 * A call's parameters as a trace may show them: secret positions masked, the session ref (first
 * param of a method that takes one) shortened, secret struct members masked. Declared parameter names
 * come from the schema when it knows the method.
 */
export function maskSecrets(method: string, params: readonly unknown[]): unknown[] {
  const m = normaliseMethod(method);
  const secret = new Set<number>();
  if (LOGIN_METHODS.has(m)) secret.add(1);
  if (m === 'session.change_password') {
    secret.add(1);
    secret.add(2);
  }
  const secretClass = m.startsWith('secret.');
  const names = findMessage(splitAsyncPrefix(method).name)?.params.map((p) => p.name);
  names?.forEach((name, i) => {
    if (SECRET_NAME.test(name) || (secretClass && name === 'value')) secret.add(i);
  });
  const sessionFirst = names !== undefined ? names[0] === 'session_id' : !LOGIN_METHODS.has(m);
  const key = secretClass ? SECRET_CLASS_KEY : SECRET_KEY;
  return params.map((p, i) => {
    if (secret.has(i)) return MASK;
    if (i === 0 && sessionFirst && typeof p === 'string' && p.startsWith('OpaqueRef:'))
      return maskSessionRef(p);
    return maskMembers(p, key, 0);
  });
}

/** A call's result as a trace may show it: login results (session refs) shortened, secrets masked. */
export function maskResult(method: string, value: unknown): unknown {
  const m = normaliseMethod(method);
  if (LOGIN_METHODS.has(m) && typeof value === 'string') return maskSessionRef(value);
  if (m === 'secret.get_value') return MASK;
  return maskMembers(value, m.startsWith('secret.') ? SECRET_CLASS_KEY : SECRET_KEY, 0);
}

/** Masks the values of secret-looking keys in a flat map (environment variables, CLI options). */
export function maskSecretEntries(entries: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) out[k] = SECRET_KEY.test(k) ? MASK : v;
  return out;
}
