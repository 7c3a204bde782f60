// A call's result as a value (ARCHITECTURE.md: an expected XAPI failure such as VM_BAD_POWER_STATE is data).
import type { XapiJs } from '../xapi/types.ts';

export type Outcome<T = XapiJs> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly params: readonly string[] };
