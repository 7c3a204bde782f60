// Transition coverage (issue 17 item 1): which model transitions a property's run exercised, as
// message × source state × outcome ("VM.suspend | Running → success"), counted over every case of the run.
// A property may declare the transitions it means to reach (its universe): what stays unreached is
// reported, and generation is steered towards it (generators/commands/cover-transition.ts). Without the
// table nobody sees that a lifecycle property never checked a suspend.
import type { ModelState, Observed, VmModel } from '../model/index.ts';
import {
  allowedPowerStates,
  CALL_OPERATION,
  MESSAGES,
  POWER_STATES,
  parseWireName,
  sessionGroup,
} from '../model/index.ts';
import { findMessage } from '../xapi/index.ts';
import type { PowerState, VmOperation } from '../model/index.ts';
import type { TransitionCoverageTable } from '../results/index.ts';

interface Transition {
  /** The wire name as called ("VM.start", "Async.VM.clone"). */
  readonly message: string;
  /** The state of the object the call acts on: a VM's power state, "template", "snapshot", or "-". */
  readonly source: string;
  /** "success", or the error code. */
  readonly outcome: string;
}

export function transitionKey(t: Transition): string {
  return `${t.message} | ${t.source} → ${t.outcome}`;
}

export function parseTransitionKey(key: string): Transition | undefined {
  const m = /^(.*) \| (.*) → (.*)$/.exec(key);
  return m === null ? undefined : { message: m[1] ?? '', source: m[2] ?? '', outcome: m[3] ?? '' };
}

/** The state label of a VM: templates and snapshots are their own states (they refuse power operations). */
function vmSourceState(vm: VmModel): string {
  if (vm.isSnapshot) return 'snapshot';
  if (vm.isTemplate) return 'template';
  return vm.powerState;
}

/** The state of a session the model tracks, as a source state: live, evictable by a GC pass, or how it ended. */
export function sessionSourceState(state: ModelState, ref: unknown): string {
  const s = typeof ref === 'string' ? state.sessions.get(ref) : undefined;
  if (s === undefined) return 'unknown';
  if (!s.alive) return s.ended === 'evicted' ? 'evicted' : 'logged out';
  // xapi policy (SEMANTICS.md §3): a GC pass must evict a doomed session and may evict one at risk; which of
  // the two the model calls a session the pass takes depends on ties and timing, so both are "evictable".
  return s.doomedSince !== undefined || s.atRisk ? 'evictable' : 'live';
}

/**
 * Whether a login finds the session table at its limit (SEMANTICS.md §3): under the SDK guide's policy all
 * sessions count, under xapi's the login's own GC group (db_gc_util.ml timeout_sessions).
 */
function loginSourceState(state: ModelState, args: readonly unknown[]): string {
  const policy = state.config.policy;
  const alive = [...state.sessions.values()].filter((s) => s.alive);
  if (policy.name === 'sdk-guide') return alive.length >= policy.limit ? 'at limit' : 'below limit';
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const group = sessionGroup({ user: text(args[0]), originator: text(args[3]) }, policy);
  const members = alive.filter((s) => sessionGroup(s, policy).key === group.key).length;
  return members >= group.limit ? 'at limit' : 'below limit';
}

/** A task's state in the model: its status, "cancel requested" while pending, or destroyed. */
function taskSourceState(state: ModelState, ref: unknown): string {
  const t = typeof ref === 'string' ? state.tasks.get(ref) : undefined;
  if (t === undefined) return 'invalid ref';
  if (t.destroyed) return 'destroyed';
  if (t.status === 'pending' && t.cancelRequested) return 'cancel requested';
  return t.status;
}

/** xapi's token format (xapi_event.ml): anything else fails to parse. */
const TOKEN_FORMAT = /^\d+,\d+$/;

/**
 * event.from's source state (SEMANTICS.md §6): the token (empty, one the model issued with or without changes
 * to the subscribed classes since, one it never issued, or malformed) and the classes subscribed.
 */
