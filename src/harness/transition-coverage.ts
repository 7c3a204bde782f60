// Transition coverage (issue 17 item 1): which model transitions a property's run exercised, as
// message × source state × outcome ("VM.suspend | Running → success"), counted over every case of the run.
// A property may declare the transitions it means to reach (its universe): what stays unreached is
// reported, and generation is steered towards it (generators/commands/cover-transition.ts). Without the
// table nobody sees that a lifecycle property never checked a suspend.
import type { ModelState, Observed, VmModel } from '../model/index.ts';
import { allowedPowerStates, CALL_OPERATION, POWER_STATES, parseWireName } from '../model/index.ts';
import type { PowerState, VmOperation } from '../model/index.ts';
import type { TransitionCoverageTable } from '../results/index.ts';

export interface Transition {
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
export function vmSourceState(vm: VmModel): string {
  if (vm.isSnapshot) return 'snapshot';
  if (vm.isTemplate) return 'template';
  return vm.powerState;
}

/** The transition a checked call took, from the state before it. */
export function transitionOf(
  before: ModelState,
  method: string,
  args: readonly unknown[],
  observed: Observed,
): Transition {
  const parsed = parseWireName(method);
  // The VM the call acts on: the parameter after the session, when it is a VM the model knows.
  const vm =
    parsed.name.startsWith('VM.') && typeof args[1] === 'string' ? before.vms.get(args[1]) : undefined;
  return {
    message: method,
    source: vm === undefined ? '-' : vmSourceState(vm),
    outcome: observed.ok ? 'success' : observed.code,
  };
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
