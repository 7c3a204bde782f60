import { describe, expect, it } from 'vitest';
import {
  Driver,
  checkAllRecords,
  checkRecord,
  defaultOptions,
  emulatorTarget,
  fieldExpected,
  listableClasses,
  releaseIndexOf,
} from '../../src/harness/index.ts';
import { modelConfig } from '../../src/model/index.ts';
import type { ReleaseMatch } from '../../src/xapi/index.ts';
import { SCHEMA, latestRelease, releaseOf, servedIn } from '../../src/xapi/index.ts';

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

  it('finds an enum value outside its enum (exact, as xapi prints it), unless the release is newer than the schema', () => {
    const vm = SCHEMA.classes.get('VM');
    if (vm === undefined) throw new Error('no VM class');
    const latest = latestRelease();
    const enumProblems = (rec: Record<string, unknown>, release: ReleaseMatch | number) =>
      checkRecord(SCHEMA, vm, 'OpaqueRef:x', rec, release).filter((p) =>
        /not a member of enum/.test(p.problem),
      );
    expect(enumProblems({ power_state: 'Halted', actions_after_crash: 'restart' }, latest)).toEqual([]);
    expect(enumProblems({ power_state: 'halted' }, latest).map((p) => p.field)).toEqual(['power_state']);
    expect(enumProblems({ actions_after_crash: 'reboot' }, latest)[0]?.problem).toMatch(/on_crash_behaviour/);
    expect(enumProblems({ allowed_operations: ['start', 'fly'] }, latest)[0]?.problem).toMatch(/"fly"/);
    // A host newer than every release the schema knows may have added enum members.
    expect(enumProblems({ actions_after_crash: 'reboot' }, { ...latest, beyondKnown: true })).toEqual([]);
  });
});

describe('schema check against a release that lacks classes (issue 11 item 2; SEMANTICS.md §10)', () => {
  it('takes MESSAGE_METHOD_UNKNOWN from a class the release does not serve, and only then', async () => {
    const options = defaultOptions();
    const target = await emulatorTarget(options, { release: '24.19' });
    try {
      const run = async (release: ReleaseMatch): Promise<string | undefined> => {
        const d = new Driver({
          client: target.client(),
          config: modelConfig({ users: { [target.user]: target.password } }),
          runId: 'schema-test',
          user: target.user,
          password: target.password,
          originator: '',
        });
        await d.login();
        try {
          await checkAllRecords(d, release);
          return undefined;
        } catch (e) {
          return e instanceof Error ? e.message : String(e);
        }
      };
      // The target states 24.19: Host_driver, Driver_variant, Caller and Rate_limit answer MESSAGE_METHOD_UNKNOWN.
      expect(await run(releaseOf('24.19'))).toBeUndefined();
      // Held to the newest release instead (as when the release was ignored), the same target is in violation:
      // its records lack the newer fields, its API the newer classes.
      expect(await run(latestRelease())).toMatch(/MESSAGE_METHOD_UNKNOWN|do not match the datamodel/);
      expect(servedIn(releaseOf('24.19'), 'class', 'Host_driver')).toBe(false);
    } finally {
      await target.close();
    }
  });
});
