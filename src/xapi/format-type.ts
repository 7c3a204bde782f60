// Inverse of parseType: prints a type in the datamodel's own spelling (SEMANTICS.md §1), so that
// formatType(parseType(s)) === s for every type string in xenapi.json.
import type { XapiType } from './types.ts';

export function formatType(t: XapiType): string {
  switch (t.kind) {
    case 'string':
    case 'int':
    case 'float':
    case 'bool':
    case 'datetime':
    case 'void':
      return t.kind;
    case 'ref':
      return `${t.cls} ref`;
    case 'record':
      return `${t.cls} record`;
    case 'enum':
      return `enum ${t.name}`;
    case 'set':
      return `${formatType(t.of)} set`;
    case 'option':
      return `${formatType(t.of)} option`;
    case 'map':
      return `(${formatType(t.key)} -> ${formatType(t.value)}) map`;
    case 'opaque':
      return t.text;
  }
}
