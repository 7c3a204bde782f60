// The datamodel's enums as const objects (src/xapi/enums.ts): equal to the schema's values, literal types,
// and every enum a type names exists.
import { describe, expect, it } from 'vitest';
import { KNOWN_ENUMS, PowerStates, SCHEMA, TaskStatuses, VmOperations } from '../../src/xapi/index.ts';
import type { PowerState, XapiType } from '../../src/xapi/index.ts';

describe('enums', () => {
  it('the const objects equal the datamodel values (regeneration drift check)', () => {
    for (const [name, obj] of Object.entries(KNOWN_ENUMS)) {
      expect(Object.values(obj), name).toEqual(SCHEMA.enums.get(name));
      for (const [k, v] of Object.entries(obj)) expect(k, name).toBe(v);
    }
  });

  it('gives literal types', () => {
    const s: PowerState = PowerStates.Halted;
    expect(s).toBe('Halted');
    expect(TaskStatuses.cancelling).toBe('cancelling');
    expect(VmOperations.clean_shutdown).toBe('clean_shutdown');
    expect(VmOperations.import).toBe('import');
  });

  it('every enum a type string names exists', () => {
    const missing = new Set<string>();
    const visit = (t: XapiType): void => {
      if (t.kind === 'enum' && !SCHEMA.enums.has(t.name)) missing.add(t.name);
      if (t.kind === 'set' || t.kind === 'option') visit(t.of);
      if (t.kind === 'map') {
        visit(t.key);
        visit(t.value);
      }
    };
    for (const c of SCHEMA.classes.values()) {
      for (const f of c.fields) visit(f.type);
      for (const m of c.messages.values()) {
        visit(m.result);
        for (const p of m.params) visit(p.type);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
