// Secrets never reach a report: the rules are src/xapi/mask-secrets.ts's (one owner); every writer
// masks again, so a call recorded by another path (a scenario, a raw test) cannot leak one either.
import { maskSecrets } from '../xapi/mask-secrets.ts';

export { MASK, maskSecrets } from '../xapi/mask-secrets.ts';

/** A call step (or anything with method + params) with its parameters masked. */
export function maskStepParams<T extends { readonly method: string; readonly params: readonly unknown[] }>(
  step: T,
): T {
  return { ...step, params: maskSecrets(step.method, step.params) };
}
