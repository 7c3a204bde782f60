// Events (SEMANTICS.md §6): for every change, the add / mod / del an event.from watcher must see, coalesced.
import {
  coverEventCommand,
  destroyCommand,
  eventFromCommand,
  powerOpCommand,
  setNameLabelCommand,
  watchChangeCommand,
} from '../../generators/index.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import { VM_MAKERS } from './vm-makers.ts';
import { commandCases, eventTransitions } from '../../src/harness/index.ts';

export const EVENT_PROPERTIES: readonly PropertyDef[] = [
  {
    id: 'events/event/from/coalesced-changes',
    name: 'event.from reports every change since the token, coalesced per object',
    area: 'events',
    feature: 'event',
    story: 'event.from',
    // Steered by coverEventCommand (issue 17 item 1).
    transitions: () => eventTransitions(),
    cases: () =>
      commandCases(
        [
          ...VM_MAKERS,
          powerOpCommand,
          powerOpCommand,
          setNameLabelCommand,
          destroyCommand,
          eventFromCommand,
          eventFromCommand,
          watchChangeCommand,
          watchChangeCommand,
          coverEventCommand,
          coverEventCommand,
        ],
        20,
      ),
  },
];
