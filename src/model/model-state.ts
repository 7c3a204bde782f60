// The reference model's state. Immutable: every transition returns a new state sharing what did not change,
// so the linearizability checker can keep many states and memoise on `stateKey`.
import type { VmDevices } from './vm-devices.ts';
import type { SessionPolicy } from './session-policy.ts';
import { sdkGuidePolicy } from './session-policy.ts';
import type { ReleaseMatch } from '../xapi/index.ts';
import { latestRelease } from '../xapi/index.ts';
import type { PowerState, VmOperation } from './vm-operation-rules.ts';

export interface ModelConfig {
  readonly policy: SessionPolicy;
  /** Accounts the target accepts: user name → password. */
  readonly users: Readonly<Record<string, string>>;
  /**
   * A task still pending this long after it was created is a violation ("a task left pending"). Real xapi
   * gives no bound; this is the harness's budget per operation, scaled by the harness from the target's
   * measured latency (harness-context.ts), never from who the target is.
   */
  readonly taskDeadlineMs: number;
  /**
   * Sessions whose last_active lies within this window of the eviction boundary may go either way:
   * xapi stores last_active with 1 s resolution and the harness's clock is not the host's (SEMANTICS.md §3).
   */
  readonly tieWindowMs: number;
  /** Slack on top of the GC period before a pass is "known to have run" (host and harness clocks differ). */
  readonly gcMarginMs: number;
  /**
   * The release the target runs (host.software_version "xapi", SEMANTICS.md §10): decides the version rules
   * (OTHER_OPERATION_IN_PROGRESS's params, last_active's refresh threshold through the policy).
   */
  readonly release: ReleaseMatch;
  /**
   * The pool's other_config allow_clone_suspended_vm is "true": clone/copy accept a Suspended VM
   * (helpers.ml clone_suspended_vm_enabled; SEMANTICS.md §4). Read from the target by the harness.
   */
  readonly allowCloneSuspended: boolean;
  /**
   * The other_config tag this run puts on what it creates (ARCHITECTURE.md "Touch only what you created"):
   * a VDI carrying it is the harness's own (generic-objects.ts). Absent: no VDI counts as owned.
   */
  readonly ownerTag?: { readonly key: string; readonly value: string };
  /** Whether a method exists on the target (for MESSAGE_METHOD_UNKNOWN); the model's own table by default. */
  readonly methodExists?: (name: string) => boolean;
}

export function modelConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    policy: sdkGuidePolicy(),
    users: { root: 'xapi' },
    taskDeadlineMs: 30_000,
    tieWindowMs: 2_000,
    gcMarginMs: 5_000,
    release: latestRelease(),
    allowCloneSuspended: false,
    ...overrides,
  };
}

export interface SessionModel {
  readonly ref: string;
  readonly user: string;
  readonly originator: string;
  /** Login order (model sequence number). */
  readonly loginSeq: number;
  /** Harness clock (ms) of the login. */
  readonly loginAt: number;
  /** The model's view of xapi's last_active (ms); see SEMANTICS.md §3 for its 600 s granularity. */
  readonly lastActive: number;
  readonly alive: boolean;
  /**
   * Why a dead session ended, as far as the model knows: a logout, or an eviction (a login past the SDK guide's
   * limit, or a GC pass known to have run). Reports tell a use after logout from a use after eviction by it
   * (issue 17 item 1, transition coverage).
   */
  readonly ended?: 'logout' | 'evicted';
  /**
   * xapi policy only: since when (harness ms) the session has continuously been a GC victim candidate, or
   * undefined. A candidate may already be gone; once a whole GC period has passed it must be gone.
   */
  readonly doomedSince?: number;
  /** xapi policy only: ambiguous candidates (tied with survivors) may go either way, even after a GC pass. */
  readonly atRisk: boolean;
}

export interface VmModel {
  readonly ref: string;
  readonly nameLabel: string;
  readonly powerState: PowerState;
  readonly isTemplate: boolean;
  readonly isDefaultTemplate: boolean;
  readonly isSnapshot: boolean;
  readonly isControlDomain: boolean;
  readonly otherConfig: Readonly<Record<string, string>>;
  /** task ref → operation (VM.current_operations). */
  readonly currentOps: ReadonlyMap<string, VmOperation>;
  /** Learned from the target's records rather than created through the model. */
  readonly adopted: boolean;
  /** Created by this harness run (tagged); only those may be mutated on a real host. */
  readonly owned: boolean;
  /**
   * Guest-feature operations (clean_shutdown, clean_reboot, suspend) the target showed allowed in this boot
   * (strict allowed_operations, xapi_vm_lifecycle.ml check_op_for_feature): the guest has what they need
   * until the VM's power state changes. Absent: not known, so a call may succeed or answer VM_LACKS_FEATURE.
   */
  readonly featuresSeen?: ReadonlySet<VmOperation>;
  /** How many VBDs and VIFs it has, when known (vm-devices.ts): records of owned VMs must show them. */
  readonly devices?: VmDevices;
  /** Its uuid, once an answer showed it (vm-generic-calls.ts): it never changes. */
  readonly uuid?: string;
}

export type TaskStatus = 'pending' | 'success' | 'failure' | 'cancelling' | 'cancelled';

