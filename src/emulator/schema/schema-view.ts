// The emulator's view of the datamodel: exactly what dispatch and the generic accessors need, built
// once from src/xapi's SCHEMA (schema-from-xapi.ts). Keeping this narrow lets the emulator precompute
// its dispatch tables and isolates it from the shape of the shared schema module.
import type { EncodingCache } from '../dispatch/encoding-cache.ts';
import type { XapiJs, XapiType } from '../../xapi/types.ts';

export type Qualifier = 'RW' | 'RO/constructor' | 'RO/runtime';

export interface EmuField {
  /** Wire name, e.g. "name_label", "VCPUs_params". */
  readonly name: string;
  readonly type: XapiType;
  readonly qualifier: Qualifier;
  /** The datamodel default as a typed value, when the field has one. */
  readonly default: XapiJs | undefined;
}

export interface EmuParam {
  readonly name: string;
  readonly type: XapiType;
  /** false: the parameter has a default and may be omitted (SEMANTICS.md §1). */
  readonly required: boolean;
}

export type Lifecycle = 'Published' | 'Prototyped' | 'Deprecated' | 'Removed';

export interface EmuMessage {
  readonly cls: string;
  readonly name: string;
  /** "Class.msg" */
  readonly wireName: string;
  /** Parameters after the session. */
  readonly params: readonly EmuParam[];
  readonly takesSession: boolean;
  readonly result: XapiType;
  readonly hasAsync: boolean;
  readonly roles: readonly string[];
  readonly implicit: boolean;
  readonly state: Lifecycle;
}

export interface EmuClass {
  readonly name: string;
  readonly fields: readonly EmuField[];
  readonly fieldByName: ReadonlyMap<string, EmuField>;
  readonly messages: ReadonlyMap<string, EmuMessage>;
}

export interface EmuSchema {
  readonly classes: ReadonlyMap<string, EmuClass>;
  /** Enum name → its values as the datamodel spells them. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /**
   * This emulator's bound on cached record encodings (issue 16); absent: unbounded. It rides on the
   * schema because every encoder already receives this emulator's schema (built per emulator).
   */
  readonly encodingCache?: EncodingCache;
}
