// The normalisation of a differential run (issue 15): the bijection between the two sides' refs and uuids,
// and the comparison of their answers (src/harness/mirror/).
import { describe, expect, it } from 'vitest';
import { parseDiffArgs } from '../../src/cli/commands/diff.ts';
import { replayArgs } from '../../src/harness/replay-args.ts';
import { AnswerComparer, DEFAULT_VOLATILE } from '../../src/harness/mirror/compare-answers.ts';
import { Mirror } from '../../src/harness/mirror/mirror.ts';
import { OpaqueMap, isOpaque, refsIn, skeleton } from '../../src/harness/mirror/opaque-map.ts';

const RA1 = 'OpaqueRef:aaaaaaaa-0000-0000-0000-000000000001';
const RA2 = 'OpaqueRef:aaaaaaaa-0000-0000-0000-000000000002';
const RB1 = 'OpaqueRef:bbbbbbbb-0000-0000-0000-000000000001';
const RB2 = 'OpaqueRef:bbbbbbbb-0000-0000-0000-000000000002';
const UA = '11111111-2222-3333-4444-555555555555';
const UB = '99999999-8888-7777-6666-555555555555';

function comparer(extra: readonly string[] = []): AnswerComparer {
  return new AnswerComparer(new OpaqueMap(), new Set([...DEFAULT_VOLATILE, ...extra]));
}

const ok = (value: unknown) => ({ ok: true as const, value });
const fail = (code: string, params: string[]) => ({ ok: false as const, code, params });

describe('OpaqueMap', () => {
  it('pairs a ref with one ref only, both ways', () => {
    const m = new OpaqueMap();
    expect(m.bind(RA1, RB1)).toBe(true);
    expect(m.bind(RA1, RB1)).toBe(true);
    expect(m.bind(RA1, RB2)).toBe(false);
    expect(m.bind(RA2, RB1)).toBe(false);
    expect(m.toB(RA1)).toBe(RB1);
    expect(m.toA(RB1)).toBe(RA1);
    // A value never paired (a forged ref) is the same on both sides.
    expect(m.toB(RA2)).toBe(RA2);
  });

  it('recognises refs and uuids, also inside a longer string, and never OpaqueRef:NULL', () => {
    expect(isOpaque(RA1)).toBe(true);
    expect(isOpaque(UA)).toBe(true);
    expect(isOpaque('OpaqueRef:NULL')).toBe(false);
    expect(isOpaque('Running')).toBe(false);
    const spec = `<provision><disk sr="${UA}" size="4294967296"/></provision>`;
    expect(refsIn(spec)).toEqual([UA]);
    expect(skeleton(spec)).toBe('<provision><disk sr="#" size="4294967296"/></provision>');
    const m = new OpaqueMap();
    m.bind(UA, UB);
    // A disks spec naming its SR by uuid reaches side B naming B's SR (the 4 GiB physical_utilisation
    // difference once seen when it did not).
    expect(m.rewriteRefs(spec)).toBe(spec.replace(UA, UB));
    expect(m.intoA({ [UB]: [`x ${UB}`] })).toEqual({ [UA]: [`x ${UA}`] });
  });
});

