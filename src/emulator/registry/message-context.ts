// What a message implementation receives. Documented for implementers in src/emulator/README.md.
import type { XapiJs } from '../../xapi/types.ts';
import type { Behaviour } from '../lifecycle/behaviour.ts';
import type { CallContext } from './call-context.ts';
import type { MessageResult } from './result-values.ts';

export type { Timing } from '../tasks/timing-profile.ts';
export type { CallMode } from '../../xapi/wire-name.ts';
export type { HostRefs } from './host-refs.ts';
export type { CallContext } from './call-context.ts';
export type { MessageResult } from './result-values.ts';

export interface MessageContext extends CallContext {
  /** This emulator's task manager (which also runs Async calls), event hub and per-VM queues. */
  readonly behaviour: Behaviour;
}

/** Arguments by parameter name (session excluded), unmarshalled to typed values, defaults filled. */
export type MessageArgs = Readonly<Record<string, XapiJs>>;

export type MessageImpl = (ctx: MessageContext, args: MessageArgs) => MessageResult | Promise<MessageResult>;

/** The custom messages of one class, by datamodel name ("start"); exported by messages/<Class>.ts. */
export type MessageTable = Readonly<Record<string, MessageImpl>>;
