// The record argument of `<class>.create`, built from the schema: every field a constructor must be
// given (RW or RO/constructor without a datamodel default; SEMANTICS.md §2 "Records and constructors")
// gets a neutral value of its type, then the overrides apply. Used by the robustness, fault-proxy and
// concurrency suites to create objects through the public API, as a user would.
import type { XapiJs, XapiType } from '../../src/xapi/index.ts';
import { zeroValue } from '../../src/emulator/schema/record-defaults.ts';
import { SCHEMA } from '../../src/xapi/index.ts';

/** A neutral value of the type: the emulator's zero value (an option's inner zero is not needed: ''). */
function neutral(t: XapiType): XapiJs {
  return zeroValue(t, SCHEMA.enums) ?? '';
}

/** Sizes that make a VM startable by xapi's rules (static_min <= dynamic_min <= dynamic_max <= static_max). */
const VM_DEFAULTS: Readonly<Record<string, XapiJs>> = {
  memory_static_max: 1 << 30,
  memory_dynamic_max: 1 << 30,
  memory_dynamic_min: 1 << 30,
  memory_static_min: 1 << 29,
  VCPUs_max: 1,
  VCPUs_at_startup: 1,
  HVM_boot_policy: 'BIOS order',
  HVM_boot_params: { order: 'cd' },
};

export function constructorRecord(
  cls: string,
  overrides: Readonly<Record<string, XapiJs>> = {},
): Record<string, XapiJs> {
  const c = SCHEMA.classes.get(cls);
  if (c === undefined) throw new Error(`unknown class ${cls}`);
  const out: Record<string, XapiJs> = {};
  for (const f of c.fields) {
    if ((f.qualifier === 'RW' || f.qualifier === 'RO/constructor') && f.default === undefined) {
      out[f.name] = neutral(f.type);
    }
  }
  return { ...out, ...(cls === 'VM' ? VM_DEFAULTS : {}), ...overrides };
}

/** The other_config key the harness tags its objects with (ARCHITECTURE.md, "Touch only what you created"). */
export const RUN_TAG = 'xapi-harness-run';
