// The wire (SEMANTICS.md §2, §8): the same model-checked sequences over XML-RPC on real HTTP and over
// JSON-RPC 1.0 and 2.0, so each protocol's encoding of values and failures is checked end to end.
import {
  cloneCommand,
  coverWireCommand,
  getAllRecordsCommand,
  invalidRefCommand,
  newVmCommand,
  powerOpCommand,
  provisionCommand,
  readVmCommand,
  setNameLabelCommand,
  wrongArityCommand,
} from '../../generators/index.ts';
import type { ClientChoice, PropertyDef } from '../../src/harness/index.ts';
import { commandCases, wireTransitions } from '../../src/harness/index.ts';

const VARIANTS: readonly { readonly key: string; readonly title: string; readonly client: ClientChoice }[] = [
  { key: 'xmlrpc-http', title: 'XML-RPC over HTTP', client: { protocol: 'xmlrpc', http: true } },
  { key: 'jsonrpc-2.0', title: 'JSON-RPC 2.0', client: { protocol: 'jsonrpc', jsonrpcVersion: '2.0' } },
  { key: 'jsonrpc-1.0', title: 'JSON-RPC 1.0', client: { protocol: 'jsonrpc', jsonrpcVersion: '1.0' } },
];

export const WIRE_PROPERTIES: readonly PropertyDef[] = VARIANTS.map((v) => ({
  id: `wire/VM/get_record/${v.key}`,
  name: `${v.title}: values and failures round-trip as the model predicts`,
  area: 'wire',
  feature: 'VM',
  story: 'VM.get_record',
  client: v.client,
  numRuns: 8,
  // One call per kind of value and failure the codec carries; steered by coverWireCommand (issue 17 item 1).
  transitions: () => wireTransitions(),
  cases: () =>
    commandCases(
      [
        newVmCommand,
        cloneCommand,
        provisionCommand,
        powerOpCommand,
        readVmCommand,
        readVmCommand,
        setNameLabelCommand,
        invalidRefCommand,
        wrongArityCommand,
        getAllRecordsCommand,
        coverWireCommand,
        coverWireCommand,
      ],
      12,
    ),
}));
