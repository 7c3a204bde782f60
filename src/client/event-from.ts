// event.from(session, classes, token, timeout) decoded into a typed batch (SEMANTICS.md §6;
// xen-api ocaml/xapi-types/event_types.ml). The datamodel declares its result informally ("an event
// batch"), so the batch is decoded here; each snapshot is decoded as its class's record type.
import type { WireValue } from '../wire/value.ts';
import type { XapiJs } from '../xapi/types.ts';
import { TransportError } from '../xapi/harness-errors.ts';
import { decodeRecord } from './method-types.ts';
import type { CallOptions, SessionCalls } from './session-client.ts';

export type EventOperation = 'add' | 'mod' | 'del';

const OPERATIONS: ReadonlySet<string> = new Set<EventOperation>(['add', 'mod', 'del']);

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
  session: SessionCalls,
  classes: readonly string[],
  token: string,
  timeoutSec: number,
  options?: CallOptions,
): Promise<EventBatch> {
  const raw = await session.client.callWire('event.from', [session.ref, classes, token, timeoutSec], options);
  return decodeEventBatch(raw, session.client.protocol, session.client.target);
}

function decodeEventBatch(raw: WireValue, protocol: 'xmlrpc' | 'jsonrpc', target = ''): EventBatch {
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
    const cls = text(e['class'], 'class', target);
    const operation = text(e['operation'], 'operation', target);
    if (!OPERATIONS.has(operation)) {
      throw new TransportError('BAD_RESPONSE', `event.from: unknown event operation '${operation}'`, {
        target,
      });
    }
    const snap = e['snapshot'];
    events.push({
      id: text(e['id'], 'id', target),
      timestamp: text(e['timestamp'], 'timestamp', target),
      class: cls,
      operation: operation as EventOperation,
      ref: text(e['ref'], 'ref', target),
      ...(snap === undefined || operation === 'del' ? {} : { snapshot: decodeRecord(cls, snap, protocol) }),
    });
  }
  const counts: Record<string, number> = {};
  const vrc = raw['valid_ref_counts'];
  if (isStruct(vrc))
    for (const [k, v] of Object.entries(vrc)) counts[k] = Number(text(v, `valid_ref_counts.${k}`, target));
  return { events, valid_ref_counts: counts, token: text(raw['token'], 'token', target) };
}

function isStruct(v: WireValue | undefined): v is { readonly [k: string]: WireValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A scalar member as text: ids and counts may arrive as ints (JSON-RPC) or strings (XML-RPC). */
function text(v: WireValue | undefined, what: string, target: string): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new TransportError('BAD_RESPONSE', `event.from: ${what} is not a scalar`, { target });
}
