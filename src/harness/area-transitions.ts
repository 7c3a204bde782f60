// The transitions each area means to reach (issue 17 item 1): message × source state × outcome, with the
// source states named as the model names them (transition-coverage.ts sourceOf). A run reports what it left
// unreached; the steering commands (generators/commands/cover-*.ts) aim at exactly these keys, so the default
// budget of each area reaches all of them against the emulator.
import type { SessionPolicyName } from '../model/index.ts';
import { TASK_COMPLETION, transitionKey, UNKNOWN_METHOD } from './transition-coverage.ts';

const key = (message: string, source: string, outcome: string): string =>
  transitionKey({ message, source, outcome });

/**
 * Sessions (SEMANTICS.md §3; xapi_session.ml, session_check.ml): login, a wrong password (root only: for
 * another user xapi waits 5 s first), logout, and every use of a session after its logout or of one that
 * never existed (SESSION_INVALID), or of a dead session named as a parameter (HANDLE_INVALID, exnHelper.ml).
 */
export function sessionTransitions(opts: { readonly badPassword: boolean }): string[] {
  return [
    key('session.login_with_password', 'below limit', 'success'),
    ...(opts.badPassword
      ? [key('session.login_with_password', 'below limit', 'SESSION_AUTHENTICATION_FAILED')]
      : []),
    key('session.logout', 'live', 'success'),
    key('session.logout', 'session logged out', 'SESSION_INVALID'),
    key('session.get_uuid', 'live', 'success'),
    key('session.get_uuid', 'logged out', 'HANDLE_INVALID'),
    key('session.get_uuid', 'session logged out', 'SESSION_INVALID'),
    key('VM.get_all', 'session logged out', 'SESSION_INVALID'),
    key('VM.get_all', 'session unknown', 'SESSION_INVALID'),
  ];
}

/**
 * Session limits (SEMANTICS.md §3; db_gc_util.ml timeout_sessions): under the SDK guide's policy a login at the
 * limit succeeds and evicts the oldest at once; under xapi's a GC pass evicts the least recently active, so
 * the evicted are sessions the model knew evictable (doomed, or at risk where ties leave open which go).
 */
export function evictionTransitions(policy: SessionPolicyName, opts: { readonly logout: boolean }): string[] {
  const gone =
    policy === 'sdk-guide'
      ? key('session.get_uuid', 'session evicted', 'SESSION_INVALID')
      : key('session.get_uuid', 'evictable', 'SESSION_INVALID');
  return [
    key('session.login_with_password', 'below limit', 'success'),
    key('session.login_with_password', 'at limit', 'success'),
    key('session.get_uuid', 'live', 'success'),
    gone,
    ...(opts.logout ? [key('session.logout', 'live', 'success')] : []),
  ];
}

/**
 * Tasks (SEMANTICS.md §5; taskHelper.ml, xapi_task.ml): an Async call answers a task at once; the task is read
 * pending, ends success, failure or cancelled (after task.cancel); cancel of a finished task is void; destroy
 * of each finished task; a read after destroy is HANDLE_INVALID.
 */
export function taskTransitions(): string[] {
  return [
    key('Async.VM.clone', 'template', 'success'),
    key('Async.VM.start', 'Halted', 'success'),
    key('task.get_record', 'pending', 'success'),
    key('task.get_progress', 'pending', 'success'),
    key(TASK_COMPLETION, 'pending', 'success'),
    key(TASK_COMPLETION, 'pending', 'failure'),
    key('task.cancel', 'pending', 'success'),
    key(TASK_COMPLETION, 'cancel requested', 'cancelled'),
    key('task.cancel', 'success', 'success'),
    ...['success', 'failure', 'cancelled'].map((finished) => key('task.destroy', finished, 'success')),
    key('task.get_record', 'destroyed', 'HANDLE_INVALID'),
  ];
}

/**
 * event.from (SEMANTICS.md §6; xapi_event.ml from_inner): from the empty token, from a token with changes since
 * and one without (the call waits out its timeout and answers an empty batch), per class subscribed (vm, task,
 * "*"), and a malformed token (EVENT_FROM_TOKEN_PARSE_FAILURE).
 */
export function eventTransitions(): string[] {
  // Sources as transition-coverage.ts names them: "<token> on <classes subscribed>".
  const from = (classes: string, ...tokens: string[]): string[] =>
    tokens.map((token) => key('event.from', `${token} on ${classes}`, 'success'));
  return [
    ...from('vm', 'empty token', 'token with changes', 'token without changes'),
    ...from('*', 'token with changes', 'token without changes'),
    ...from('task', 'token with changes'),
    key('event.from', 'malformed token on vm', 'EVENT_FROM_TOKEN_PARSE_FAILURE'),
  ];
}

/**
 * Every error code the errors area provokes, each from one representative call (SEMANTICS.md §2, the order of
 * checks in gen_server.ml / server_helpers.ml; the lifecycle errors of xapi_vm_lifecycle.ml).
 */