describe('AnswerComparer', () => {
  it('accepts the same answer with each side its own refs, and a ref paired twice differently is a difference', () => {
    const c = comparer();
    expect(c.compare(ok(RA1), ok(RB1))).toBeUndefined();
    expect(c.compare(ok({ VM: RA1 }), ok({ VM: RB1 }))).toBeUndefined();
    const d = c.compare(ok(RA1), ok(RB2));
    expect(d).toBeDefined();
    expect(d?.a).toContain(`paired with ${RB1}`);
    // And B's ref already paired with A's first ref cannot stand for another of A's.
    expect(c.compare(ok(RA2), ok(RB1))).toBeDefined();
    // A ref against a plain string is a difference, whatever the map holds.
    expect(comparer().compare(ok(RA1), ok('Halted'))).toBeDefined();
  });

  it('agrees on sets of refs in any order, once the refs are paired', () => {
    const c = comparer();
    expect(c.compare(ok(RA1), ok(RB1))).toBeUndefined();
    expect(c.compare(ok(RA2), ok(RB2))).toBeUndefined();
    expect(c.compare(ok([RA1, RA2]), ok([RB2, RB1]))).toBeUndefined();
    expect(c.compare(ok([RA1, RA2]), ok([RB1]))?.path).toBe('value.length');
  });

  it('pairs maps keyed by refs by content, whatever the order', () => {
    const c = comparer();
    const a = {
      [RA1]: { name_label: 'x', power_state: 'Halted' },
      [RA2]: { name_label: 'y', power_state: 'Running' },
    };
    const b = {
      [RB2]: { name_label: 'y', power_state: 'Running' },
      [RB1]: { name_label: 'x', power_state: 'Halted' },
    };
    expect(c.compare(ok(a), ok(b))).toBeUndefined();
    expect(c.map.toB(RA1)).toBe(RB1);
    const b2 = {
      [RB2]: { name_label: 'y', power_state: 'Halted' },
      [RB1]: { name_label: 'x', power_state: 'Halted' },
    };
    expect(c.compare(ok(a), ok(b2))?.path).toBe(`value.${RA2}.power_state`);
  });

  it('a field present on one side only is a difference, whatever its value', () => {
    const d = comparer().compare(ok({ name_label: 'x', tags: [] }), ok({ name_label: 'x' }));
    expect(d).toEqual({ path: 'value.tags', a: '[]', b: '(absent)' });
    expect(comparer().compare(ok({ a: 1 }), ok({ a: '1' }))?.path).toBe('value.a');
  });

  it('ignores the volatile fields, by default and as asked, even when absent on one side', () => {
    const c = comparer(['memory_actual']);
    expect(
      c.compare(
        ok({ name_label: 'x', last_active: new Date(1), memory_actual: 1, created: 'x' }),
        ok({ name_label: 'x', last_active: new Date(2), memory_actual: 2 }),
      ),
    ).toBeUndefined();
    expect(comparer().compare(ok({ memory_actual: 1 }), ok({ memory_actual: 2 }))?.path).toBe(
      'value.memory_actual',
    );
  });

  it('compares clocks by their order within a record, never by value', () => {
    const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const task = (created: Date | string, finished: Date | string) =>
      ok({ status: 'success', created, finished });
    // Different readings, same order: no difference; equal readings agree with any order.
    expect(comparer().compare(task(t(1), t(3)), task(t(10), t(40)))).toBeUndefined();
    expect(comparer().compare(task(t(1), t(3)), task(t(5), t(5)))).toBeUndefined();
    // finished before created on one side only.
    const d = comparer().compare(task(t(1), t(3)), task(t(5), t(4)));
    expect(d?.path).toBe('value.created/finished order');
    // xapi's datetime strings (event snapshots) likewise.
    expect(
      comparer().compare(
        task('20260101T00:00:01Z', '20260101T00:00:03Z'),
        task('20260101T00:00:09Z', '20260101T00:00:02Z'),
      )?.path,
    ).toBe('value.created/finished order');
    // A clock the user lists as volatile (one of the defaults always takes part) is left out entirely.
    const backup = (created: Date, backup_time: Date) => ok({ created, backup_time });
    expect(comparer().compare(backup(t(1), t(3)), backup(t(5), t(4)))?.path).toBe(
      'value.created/backup_time order',
    );
    expect(comparer(['backup_time']).compare(backup(t(1), t(3)), backup(t(5), t(4)))).toBeUndefined();
  });

  it('compares failures by outcome, code, then ordered params', () => {
    const c = comparer();
    expect(c.compare(ok(''), fail('X', []))?.path).toBe('outcome');
    expect(c.compare(fail('VM_BAD_POWER_STATE', []), fail('OTHER', []))?.path).toBe('error code');
    const p = (x: string, y: string) => fail('VM_BAD_POWER_STATE', [RA1, x, y]);
    expect(
      c.compare(p('halted', 'running'), fail('VM_BAD_POWER_STATE', [RB1, 'halted', 'running'])),
    ).toBeUndefined();
    // The same parameters in another order are a difference: error parameters are positional.
    expect(
      c.compare(p('halted', 'running'), fail('VM_BAD_POWER_STATE', [RB1, 'running', 'halted']))?.path,
    ).toBe('error params[1]');
  });

  it('compares what surrounds refs inside strings, and pairs the refs', () => {
    const c = comparer();
    expect(c.compare(ok(`<value>${RA1}</value>`), ok(`<value>${RB1}</value>`))).toBeUndefined();
    expect(c.map.toB(RA1)).toBe(RB1);
    expect(c.compare(ok(`<value>${RA1}</value>`), ok(`<value>${RB2}</value>`))).toBeDefined();
    expect(c.compare(ok(`<value>${RA2}</value>`), ok(`<error>${RB2}</error>`))).toBeDefined();
  });
});

