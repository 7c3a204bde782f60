// The model's coarse spelling of a datamodel type (messages.ts ParamType): one owner for the generic
// messages' specs (generic-classes.ts) and for the test that holds the hand-written MESSAGES table to the
// schema (test/model/messages-schema.test.ts).
import type { XapiType } from '../xapi/index.ts';
import type { ParamType } from './messages.ts';

export function paramTypeOf(t: XapiType): ParamType {
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
