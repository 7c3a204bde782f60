// The model's per-message table (src/model/messages.ts) is written out by hand, so that the oracle
// stays independent of the code paths it checks; this test proves every entry agrees with the schema
// derived from the datamodel (issue 13): parameter types in order (session excluded), the count of
// trailing defaulted parameters, the session flag and the Async flag.
import { describe, expect, it } from 'vitest';
import { MESSAGES, type ParamType } from '../../src/model/index.ts';
import { findMessage } from '../../src/xapi/index.ts';
import type { XapiType } from '../../src/xapi/types.ts';

/** The model's coarse spelling of a datamodel type (messages.ts ParamType). */
function paramTypeOf(t: XapiType): ParamType {
  switch (t.kind) {
    case 'string':
    case 'enum':
      return 'string';
    case 'bool':
      return 'bool';
    case 'float':
      return 'float';
    case 'int':
      return 'int';
    case 'ref':
      return 'ref';
    case 'set':
      // Refs and enum values travel as strings: the model checks a set of them as a string set.
      return ['string', 'ref', 'enum'].includes(t.of.kind) ? 'string set' : 'any';
    case 'map':
      return 'map';
    default:
      return 'any';
  }
}

describe('the model message table agrees with the schema', () => {
  it.each(Object.entries(MESSAGES))('%s', (wireName, spec) => {
    const msg = findMessage(wireName);
    expect(msg, `${wireName} is not in the schema`).toBeDefined();
    if (msg === undefined) return;
    const params = msg.takesSession ? msg.params.slice(1) : msg.params;
    expect(spec.session).toBe(msg.takesSession);
    expect(spec.params).toEqual(params.map((p) => paramTypeOf(p.type)));
    expect(spec.optional).toBe(params.filter((p) => !p.required).length);
    expect(spec.async).toBe(msg.hasAsync);
  });
});