/** The deferred effect of an Async call, applied when the task is observed to have succeeded. */
export interface TaskEffect {
  /** The outcome the operation must have, computed when the call was made (SEMANTICS.md §2 Async). */
  readonly expected: import('./expected.ts').Expected;
  /** Applies the operation's effect given its observed (decoded) outcome. */
  readonly apply: (state: ModelState, observed: import('./observed.ts').Observed) => ModelState;
  /** The VM the operation acts on, if any: reads of that VM are uncertain while the task runs. */
  readonly vm?: string;
  /** A failure of the operation still has its effect (provision: is_a_template=false, SEMANTICS.md §4). */
  readonly failureHasEffect?: boolean;
  /** The operation returns a value (a ref) that task.result carries; void ones give "<value></value>". */
  readonly returnsValue: boolean;
}

export interface TaskModel {
  readonly ref: string;
  readonly session: string;
  /** name_label: the wire name as called, e.g. "Async.VM.start" (SEMANTICS.md §2). */
  readonly nameLabel: string;
  readonly status: TaskStatus;
  readonly createdAt: number;
  /** Highest progress observed so far: progress never decreases (SEMANTICS.md §5). */
  readonly progressSeen: number;
  readonly cancelRequested: boolean;
  readonly effect: TaskEffect;
  /** Once observed completed, the error_info / result seen (kept for later reads). */
  readonly final?: { readonly errorInfo: readonly string[]; readonly result: string };
  /** The effect has been applied (success) or discarded (failure, cancel): the VM is certain again. */
  readonly settled: boolean;
  readonly destroyed: boolean;
}

/** One change to an object, as event.from must report it (SEMANTICS.md §6). */
export interface Change {
  readonly seq: number;
  /** Lowercase class name. */
  readonly cls: string;
  readonly ref: string;
  readonly op: 'add' | 'mod' | 'del';
}

/**
 * An object of a class the generic surface tracks (generic-objects.ts), as last read: VMs keep their VmModel
 * too; other classes live only here.
 */
export interface ObjectModel {
  /** Datamodel class name ("VBD"). */
  readonly cls: string;
  readonly ref: string;
  /** The harness made it (or it belongs to something the harness made): only these are written to. */
  readonly owned: boolean;
  readonly uuid?: string;
  /** The record as last read, with the harness's own writes since applied. */
  readonly record?: Readonly<Record<string, unknown>>;
  /** `ModelState.readEpoch` when `record` was read: older records may be stale. */
  readonly epoch: number;
}

export interface ModelState {
  readonly config: ModelConfig;
  /** Latest harness clock seen (ms). */
  readonly now: number;
  /** Logical clock: increases with every change and login. */
  readonly seq: number;
  readonly sessions: ReadonlyMap<string, SessionModel>;
  readonly vms: ReadonlyMap<string, VmModel>;
  /** VMs that existed and were destroyed (get_all must not list them, calls give HANDLE_INVALID). */
  readonly destroyedVms: ReadonlySet<string>;
  readonly tasks: ReadonlyMap<string, TaskModel>;
  readonly changes: readonly Change[];
  /** event.from tokens returned so far → the `seq` they stand for. */
  readonly tokens: ReadonlyMap<string, number>;
  /** Seq of each VM's creation (for event coalescing); adopted VMs count as existing from the start. */
  readonly createdAt: ReadonlyMap<string, number>;
  /** Objects of the generically tracked classes, by ref (generic-objects.ts). */
  readonly objects: ReadonlyMap<string, ObjectModel>;
  /** Objects of those classes known destroyed, by ref (HANDLE_INVALID; absent from get_all; uuid unknown). */
  readonly destroyedObjects: ReadonlyMap<string, ObjectModel>;
  /** Bumped by every call that may change records in ways the model does not follow field by field. */
  readonly readEpoch: number;
}

export function initialState(config: ModelConfig = modelConfig()): ModelState {
  return {
    config,
    now: 0,
    seq: 0,
    sessions: new Map(),
    vms: new Map(),
    destroyedVms: new Set(),
    tasks: new Map(),
    changes: [],
    tokens: new Map(),
    createdAt: new Map(),
    objects: new Map(),
    destroyedObjects: new Map(),
    readEpoch: 0,
  };
}

/** Immutable map update helpers. */
export function mapSet<K, V>(m: ReadonlyMap<K, V>, k: K, v: V): ReadonlyMap<K, V> {
  const out = new Map(m);
  out.set(k, v);
  return out;
}

export function mapDelete<K, V>(m: ReadonlyMap<K, V>, k: K): ReadonlyMap<K, V> {
  const out = new Map(m);
  out.delete(k);
  return out;
}

/**
 * Records a change in the event log. Only changes after the oldest token the model issued can ever be asked
 * for (a later token stands for a later seq; "" is answered from creation seqs), so older ones are dropped and
 * the log stays small however long the run.
 */
export function withChange(state: ModelState, cls: string, ref: string, op: Change['op']): ModelState {
  const seq = state.seq + 1;
  let floor = Infinity;
  for (const pos of state.tokens.values()) if (pos < floor) floor = pos;
  // No token yet: no event.from can ever ask for this change.
  if (floor === Infinity) return { ...state, seq, changes: [] };
  const kept = state.changes.filter((c) => c.seq > floor);
  return { ...state, seq, changes: [...kept, { seq, cls, ref, op }] };
}
