// The datamodel's generic messages on every class the model tracks (issue 17 item 3; src/model/generic-classes.ts:
// VM, VDI, VBD, VIF, SR, network, host, pool, session, task), each answer checked by the model against the others
// and against what it has seen. The command lists the class (get_all_records: every object of ours there),
// picks one object by index, reads its record, then makes the checks drawn for it: get_uuid; get_by_uuid of
// that uuid (that object) and of a uuid nobody has (UUID_INVALID [class; uuid]); get_by_name_label of its name;
// field getters (each the value the record showed); on objects of ours only, one write (name_description, an
// other_config key added then removed, a tag added then removed) then its getter and the record; get_all (the
// same objects of ours as get_all_records). The messages and fields come from the schema, as the target's
// release serves them (a removed getter answers MESSAGE_REMOVED; SEMANTICS.md §10). Which checks a command
// makes is generated, so that shrinking keeps only the one that fails (issue 17 item 5).
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Driver } from '../../src/harness/driver.ts';
import { GENERIC_CLASSES, genericMessage, getterFields, objectsOf } from '../../src/model/index.ts';
import { servedIn } from '../../src/xapi/index.ts';
import { command, pick } from '../command.ts';

const CHECKS = ['uuid', 'by-uuid', 'unknown-uuid', 'by-name', 'getters', 'write', 'get-all'] as const;
type Check = (typeof CHECKS)[number];
const WRITES = ['description', 'other_config', 'tags'] as const;
type Write = (typeof WRITES)[number];

/** Whether the target's release serves `method` (and the model tracks it as generic). */
function served(d: Driver, method: string): boolean {
  return genericMessage(method) !== undefined && servedIn(d.state.config.release, 'message', method);
}

/** Calls `method` when the class has it in the target's release, checked by the model; its value or undefined. */
async function maybe(d: Driver, method: string, args: readonly unknown[]): Promise<unknown> {
  if (!served(d, method)) return undefined;
  const o = await d.call(method, [d.session, ...args]);
  return o.ok ? o.value : undefined;
}

function struct(v: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

async function writeOnce(d: Driver, cls: string, ref: string, what: Write, n: number): Promise<void> {
  if (what === 'description') {
    if ((await maybe(d, `${cls}.set_name_description`, [ref, `harness description ${n}`])) === undefined)
      return;
    await maybe(d, `${cls}.get_name_description`, [ref]);
  } else if (what === 'other_config') {
    const key = `xapi-harness-probe-${n}`;
    if ((await maybe(d, `${cls}.add_to_other_config`, [ref, key, String(n)])) === undefined) return;
    await maybe(d, `${cls}.get_other_config`, [ref]);
    await maybe(d, `${cls}.remove_from_other_config`, [ref, key]);
  } else {
    const tag = `xapi-harness-tag-${n}`;
    if ((await maybe(d, `${cls}.add_tags`, [ref, tag])) === undefined) return;
    await maybe(d, `${cls}.get_tags`, [ref]);
    await maybe(d, `${cls}.remove_tags`, [ref, tag]);
  }
  await maybe(d, `${cls}.get_record`, [ref]);
}

interface Drawn {
  readonly cls: string;
  readonly i: number;
  readonly ours: boolean;
  readonly fieldPicks: readonly number[];
  readonly write: Write;
  readonly n: number;
}

async function runCheck(d: Driver, c: Check, x: Drawn, ref: string, rec: Readonly<Record<string, unknown>>) {
  const cls = x.cls;
  switch (c) {
    case 'uuid':
      await maybe(d, `${cls}.get_uuid`, [ref]);
      return;
    case 'by-uuid':
      if (typeof rec['uuid'] === 'string') await maybe(d, `${cls}.get_by_uuid`, [rec['uuid']]);
      return;
    case 'unknown-uuid':
      await maybe(d, `${cls}.get_by_uuid`, [randomUUID()]);
      return;
    case 'by-name':
      if (typeof rec['name_label'] === 'string')
        await maybe(d, `${cls}.get_by_name_label`, [rec['name_label']]);
      return;
    case 'getters': {
      const fields = getterFields(cls).filter((f) => served(d, `${cls}.get_${f.name}`));
      for (const k of x.fieldPicks) {
        const f = pick(fields, k);
        if (f !== undefined) await maybe(d, `${cls}.get_${f.name}`, [ref]);
      }
      return;
    }
    case 'write':
      // Writes only on what the harness made (ARCHITECTURE.md "Touch only what you created").
      if (d.state.objects.get(ref)?.owned === true) await writeOnce(d, cls, ref, x.write, x.n);
      return;
    case 'get-all':
      await maybe(d, `${cls}.get_all`, []);
      return;
  }
}

/** One boolean per check (each shrinks to false on its own); none drawn means get_by_uuid of its uuid. */
export const genericClassCommand = fc
  .record({
    cls: fc.constantFrom(...GENERIC_CLASSES),
    i: fc.nat(),
    ours: fc.boolean(),
    fieldPicks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    write: fc.constantFrom(...WRITES),
    n: fc.nat({ max: 999 }),
    drawn: fc.array(fc.boolean(), { minLength: CHECKS.length, maxLength: CHECKS.length }),
  })
  .map(({ drawn, ...x }) => {
    const some = CHECKS.filter((_, k) => drawn[k] === true);
    const checks: readonly Check[] = some.length > 0 ? some : ['by-uuid'];
    return command(
      `generic messages on ${x.ours ? 'one of our' : 'any'} ${x.cls} #${x.i}: ${checks.join(', ')}${checks.includes('write') ? ` (${x.write})` : ''}`,
      () => true,
      async (d) => {
        await maybe(d, `${x.cls}.get_all_records`, []);
        const owned = objectsOf(d.state, x.cls, true);
        const o = pick(x.ours && owned.length > 0 ? owned : objectsOf(d.state, x.cls), x.i);
        if (o === undefined) return;
        const rec = struct(await maybe(d, `${x.cls}.get_record`, [o.ref]));
        if (rec === undefined) return;
        for (const c of checks) await runCheck(d, c, x, o.ref, rec);
      },
    );
  });
