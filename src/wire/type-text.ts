// Renders an XapiType back in the datamodel's own spelling ("(string -> VM ref) map"), for messages.
import type { XapiType } from '../xapi/types.ts';

export function typeText(t: XapiType): string {
  switch (t.kind) {
    case 'ref':
      return `${t.cls} ref`;
    case 'enum':
      return `enum ${t.name}`;
    case 'set':
      return `${typeText(t.of)} set`;
    case 'map':
      return `(${typeText(t.key)} -> ${typeText(t.value)}) map`;
    case 'record':
      return `${t.cls} record`;
    case 'option':
      return `${typeText(t.of)} option`;
    case 'opaque':
      return t.text;
    default:
      return t.kind;
  }
}
