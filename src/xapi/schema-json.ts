// The shape of schema.generated.json, written by scripts/gen-schema.ts and read by schema.ts.
// Facts only (names, types, qualifiers, defaults, releases, roles, error names): no description
// texts from the datamodel are kept (DEVELOPMENT.md, Conventions).
import type { DefaultJson } from './parse-default.ts';

/** xenapi.json lifecycle states without the OCaml `_s` suffix. */
export type LifecycleState = 'Published' | 'Prototyped' | 'Deprecated' | 'Removed';

/** One lifecycle transition: [transition, release code], e.g. ["deprecated", "boston"]. */
export type TransitionJson = readonly [transition: string, release: string];

export interface FieldJson {
  readonly name: string;
  readonly type: string;
  readonly qualifier: 'RW' | 'RO/constructor' | 'RO/runtime';
  readonly default?: DefaultJson;
  readonly state: LifecycleState;
  readonly lifecycle: readonly TransitionJson[];
}

export interface ParamJson {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
}

export interface MessageJson {
  readonly name: string;
  readonly params: readonly ParamJson[];
  readonly result: string;
  readonly errors: readonly string[];
  readonly roles: readonly string[];
  readonly implicit: boolean;
  readonly async: boolean;
  readonly state: LifecycleState;
  readonly lifecycle: readonly TransitionJson[];
}

export interface ClassJson {
  readonly name: string;
  readonly state: LifecycleState;
  readonly lifecycle: readonly TransitionJson[];
  readonly fields: readonly FieldJson[];
  readonly messages: readonly MessageJson[];
}

export interface ReleaseJson {
  /** Code name as used in lifecycles ("rio", "stockholm", "24.3.0"). */
  readonly code: string;
  /** Product branding from releases.yml ("XenServer 4.0"), when it has one. */
  readonly branding?: string;
}

export interface SchemaJson {
  readonly source: string;
  /** Oldest first, in release_info.json order. */
  readonly releases: readonly ReleaseJson[];
  readonly enums: { readonly [name: string]: readonly string[] };
  readonly classes: readonly ClassJson[];
  /** Error name -> declared parameter names (xapi_errors_derived.json); [] for wire names with no datamodel entry. */
  readonly errors: { readonly [name: string]: readonly string[] };
  /** Error wire names that have no datamodel entry (their parameters are undeclared). */
  readonly undeclaredErrors: readonly string[];
}
