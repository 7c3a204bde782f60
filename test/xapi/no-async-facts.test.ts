// scripts/data/no-async-messages.json lists Custom messages declared without `Async in xen-api's
// datamodel*.ml (SEMANTICS.md §1 gap (b)). Check it against the schema it feeds.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datamodelDir } from '../../scripts/gen-schema.ts';
import { findMessage, SCHEMA } from '../../src/xapi/index.ts';

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

  it('names only Custom messages, and they are exactly the Custom messages without Async', () => {
    const listed = new Set(facts.messages);
    for (const name of facts.messages) {
      const m = findMessage(name);
      // Entries absent from the published datamodel are hidden messages (hide_from_docs / internal).
      if (m !== undefined) expect(m.implicit, name).toBe(false);
    }
    const customWithoutAsync: string[] = [];
    for (const c of SCHEMA.classes.values())
      for (const m of c.messages.values())
        if (!m.implicit && !m.hasAsync) customWithoutAsync.push(m.wireName);
    expect(customWithoutAsync.every((n) => listed.has(n))).toBe(true);
    expect(customWithoutAsync).toHaveLength(148);
  });
});

describe('datamodelDir', () => {
  it('defaults to ../shared/xapi next to the repo and honours XAPI_DATAMODEL (dir or xenapi.json path)', () => {
    expect(datamodelDir({})).toMatch(/[/\\]shared[/\\]xapi$/);
    expect(datamodelDir({ XAPI_DATAMODEL: '/some/where' })).toBe('/some/where');
    const real = datamodelDir({});
    expect(datamodelDir({ XAPI_DATAMODEL: `${real}/xenapi.json` })).toBe(real);
  });
});
