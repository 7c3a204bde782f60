// When completed and abandoned tasks are deleted (xen-api ocaml/xapi/db_gc_util.ml `timeout_tasks`,
// xapi_globs.ml; SEMANTICS.md §5 "Cancel, destroy and GC").

export interface TaskGcPolicy {
  /** Completed tasks older than this (since `finished`) are deleted. xapi: 3900 s. */
  readonly completedMaxAgeMs: number;
  /** Pending tasks older than this (since `created`) are deleted. xapi: 24 h. */
  readonly pendingMaxAgeMs: number;
  /** Beyond this many completed tasks, the oldest are deleted. xapi: max_tasks = 200. */
  readonly maxCompleted: number;
}

export const XAPI_TASK_GC: TaskGcPolicy = {
  completedMaxAgeMs: 3900 * 1000,
  pendingMaxAgeMs: 24 * 3_600_000,
  maxCompleted: 200,
};