describe('host addresses', () => {
  it('are paired like refs: two pools with other addresses agree, and stay paired', () => {
    const c = comparer();
    const hosts = (r1: string, a1: string, r2: string, a2: string) =>
      ok({ [r1]: { name_label: 'h1', address: a1 }, [r2]: { name_label: 'h2', address: a2 } });
    expect(
      c.compare(hosts(RA1, '10.0.0.1', RA2, '10.0.0.2'), hosts(RB1, '192.168.1.7', RB2, '192.168.1.9')),
    ).toBeUndefined();
    expect(c.map.toB('10.0.0.2')).toBe('192.168.1.9');
    // A member's redirect names the coordinator by address: side B's paired one agrees, another does not.
    expect(
      c.compare(fail('HOST_IS_SLAVE', ['10.0.0.1']), fail('HOST_IS_SLAVE', ['192.168.1.7'])),
    ).toBeUndefined();
    expect(c.compare(fail('HOST_IS_SLAVE', ['10.0.0.1']), fail('HOST_IS_SLAVE', ['192.168.1.9']))?.path).toBe(
      'error params[0]',
    );
    // A host that shows another address than the one it was paired with is a difference.
    expect(
      c.compare(
        ok({ [RA1]: { name_label: 'h1', address: '10.0.0.1' } }),
        ok({ [RB1]: { name_label: 'h1', address: '192.168.1.9' } }),
      )?.path,
    ).toBe(`value.${RA1}.address`);
    // The same addresses on both sides (two emulators) pair with themselves.
    const same = comparer();
    expect(
      same.compare(hosts(RA1, '127.0.0.1', RA2, '127.0.0.2'), hosts(RB1, '127.0.0.1', RB2, '127.0.0.2')),
    ).toBeUndefined();
  });
});

describe('Mirror arguments', () => {
  it('rewrites refs, uuids inside strings and credentials into side B', () => {
    const m = new Mirror({
      // The client is not called by translate.
      client: undefined as never,
      userA: 'root',
      passwordA: 'pa',
      userB: 'admin',
      passwordB: 'pb',
      volatile: new Set(),
    });
    m.map.bind(RA1, RB1);
    m.map.bind(UA, UB);
    expect(m.translate(['root', 'pa', RA1, { [RA1]: `sr=${UA}` }, RA2])).toEqual([
      'admin',
      'pb',
      RB1,
      { [RB1]: `sr=${UB}` },
      RA2,
    ]);
  });
});

describe('diff replay command', () => {
  it('names both sides as given and passwords by variable only', () => {
    const o = parseDiffArgs(
      [
        '--a',
        'http://127.0.0.1:9',
        '--a-password-env',
        'PA',
        '--b',
        'emulator:--release=24.19,--fault=logout-noop',
        '--volatile',
        'memory_actual',
        '--b-expectations',
        'expectations/b.json',
        '--allow-disruptive',
      ],
      { PA: 'secret-a' },
    );
    const args = replayArgs(o, 'sessions', 'sessions/session/logout/lifecycle');
    const line = args.join(' ');
    expect(line).not.toContain('secret-a');
    expect(args.slice(0, 6)).toEqual([
      '--a',
      'http://127.0.0.1:9',
      '--b',
      'emulator:--release=24.19,--fault=logout-noop',
      '--a-password-env',
      'PA',
    ]);
    expect(line).toContain('--volatile memory_actual');
    // Side B's own expectations go with the replay, and reach side B's spec.
    expect(line).toContain('--b-expectations expectations/b.json');
    expect(o.mirror?.expectationsFile).toBe('expectations/b.json');
    expect(line).toContain('--allow-disruptive');
    expect(line).toContain('--suite sessions --property sessions/session/logout/lifecycle');
    // The printed flags parse back to the same two sides.
    const again = parseDiffArgs([...args, '--replay', '1:0'], { PA: 'secret-a' });
    expect(again.target).toBe(o.target);
    expect(again.mirror).toMatchObject({ target: 'emulator', emulatorOptions: o.mirror?.emulatorOptions });
  });
});