export function errorTransitions(): string[] {
  return [
    key(UNKNOWN_METHOD, '-', 'MESSAGE_METHOD_UNKNOWN'),
    key('VM.start', '-', 'MESSAGE_PARAMETER_COUNT_MISMATCH'),
    key('VM.get_power_state', '-', 'INTERNAL_ERROR'),
    key('VM.start', 'Halted', 'INTERNAL_ERROR'),
    key('VM.get_record', 'invalid ref', 'HANDLE_INVALID'),
    key('task.get_status', 'invalid ref', 'HANDLE_INVALID'),
    key('VM.get_all', 'session unknown', 'SESSION_INVALID'),
    key('Async.VM.get_name_label', 'invalid ref', 'Fault'),
    key('VM.start', 'template', 'VM_IS_TEMPLATE'),
    key('VM.start', 'Running', 'VM_BAD_POWER_STATE'),
    key('VM.clone', 'Running', 'VM_BAD_POWER_STATE'),
    key('VM.provision', 'Halted', 'PROVISION_ONLY_ALLOWED_ON_TEMPLATE'),
  ];
}

/**
 * The wire (SEMANTICS.md §2, §8): one call for each kind of value and failure the codec carries: a struct
 * (record), a map of structs, a ref, void, booleans in, a failure with params (HANDLE_INVALID,
 * VM_BAD_POWER_STATE) and a dispatch failure (MESSAGE_PARAMETER_COUNT_MISMATCH).
 */
export function wireTransitions(): string[] {
  return [
    key('VM.get_record', 'Halted', 'success'),
    key('VM.get_all_records', '-', 'success'),
    key('VM.clone', 'template', 'success'),
    key('VM.set_name_label', 'Halted', 'success'),
    key('VM.start', 'Halted', 'success'),
    key('VM.start', 'Running', 'VM_BAD_POWER_STATE'),
    key('VM.get_record', 'invalid ref', 'HANDLE_INVALID'),
    key('VM.get_record', '-', 'MESSAGE_PARAMETER_COUNT_MISMATCH'),
  ];
}

// The pool's checked calls, each from the one source state its scenarios call it in.
const startOn = (outcome: string): string => key('VM.start_on', 'Halted', outcome);
const start = (outcome: string): string => key('VM.start', 'Halted', outcome);
const poolMigrate = (outcome: string): string => key('VM.pool_migrate', 'Running', outcome);
const evacuationBlockers = (host: 'enabled host' | 'disabled host'): string =>
  key('host.get_vms_which_prevent_evacuation', host, 'success');
const evacuate = (outcome: string): string => key('host.evacuate', 'disabled host', outcome);
const disableHost = key('host.disable', 'enabled host', 'success');
/** A call to a member host ("member", whatever the object's own state). */
const onMember = (message: string, outcome: string): string => key(message, 'member', outcome);

/**
 * The pool's fixed scenarios (docs/SEMANTICS.md §11; xapi_vm_helpers.ml, xapi_host.ml, message_forwarding.ml):
 * the checked calls each makes, from the pool as last read ("member" for a call to a member host, the VM's power
 * state, or whether the host named is enabled). Setup (clone, provision, reads) is not counted. A pool without
 * shared storage, or whose guests lack PV drivers (evacuation blockers left to the guest), leaves some unreached.
 */
export const POOL_TRANSITIONS = {
  hostOperations: [startOn('success'), poolMigrate('success'), evacuationBlockers('enabled host')],
  placement: [
    startOn('VM_REQUIRES_SR'),
    start('success'),
    poolMigrate('VM_REQUIRES_SR'),
    startOn('success'),
    poolMigrate('success'),
  ],
  redirect: [
    onMember('session.login_with_password', 'HOST_IS_SLAVE'),
    onMember('host.get_all', 'HOST_IS_SLAVE'),
    onMember('host.get_all', 'SESSION_INVALID'),
    onMember('session.slave_local_login_with_password', 'success'),
    onMember('host.get_all', 'success'),
    onMember('session.local_logout', 'success'),
    onMember('session.slave_local_login_with_password', 'SESSION_AUTHENTICATION_FAILED'),
  ],
  disable: [
    disableHost,
    startOn('HOST_DISABLED'),
    start('NO_HOSTS_AVAILABLE'),
    start('success'),
    poolMigrate('HOST_DISABLED'),
  ],
  evacuateLocal: [disableHost, evacuationBlockers('disabled host'), evacuate('VM_REQUIRES_SR')],
  evacuateShared: [disableHost, evacuationBlockers('disabled host'), evacuate('success')],
  // pool.get_all under the old session may answer SESSION_INVALID or HOST_IS_SLAVE: neither is declared.
  coordinator: [
    key('pool.designate_new_master', 'enabled host', 'success'),
    onMember('session.login_with_password', 'HOST_IS_SLAVE'),
  ],
} as const satisfies Readonly<Record<string, readonly string[]>>;