function eventSourceState(state: ModelState, args: readonly unknown[]): string {
  const classes = Array.isArray(args[1]) ? args[1].map((c) => String(c).toLowerCase()).sort() : [];
  const token = args[2];
  const on = ` on ${classes.join(',') || '(none)'}`;
  if (token === '') return `empty token${on}`;
  const since = typeof token === 'string' ? state.tokens.get(token) : undefined;
  if (since === undefined)
    return `${typeof token === 'string' && TOKEN_FORMAT.test(token) ? 'foreign' : 'malformed'} token${on}`;
  const subscribed = (cls: string): boolean => classes.some((c) => c === '*' || c.split('/')[0] === cls);
  const changed = state.changes.some((c) => c.seq > since && subscribed(c.cls));
  return `${changed ? 'token with changes' : 'token without changes'}${on}`;
}

/** The message of a transition: the wire name, or one label for every method the datamodel lacks. */
export const UNKNOWN_METHOD = '(no such method)';

function messageOf(method: string): string {
  const { name } = parseWireName(method);
  return findMessage(name) === undefined && MESSAGES[name] === undefined ? UNKNOWN_METHOD : method;
}

function isRef(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('OpaqueRef:');
}

/**
 * The source state of a call, from the model's state before it: the calling session when the model knows it
 * is not live (the call must fail SESSION_INVALID whatever it names), else the state of the object the call
 * acts on (a VM's power state, a task's status, a session, a token), or "-".
 */
export function sourceOf(before: ModelState, method: string, args: readonly unknown[]): string {
  const { name } = parseWireName(method);
  const spec = MESSAGES[name];
  const takesSession = spec === undefined ? isRef(args[0]) : spec.session;
  if (takesSession) {
    const caller = sessionSourceState(before, args[0]);
    if (caller !== 'live' && caller !== 'evictable') return `session ${caller}`;
  }
  if (name === 'session.login_with_password') return loginSourceState(before, args);
  if (name === 'session.logout') return sessionSourceState(before, args[0]);
  if (name === 'session.get_uuid') return sessionSourceState(before, args[1]);
  if (name === 'event.from') return eventSourceState(before, args);
  if (name.startsWith('task.') && spec !== undefined) return taskSourceState(before, args[1]);
  if (name.startsWith('VM.') && spec?.params[0] === 'ref') {
    const vm = isRef(args[1]) ? before.vms.get(args[1]) : undefined;
    if (vm !== undefined) return vmSourceState(vm);
    if (isRef(args[1])) return before.destroyedVms.has(args[1]) ? 'destroyed' : 'invalid ref';
  }
  return '-';
}

/** The transition a checked call took, from the state before it. */
export function transitionOf(
  before: ModelState,
  method: string,
  args: readonly unknown[],
  observed: Observed,
): Transition {
  return {
    message: messageOf(method),
    source: sourceOf(before, method, args),
    outcome: observed.ok ? 'success' : observed.code,
  };
}

/** The pseudo-message of a task's completion: "task | pending → failure" (SEMANTICS.md §5). */
export const TASK_COMPLETION = 'task';

const FINAL_STATUSES = new Set(['success', 'failure', 'cancelled']);

/**
 * A task read that shows a task done for the first time is the task's own transition (pending → success,
 * failure or cancelled; SEMANTICS.md §5, taskHelper.ml): counted apart from the read, which always succeeds.
 */
export function taskCompletionOf(
  before: ModelState,
  method: string,
  args: readonly unknown[],
  observed: Observed,
): Transition | undefined {
  if (!observed.ok || (method !== 'task.get_record' && method !== 'task.get_status')) return undefined;
  const t = typeof args[1] === 'string' ? before.tasks.get(args[1]) : undefined;
  if (t === undefined || t.final !== undefined || FINAL_STATUSES.has(t.status)) return undefined;
  const v = observed.value;
  const status =
    method === 'task.get_status'
      ? String(v)
      : typeof v === 'object' && v !== null && !Array.isArray(v)
        ? String((v as Record<string, unknown>)['status'])
        : '';
  if (!FINAL_STATUSES.has(status)) return undefined;
  return { message: TASK_COMPLETION, source: taskSourceState(before, args[1]), outcome: status };
}

