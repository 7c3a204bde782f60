// Steering commands of each area (issue 17 item 1): each runs the aim of one declared transition its property
// has not reached yet (generators/commands/cover-transition.ts coverCommand).
import { coverCommand } from '../commands/cover-transition.ts';
import { ERROR_AIMS } from './errors.ts';
import { EVENT_AIMS } from './events.ts';
import { EVICTION_AIMS } from './eviction.ts';
import { SESSION_AIMS } from './sessions.ts';
import { TASK_AIMS } from './tasks.ts';
import { WIRE_AIMS } from './wire.ts';

export { ERROR_AIMS, EVENT_AIMS, EVICTION_AIMS, SESSION_AIMS, TASK_AIMS, WIRE_AIMS };

export const coverSessionCommand = coverCommand('sessions', SESSION_AIMS);
export const coverEvictionCommand = coverCommand('eviction', EVICTION_AIMS, 2);
export const coverTaskCommand = coverCommand('tasks', TASK_AIMS);
export const coverEventCommand = coverCommand('events', EVENT_AIMS);
export const coverErrorCommand = coverCommand('errors', ERROR_AIMS);
export const coverWireCommand = coverCommand('wire', WIRE_AIMS, 3);
