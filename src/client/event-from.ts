// event.from(session, classes, token, timeout) decoded into a typed batch (SEMANTICS.md §6;
// xen-api ocaml/xapi-types/event_types.ml). The datamodel declares its result informally ("an event
// batch"), so the batch is decoded here; each snapshot is decoded as its class's record type.
import type { WireValue } from '../wire/value.ts';
import type { XapiJs } from '../xapi/types.ts';
import { TransportError } from './errors.ts';
import { decodeRecord, wireToJs } from './method-types.ts';
import type { CallOptions } from './xapi-client.ts';
import type { Session } from './session.ts';

export type EventOperation = 'add' | 'mod' | 'del';

export interface XapiEvent {
  /** The event's generation, as a string. */
  readonly id: string;
  readonly timestamp: string;
  /** Lower-case class name, e.g. "vm", "task". */
  readonly class: string;
  readonly operation: EventOperation;
  readonly ref: string;
  /** The object's record after the change; absent for `del`. */
  readonly snapshot?: XapiJs;
}

export interface EventBatch {
  readonly events: readonly XapiEvent[];
  /** Lower-case class → number of valid refs (an Int32 on the wire). */
  readonly valid_ref_counts: Readonly<Record<string, number>>;
  /** Pass back to the next event.from to get only what changed since. */
  readonly token: string;
}

export async function eventFrom(
  session: Session,
  classes: readonly string[],
  token: string,
  timeoutSec: number,
  options?: CallOptions,
): Promise<EventBatch> {
  const raw = await session.client.callWire('event.from', [session.ref, classes, token, timeoutSec], options);
  return decodeEventBatch(raw, session.client.protocol, session.client.target);
}

export function decodeEventBatch(raw: WireValue, protocol: 'xmlrpc' | 'jsonrpc', target = ''): EventBatch {
  if (!isStruct(raw) || !Array.isArray(raw['events']) || raw['token'] === undefined) {
    throw new TransportError(
      'BAD_RESPONSE',
      'event.from: result is not an event batch {events, valid_ref_counts, token}',
      {
        target,
      },
    );
  }
  const events: XapiEvent[] = [];
  for (const e of raw['events'] as readonly WireValue[]) {
    if (!isStruct(e))
      throw new TransportError('BAD_RESPONSE', 'event.from: an event is not a struct', { target });
    const cls = String(scalar(e['class']));
    const operation = String(scalar(e['operation'])) as EventOperation;
    const snap = e['snapshot'];
    events.push({
      id: String(scalar(e['id'])),
      timestamp: String(scalar(e['timestamp'])),
      class: cls,
      operation,
      ref: String(scalar(e['ref'])),
      ...(snap === undefined || operation === 'del' ? {} : { snapshot: decodeRecord(cls, snap, protocol) }),
    });
  }
  const counts: Record<string, number> = {};
  const vrc = raw['valid_ref_counts'];
  if (isStruct(vrc)) for (const [k, v] of Object.entries(vrc)) counts[k] = Number(scalar(v));
  return { events, valid_ref_counts: counts, token: String(scalar(raw['token'])) };
}

function isStruct(v: WireValue | undefined): v is { readonly [k: string]: WireValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function scalar(v: WireValue | undefined): XapiJs {
  return v === undefined ? '' : wireToJs(v);
}
