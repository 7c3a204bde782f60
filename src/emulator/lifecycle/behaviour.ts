// The per-emulator state of the behaviour layer (issue 4): task manager, event hub and timing profile.
// createEmulator creates it at start (which also makes allowed_operations true for the VMs it seeded
// or restored) and every call's MessageContext carries it as `behaviour`.
import type { ObjectDb } from '../db/object-db.ts';
import { createEnvironment, type Environment } from '../release/environment.ts';
import { EventHub } from '../events/event-hub.ts';
import type { FaultName } from '../faults.ts';
import type { EmuSchema } from '../schema/schema-view.ts';
import { XAPI_TASK_GC, type TaskGcPolicy } from '../tasks/task-gc-policy.ts';
import { TaskManager } from '../tasks/task-manager.ts';
import { timingProfile, type Timing, type TimingProfile } from '../tasks/timing-profile.ts';
import { mapOf } from './record-values.ts';
import { updateSrAllowedOperations } from './sr-allowed-operations.ts';
import { updateVmAllowedOperations } from './vm-allowed-operations.ts';

export interface BehaviourOptions {
  readonly db: ObjectDb;
  readonly schema: EmuSchema;
  readonly faults: ReadonlySet<FaultName>;
  readonly timing?: Timing;
  readonly taskGc?: Partial<TaskGcPolicy>;
  /** Events kept for event.next before EVENTS_LOST. */
  readonly eventNextQueueLimit?: number;
  /** The host the emulator plays (release, guests, storage, flaky starts); default: latest, drivers. */
  readonly env?: Environment;
}

export class Behaviour {
  readonly timing: TimingProfile;
  readonly tasks: TaskManager;
  readonly events: EventHub;
  readonly env: Environment;
  #nextDomid = 1;
  readonly #queues = new Map<string, Promise<void>>();

  constructor(o: BehaviourOptions) {
    this.timing = timingProfile(o.timing);
    this.env = o.env ?? createEnvironment();
    this.tasks = new TaskManager(this.timing, { ...XAPI_TASK_GC, ...o.taskGc });
    const env = this.env;
    this.events = new EventHub({
      db: o.db,
      schema: o.schema,
      faults: o.faults,
      servesClass: (cls) => env.release.serves('class', cls),
      ...(o.eventNextQueueLimit === undefined ? {} : { nextQueueLimit: o.eventNextQueueLimit }),
    });
    for (const vm of o.db.all('VM')) {
      const domid = vm.record['domid'];
      if (typeof domid === 'number' && domid >= this.#nextDomid) this.#nextDomid = domid + 1;
    }
  }

  /**
   * Runs `fn` after every operation queued before it on the same VM: xenopsd executes one operation
   * per VM at a time (its per-VM queue), so overlapping calls that xapi accepted take effect in the
   * order they were accepted.
   */
  async queued<T>(vm: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#queues.get(vm) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((r) => (release = r));
    const tail = before.then(() => mine);
    this.#queues.set(vm, tail);
    try {
      await before;
      return await fn();
    } finally {
      release();
      if (this.#queues.get(vm) === tail) this.#queues.delete(vm);
    }
  }

  /** Domain ids grow from 1 (0 is the control domain), as xenopsd hands them out. */
  allocateDomid(): number {
    return this.#nextDomid++;
  }

  close(): void {
    this.tasks.close();
    this.events.close();
  }
}

/**
 * Creates the behaviour state of an emulator's database. At start xapi resets what no process is
 * doing any more (cancel_tasks.ml: current_operations cleared, unfinished tasks cancelled) and
 * recomputes allowed_operations (update_all_allowed_operations).
 */
export function startBehaviour(o: BehaviourOptions): Behaviour {
  const b = new Behaviour(o);
  for (const vm of [...o.db.all('VM')]) {
    if (Object.keys(mapOf(vm.record['current_operations'])).length > 0) {
      o.db.update('VM', vm.ref, { current_operations: {} });
    }
    updateVmAllowedOperations(o.db, o.schema, vm.ref, o.faults);
  }
  for (const sr of [...o.db.all('SR')]) updateSrAllowedOperations(o, sr.ref);
  // cancel_tasks.ml cancel_tasks_on_host: after a restart no operation is running any more, so the
  // tasks left pending or cancelling are marked cancelled.
  const now = new Date();
  for (const t of [...o.db.all('task')]) {
    const status = t.record['status'];
    if (status !== 'pending' && status !== 'cancelling') continue;
    o.db.update('task', t.ref, {
      status: 'cancelled',
      progress: 1,
      finished: now,
      allowed_operations: [],
      current_operations: {},
    });
  }
  return b;
}
