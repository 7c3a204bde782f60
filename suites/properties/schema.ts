// Schema (issue 5 §3): every record of every class the target returns has every field of the target's
// release, with the declared type.
import type { PropertyDef } from '../../src/harness/index.ts';
import { checkAllRecords, schemaTransitions, singleCase } from '../../src/harness/index.ts';

export const SCHEMA_PROPERTIES: readonly PropertyDef[] = [
  {
    id: 'schema/all/get_all_records/records-match-datamodel',
    name: "every record of every class matches the datamodel for the target's release",
    area: 'schema',
    feature: 'all',
    story: 'get_all_records',
    numRuns: 1,
    setup: async () => {},
    // Its coverage is the classes it checked: each get_all_records answered (issue 17 item 1).
    transitions: (ctx) => schemaTransitions(ctx.preflight.release),
    cases: (ctx) =>
      singleCase('check every class', (driver) => checkAllRecords(driver, ctx.preflight.release)),
  },
];
