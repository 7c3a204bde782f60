// scripts/data/no-async-messages.json lists Custom messages declared without `Async in xen-api's
// datamodel*.ml (SEMANTICS.md §1 gap (b)). Check it against the schema it feeds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datamodelDir } from '../../scripts/gen-schema.ts';
import { findMessage } from '../../src/xapi/index.ts';

const facts = JSON.parse(
  readFileSync(new URL('../../scripts/data/no-async-messages.json', import.meta.url), 'utf8'),
) as { source: string; messages: string[] };

describe('no-async-messages.json', () => {
  it('cites its source commit and files', () => {
    expect(facts.source).toMatch(/e2ee48d6883e0b98c4d219d3f0778a10c6655607/);
    expect(facts.source).toMatch(/datamodel_common\.ml/);
    // 181 ~flags:[`Session] + 4 ~flags:[] (the logins), SEMANTICS.md §1.
    expect(facts.messages).toHaveLength(185);
    expect(new Set(facts.messages).size).toBe(185);
    expect([...facts.messages].sort()).toEqual(facts.messages);
  });

  it('names only Custom messages', () => {
    for (const name of facts.messages) {
      const m = findMessage(name);
      // Entries absent from the published datamodel are hidden messages (hide_from_docs / internal).
      if (m !== undefined) expect(m.implicit, name).toBe(false);
    }
  });
});

// The schema's async flag is generated from the list above, so comparing the two is circular. These facts were
// read separately in xen-api's datamodel at the cited commit (e2ee48d6): a message declared with
// ~flags:[`Session] has no Async form; one with the default flags ([`Session; `Async], datamodel_common.ml
// `call`) has one. A list that lost or gained one of them fails here.
const READ_IN_XEN_API: ReadonlyArray<readonly [string, boolean, string]> = [
  ['VM.get_boot_record', false, 'datamodel_vm.ml:242 ~flags:[`Session] (* no async *)'],
  ['VM.get_allowed_VBD_devices', false, 'datamodel_vm.ml:787 ~flags:[`Session]'],
  ['session.logout', false, 'datamodel.ml:165 ~flags:[`Session]'],
  ['session.local_logout', false, 'datamodel.ml:158 ~flags:[`Session]'],
  ['session.change_password', false, 'datamodel.ml:171 ~flags:[`Session]'],
  ['host.get_servertime', false, 'datamodel_host.ml:1656 ~flags:[`Session]'],
  ['event.from', false, 'datamodel.ml:8726 ~flags:[`Session]'],
  ['event.next', false, 'datamodel.ml:8698 ~flags:[`Session]'],
  ['event.get_current_id', false, 'datamodel.ml:8772 ~flags:[`Session]'],
  ['VM.start', true, 'datamodel_vm.ml:624 default flags'],
  ['VM.clone', true, 'datamodel_vm.ml:343 default flags'],
  ['VM.get_data_sources', false, 'datamodel_vm.ml:264 ~flags:[`Session]'],
  ['host.evacuate', true, 'datamodel_host.ml:518 default flags'],
  ['host.dmesg', true, 'datamodel_host.ml:790 default flags'],
  ['pool.join', true, 'datamodel_pool.ml:122 default flags'],
  ['session.create_from_db_file', true, 'datamodel.ml:150 default flags'],
  ['event.inject', false, 'datamodel.ml:8813 ~flags:[`Session]'],
];

describe('the async flag against xen-api, read independently', () => {
  for (const [name, hasAsync, source] of READ_IN_XEN_API) {
    it(`${name}: ${hasAsync ? 'has' : 'has no'} Async form (${source})`, () => {
      expect(findMessage(name)?.hasAsync, name).toBe(hasAsync);
      expect(facts.messages.includes(name), name).toBe(!hasAsync);
    });
  }
});

describe('datamodelDir', () => {
  it('defaults to ../shared/xapi next to the repo and honours XAPI_DATAMODEL (dir or xenapi.json path)', () => {
    expect(datamodelDir({})).toMatch(/[/\\]shared[/\\]xapi$/);
    expect(datamodelDir({ XAPI_DATAMODEL: '/some/where' })).toBe('/some/where');
    const real = datamodelDir({});
    expect(datamodelDir({ XAPI_DATAMODEL: `${real}/xenapi.json` })).toBe(real);
  });
});
