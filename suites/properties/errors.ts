// Errors (SEMANTICS.md §2): invalid refs, wrong arity, wrong types, unknown methods, stale sessions, and
// the lifecycle errors with their exact params.
import {
  cloneCommand,
  coverErrorCommand,
  invalidRefCommand,
  noAsyncModeCommand,
  newVmCommand,
  powerOpCommand,
  provisionCommand,
  staleSessionCommand,
  templateGuardCommand,
  unknownMethodCommand,
  wrongArityCommand,
  wrongTypeCommand,
} from '../../generators/index.ts';
import type { PropertyDef } from '../../src/harness/index.ts';
import { commandCases, errorTransitions } from '../../src/harness/index.ts';

export const ERROR_PROPERTIES: readonly PropertyDef[] = [
  {
    id: 'errors/VM/start/dispatch-errors',
    name: 'malformed calls fail with the error xapi gives, in its order of checks',
    area: 'errors',
    feature: 'VM',
    story: 'VM.start',
    // Steered by coverErrorCommand (issue 17 item 1).
    transitions: () => errorTransitions(),
    cases: () =>
      commandCases(
        [
          invalidRefCommand,
          noAsyncModeCommand,
          wrongArityCommand,
          wrongTypeCommand,
          unknownMethodCommand,
          staleSessionCommand,
          newVmCommand,
          templateGuardCommand,
          cloneCommand,
          provisionCommand,
          powerOpCommand,
          coverErrorCommand,
          coverErrorCommand,
        ],
        15,
      ),
  },
];
