// Secrets never reach a recording or a report. What counts as a secret:
// - the password of session.login_with_password and session.slave_local_login_with_password (2nd param),
//   both passwords of session.change_password (params after the session), (xenapi.json, class session);
// - any param whose declared name contains "password" or "pwd" (pool.join's master_password, ...);
// - map/struct members whose key contains "password", "passwd", "pwd" or "secret", or is "pass"
//   (SR.create's device_config, host.call_plugin args, pool.enable_external_auth's config, ...);
// - the `value` of the `secret` class, where xapi keeps SR and other credentials (xenapi.json, class
//   secret): secret.create's record member, secret.set_value's param, secret.get_value's result and
//   the `value` member of secret records;
// - session refs: they are bearer secrets (SEMANTICS.md §2, Ref.make_secret). They are shortened to a
//   recognisable prefix so a recording can still tell sessions apart.
import { toJsonSafe } from './json-safe.ts';
import type { JsonSafeHooks, JsonSafeLimits, JsonValue } from './json-safe.ts';

export const MASK = '******';

const SECRET_NAME = /password|passwd|pwd/i;
const SECRET_KEY = /password|passwd|pwd|secret|^pass$/i;
/** In calls on the `secret` class, its `value` member is the secret itself. */
const SECRET_CLASS_KEY = /^value$|password|passwd|pwd|secret|^pass$/i;
const LOGIN_METHODS = new Set(['session.login_with_password', 'session.slave_local_login_with_password']);

/** "Async.VM.start" / "VM_start" / "session.Login_with_password" → "vm.start" style key for the rules. */
export function normaliseMethod(method: string): string {
  let m = method;
  if (m.startsWith('Async.')) m = m.slice(6);
  else if (m.startsWith('InternalAsync.')) m = m.slice(14);
  if (!m.includes('.')) {
    const i = m.indexOf('_');
    if (i > 0) m = `${m.slice(0, i)}.${m.slice(i + 1)}`;
  }
  return m.toLowerCase();
}

/** True for the login calls whose *result* is a fresh session ref. */
export function isLoginMethod(method: string): boolean {
  return LOGIN_METHODS.has(normaliseMethod(method));
}

/** "OpaqueRef:1a2b3c4d-…" → "OpaqueRef:1a2b3c4d…": enough to tell sessions apart, useless to an attacker. */
export function maskSessionRef(ref: string): string {
  const m = /^(OpaqueRef:)?([0-9a-fA-F]{8})/.exec(ref);
  if (m === null || ref === 'OpaqueRef:NULL') return ref === 'OpaqueRef:NULL' ? ref : MASK;
  return `${m[1] ?? ''}${m[2] ?? ''}…`;
}

/**
 * Masked, JSON-safe copies of a call's params. `paramNames` are the declared names in wire order
 * (including `session_id` when the method takes a session), when the method is known to the schema.
 */
export function maskSecrets(
  method: string,
  params: readonly unknown[],
  paramNames?: readonly string[],
  limits?: JsonSafeLimits,
  rewrite?: (s: string) => string,
): JsonValue[] {
  const m = normaliseMethod(method);
  const secretIdx = new Set<number>();
  if (LOGIN_METHODS.has(m)) secretIdx.add(1);
  if (m === 'session.change_password') {
    secretIdx.add(1);
    secretIdx.add(2);
  }
  const secretClass = m.startsWith('secret.');
  paramNames?.forEach((name, i) => {
    if (SECRET_NAME.test(name) || (secretClass && name === 'value')) secretIdx.add(i);
  });
  const sessionFirst = paramNames !== undefined ? paramNames[0] === 'session_id' : !LOGIN_METHODS.has(m);
  const hooks = hooksFor(m, rewrite);
  return params.map((p, i) => {
    if (secretIdx.has(i)) return MASK;
    if (i === 0 && sessionFirst && typeof p === 'string' && p.startsWith('OpaqueRef:'))
      return maskSessionRef(p);
    return toJsonSafe(p, limits, hooks);
  });
}

/** A result safe to record: login results (session refs) are shortened, secret members masked. */
export function maskResult(
  method: string,
  value: unknown,
  limits?: JsonSafeLimits,
  rewrite?: (s: string) => string,
): JsonValue {
  const m = normaliseMethod(method);
  if (LOGIN_METHODS.has(m) && typeof value === 'string') return maskSessionRef(value);
  if (m === 'secret.get_value') return MASK;
  return toJsonSafe(value, limits, hooksFor(m, rewrite));
}

const MEMBER_HOOKS: JsonSafeHooks = { secretKey: SECRET_KEY, mask: MASK };
const SECRET_CLASS_HOOKS: JsonSafeHooks = { secretKey: SECRET_CLASS_KEY, mask: MASK };

function hooksFor(normalisedMethod: string, rewrite: ((s: string) => string) | undefined): JsonSafeHooks {
  const base = normalisedMethod.startsWith('secret.') ? SECRET_CLASS_HOOKS : MEMBER_HOOKS;
  return rewrite === undefined ? base : { ...base, string: rewrite };
}
