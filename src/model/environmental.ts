// Environmental failures (SEMANTICS.md §10): answers a conformant host may give for reasons outside the API's
// contract (no memory, a bootloader that fails, a storage backend that is full). The model accepts them only
// where the host could plausibly give them, with parameters of the declared shape, and with no effect: the
// reads that follow are checked against the unchanged state. A case that ends in one is environmental; a
// property whose cases mostly do is reported inconclusive, never passed (src/harness).
import { ERRORS } from '../xapi/index.ts';
import type { Expected, ParamMatcher } from './expected.ts';
import { anyParam } from './expected.ts';
import type { ModelState } from './model-state.ts';
import type { Observed } from './observed.ts';
import { check } from './check.ts';

/**
 * VM.start / resume: the host may lack memory or a host to run on, fail to attach an SR or network, fail the
 * guest's bootloader (PV templates, xen-api ocaml/xapi/xapi_xenops.ml ~l.3596) or device emulator
 * (~l.3628), fail in xenopsd (INTERNAL_ERROR), fail a disk attach in the storage backend, or be unlicensed.
 */
const START_ENVIRONMENTAL = [
  'HOST_NOT_ENOUGH_FREE_MEMORY',
  'NO_HOSTS_AVAILABLE',
  'VM_REQUIRES_SR',
  'HOST_CANNOT_ATTACH_NETWORK',
  'BOOTLOADER_FAILED',
  'FAILED_TO_START_EMULATOR',
  'INTERNAL_ERROR',
  'SR_BACKEND_FAILURE_*',
  'LICENCE_RESTRICTION',
] as const;

/**
 * VM.provision, clone, copy: the storage backend's failure, e.g. SR_BACKEND_FAILURE_44 ["", reason, ""]
 * when the SR is full (xen-api ocaml/xapi/sm_exec.ml ~l.420; xapi never raises SR_FULL on this path).
 */
const STORAGE_ENVIRONMENTAL = ['SR_BACKEND_FAILURE_*'] as const;

/** Declared parameters of each code, the VM's own ref where the error names the VM. */
function params(code: string, vm: string): ParamMatcher[] | undefined {
  // SR_BACKEND_FAILURE_<n> [status; stdout; stderr]: the code carries the number, the first param is "".
  if (code === 'SR_BACKEND_FAILURE_*') return ['', anyParam, anyParam];
  const names = ERRORS.get(code);
  if (names === undefined) return undefined;
  return names.map((n) => (n === 'vm' ? vm : anyParam));
}

const WHY: Readonly<Record<string, string>> = {
  start: 'the host could not run the VM (SEMANTICS.md §10: memory, bootloader, emulator, storage, licence)',
  storage: 'the storage backend failed (SEMANTICS.md §10: e.g. SR_BACKEND_FAILURE_44, no space)',
};

/** The environmental failures of one kind of operation on `vm`, each flagged as such. */
export function environmentalFailures(kind: 'start' | 'storage', vm: string): Expected[] {
  const codes: readonly string[] = kind === 'start' ? START_ENVIRONMENTAL : STORAGE_ENVIRONMENTAL;
  return codes.map((code): Expected => {
    const p = params(code, vm);
    const base = { kind: 'failure' as const, code, environmental: WHY[kind] ?? kind };
    return p === undefined ? base : { ...base, params: p };
  });
}

/**
 * The reason an observed answer was accepted only as environmental, or undefined when it matched a
 * contractual answer (or did not match at all). Walks `oneOf` alternatives in order.
 */
function environmentalReason(expected: Expected, observed: Observed): string | undefined {
  if (observed.ok) return undefined;
  const options = expected.kind === 'oneOf' ? expected.options : [expected];
  let reason: string | undefined;
  for (const o of options) {
    if (!check(o, observed).ok) continue;
    if (o.kind !== 'failure' || o.environmental === undefined) return undefined;
    reason ??= `${observed.code}: ${o.environmental}`;
  }
  return reason;
}

/**
 * The environmental reason of a call's answer, including an Async task's: a task.get_record / get_status
 * read that shows the task failed with one of its operation's environmental failures.
 */
export function environmentalOutcome(
  state: ModelState,
  method: string,
  args: readonly unknown[],
  expected: Expected,
  observed: Observed,
): string | undefined {
  const direct = environmentalReason(expected, observed);
  if (direct !== undefined) return `${method}: ${direct}`;
  if (method !== 'task.get_record' || !observed.ok) return undefined;
  const rec = observed.value;
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return undefined;
  const r = rec as Readonly<Record<string, unknown>>;
  if (r['status'] !== 'failure' || !Array.isArray(r['error_info'])) return undefined;
  const task = typeof args[1] === 'string' ? state.tasks.get(args[1]) : undefined;
  if (task === undefined) return undefined;
  const [code = '', ...params] = r['error_info'].map((x) => String(x));
  const why = environmentalReason(task.effect.expected, { ok: false, code, params });
  return why === undefined ? undefined : `${task.nameLabel}: ${why}`;
}
