// Events of the emulator (issue 4, SEMANTICS.md §6): event.from on the database generations, the
// deprecated event.next queue, tokens and subscriptions.
export { EventHub, type EventHubOptions } from './event-hub.ts';
export {
  collectEvents,
  type Collected,
  type CollectedEvent,
  type EventFilter,
  type EventOp,
} from './collect-events.ts';
export { encodeEventBatch, encodeEventList, wireEventOf, type WireEvent } from './encode-event-batch.ts';
export { eventClasses, type EventClasses } from './event-classes.ts';
export { EventNextQueue, trackIdOf } from './event-next-queue.ts';
export { formatToken, parseToken, type EventToken } from './event-token.ts';
export {
  isTaskOnly,
  objectMatches,
  parseSubscription,
  tableMatches,
  type Subscription,
} from './subscription.ts';
