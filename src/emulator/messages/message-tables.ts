// The one list of custom message implementations, by class: buildDispatchTable reads it for every
// emulator. A new class file (messages/<Class>.ts) exports its table and is listed here
// (docs/DEVELOPMENT.md, "Add a message"); messages without an entry get the generic accessors.
import type { MessageTable } from '../registry/message-context.ts';
import { EVENT_MESSAGES } from './event.ts';
import { HOST_MESSAGES } from './host.ts';
import { MESSAGE_MESSAGES } from './message.ts';
import { NETWORK_MESSAGES } from './network.ts';
import { PBD_MESSAGES } from './PBD.ts';
import { POOL_MESSAGES } from './pool.ts';
import { SESSION_MESSAGES } from './session.ts';
import { SR_MESSAGES } from './SR.ts';
import { TASK_MESSAGES } from './task.ts';
import { VBD_MESSAGES } from './VBD.ts';
import { VDI_MESSAGES } from './VDI.ts';
import { VIF_MESSAGES } from './VIF.ts';
import { VM_MESSAGES } from './VM.ts';

export const MESSAGE_TABLES: Readonly<Record<string, MessageTable>> = {
  event: EVENT_MESSAGES,
  host: HOST_MESSAGES,
  message: MESSAGE_MESSAGES,
  network: NETWORK_MESSAGES,
  PBD: PBD_MESSAGES,
  pool: POOL_MESSAGES,
  session: SESSION_MESSAGES,
  SR: SR_MESSAGES,
  task: TASK_MESSAGES,
  VBD: VBD_MESSAGES,
  VDI: VDI_MESSAGES,
  VIF: VIF_MESSAGES,
  VM: VM_MESSAGES,
};