/** The coverage of one property's run: every case's checked calls add to it. */
export class TransitionCoverage {
  readonly #counts = new Map<string, number>();
  readonly universe: ReadonlySet<string>;
  /** Counted as reached for steering though not recorded here (fork). */
  readonly #preset = new Set<string>();
  readonly #parent: TransitionCoverage | undefined;

  constructor(universe: Iterable<string> = [], parent?: TransitionCoverage) {
    this.universe = new Set(universe);
    this.#parent = parent;
  }

  record(t: Transition): void {
    const k = transitionKey(t);
    this.#counts.set(k, (this.#counts.get(k) ?? 0) + 1);
    this.#parent?.record(t);
  }

  has(key: string): boolean {
    return this.#counts.has(key) || this.#preset.has(key);
  }

  /** Declared transitions not reached yet, in declaration order. */
  unreached(): string[] {
    return [...this.universe].filter((k) => !this.has(k));
  }

  /**
   * What steering knew as reached, as hex over the declared transitions in declaration order (bit i: the i-th
   * is reached); "" when none is. The replay of a case carries it (run-property.ts), so the case's steering
   * commands aim where they aimed when it failed.
   */
  reachedMask(): string {
    const bits = [...this.universe].map((k) => this.has(k));
    if (!bits.includes(true)) return '';
    let hex = '';
    for (let i = 0; i < bits.length; i += 4) {
      let nibble = 0;
      for (let b = 0; b < 4; b += 1) if (bits[i + b] === true) nibble |= 1 << b;
      hex += nibble.toString(16);
    }
    return hex;
  }

  /**
   * A coverage for one case that starts from `mask` (reachedMask) and whose records also count here. A case
   * that steers from the same start makes the same calls, whatever ran before it: so does each shrunk case, and
   * so does its printed replay, run alone (issue 12 item 11, issue 17 item 5).
   */
  fork(mask = ''): TransitionCoverage {
    const child = new TransitionCoverage(this.universe, this);
    const keys = [...this.universe];
    for (let i = 0; i < mask.length; i += 1) {
      const nibble = Number.parseInt(mask[i] ?? '0', 16);
      for (let b = 0; b < 4; b += 1) {
        const k = keys[i * 4 + b];
        if ((nibble & (1 << b)) !== 0 && k !== undefined) child.#preset.add(k);
      }
    }
    return child;
  }

  table(): TransitionCoverageTable {
    const reached: Record<string, number> = {};
    for (const k of [...this.#counts.keys()].sort()) reached[k] = this.#counts.get(k) ?? 0;
    return { reached, unreached: this.unreached(), declared: this.universe.size };
  }
}

/** The synchronous power operations: the generators send these (generators/commands/power-op.ts). */
export const POWER_OPS = [
  'start',
  'pause',
  'unpause',
  'clean_shutdown',
  'hard_shutdown',
  'shutdown',
  'clean_reboot',
  'hard_reboot',
  'suspend',
  'resume',
] as const satisfies readonly VmOperation[];

/**
 * Every synchronous power operation from every power state of an ordinary VM, with the outcome the state
 * machine gives it (SEMANTICS.md §4 table; xapi_vm_lifecycle.ml allowed_power_states): success where the
 * state is allowed, VM_BAD_POWER_STATE elsewhere. Plus a template refusing to start (check_template).
 */
export function powerTransitions(): string[] {
  const out: string[] = [];
  for (const op of POWER_OPS) {
    const allowed = allowedPowerStates(op, { isSnapshot: false });
    for (const state of POWER_STATES) {
      out.push(
        transitionKey({
          message: `VM.${op}`,
          source: state,
          outcome: allowed.includes(state) ? 'success' : 'VM_BAD_POWER_STATE',
        }),
      );
    }
  }
  out.push(transitionKey({ message: 'VM.start', source: 'template', outcome: 'VM_IS_TEMPLATE' }));
  return out;
}

/** The power operation of a transition's message, for steering. */
export function powerOpOf(message: string): VmOperation | undefined {
  return CALL_OPERATION[message];
}

export function isPowerState(s: string): s is PowerState {
  return (POWER_STATES as readonly string[]).includes(s);
}
