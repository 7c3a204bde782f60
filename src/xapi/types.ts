// The typed tree of XAPI type strings as they appear in the datamodel, e.g.
// "(string -> VM ref) map", "enum vm_power_state set", "VM record option" (SEMANTICS.md §1).
// The codec, the emulator and the checks all consume this one representation.

export type XapiType =
  | { readonly kind: 'string' }
  | { readonly kind: 'int' }
  | { readonly kind: 'float' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'datetime' }
  | { readonly kind: 'void' }
  | { readonly kind: 'ref'; readonly cls: string }
  | { readonly kind: 'enum'; readonly name: string }
  | { readonly kind: 'set'; readonly of: XapiType }
  | { readonly kind: 'map'; readonly key: XapiType; readonly value: XapiType }
  | { readonly kind: 'record'; readonly cls: string }
  | { readonly kind: 'option'; readonly of: XapiType }
  /** Types the datamodel spells informally ("<class> record", "an event batch"): carried verbatim. */
  | { readonly kind: 'opaque'; readonly text: string };

/**
 * The JS representation of a typed XAPI value, shared by the emulator database, the model and the
 * client's decoded results:
 * - string, ref, enum: string; int and float: number; bool: boolean; datetime: Date;
 * - set: array; map: plain object with stringified keys; record: plain object keyed by field name;
 * - option: the value, or undefined when absent; void: "" (xapi sends an empty string).
 */
export type XapiJs = string | number | boolean | Date | readonly XapiJs[] | { readonly [k: string]: XapiJs };
