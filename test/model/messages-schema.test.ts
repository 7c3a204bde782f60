// The model's per-message table (src/model/messages.ts) is written out by hand, so that the oracle
// stays independent of the code paths it checks; this test proves every entry agrees with the schema
// derived from the datamodel (issue 13): parameter types in order (session excluded), the count of
// trailing defaulted parameters, the session flag and the Async flag.
import { describe, expect, it } from 'vitest';
import { MESSAGES, paramTypeOf } from '../../src/model/index.ts';
import { findMessage } from '../../src/xapi/index.ts';

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
