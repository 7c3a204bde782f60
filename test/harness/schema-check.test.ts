import { describe, expect, it } from 'vitest';
import { checkRecord, fieldExpected, listableClasses, releaseIndexOf } from '../../src/harness/index.ts';
import { SCHEMA } from '../../src/xapi/index.ts';

describe('schema check', () => {
  it('maps software_version "xapi" to the newest release not after it', () => {
    const i = releaseIndexOf(SCHEMA, '25.6');
    expect(SCHEMA.releases[i]).toBe('25.6.0');
    const j = releaseIndexOf(SCHEMA, '25.7.1');
    expect(SCHEMA.releases[j]).toBe('25.7.0');
    expect(releaseIndexOf(SCHEMA, '')).toBe(SCHEMA.releases.length - 1);
  });

  it('lists the classes that have get_all_records', () => {
    const names = listableClasses().map((c) => c.name);
    expect(names).toContain('VM');
    expect(names).toContain('host');
  });

  it('finds missing fields and wrong types, and accepts a well-typed record', () => {
    const vm = SCHEMA.classes.get('VM');
    expect(vm).toBeDefined();
    if (vm === undefined) return;
    const release = SCHEMA.releases.length - 1;
    const uuidField = vm.fieldByName.get('uuid');
    expect(uuidField !== undefined && fieldExpected(SCHEMA, uuidField, release)).toBe(true);
    const problems = checkRecord(SCHEMA, vm, 'OpaqueRef:x', { uuid: 'u', power_state: 42 }, release);
    expect(problems.find((p) => p.field === 'power_state')?.problem).toMatch(
      /not a enum vm_power_state|not a/,
    );
    expect(problems.some((p) => p.field === 'name_label' && p.problem === 'missing')).toBe(true);
    expect(checkRecord(SCHEMA, vm, 'OpaqueRef:x', 'nope', release)[0]?.problem).toBe('not a struct');
  });
});
