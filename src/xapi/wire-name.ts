// Splits a method name as it arrives on the wire (SEMANTICS.md §2 Dispatch; xen-api
// ocaml/xapi/server_helpers.ml sync_ty_and_maybe_remove_prefix): an "Async." or "InternalAsync."
// prefix, then "Class.msg" or the alias "Class_msg".
import { findMessage, SCHEMA } from './schema.ts';
import type { MessageSchema } from './schema-types.ts';

interface WireName {
  /** "Async." or "InternalAsync." was present. */
  readonly async: boolean;
  readonly internal: boolean;
  readonly cls: string;
  readonly msg: string;
  /** The name without the async prefix, as the client sent it ("VM.start" or "VM_start"). */
  readonly syncName: string;
  /** The schema entry, when the message exists. */
  readonly message: MessageSchema | undefined;
}

const ASYNC = 'Async.';
const INTERNAL_ASYNC = 'InternalAsync.';

/** How a call arrived: `VM.start`, `Async.VM.start` or `InternalAsync.VM.start`. */
export type CallMode = 'sync' | 'async' | 'internal-async';

/**
 * The async prefix and the name after it, without any schema lookup (the dispatcher's hot path uses it):
 * "Async.VM.start" → {mode: 'async', name: 'VM.start'}. The one place that knows the prefixes.
 */
export function splitAsyncPrefix(method: string): { readonly mode: CallMode; readonly name: string } {
  if (method.startsWith(ASYNC)) return { mode: 'async', name: method.slice(ASYNC.length) };
  if (method.startsWith(INTERNAL_ASYNC))
    return { mode: 'internal-async', name: method.slice(INTERNAL_ASYNC.length) };
  return { mode: 'sync', name: method };
}

/** Every call mode, sync first. */
export const CALL_MODES: readonly CallMode[] = ['sync', 'async', 'internal-async'];

/** The wire name of `name` called in `mode`: the inverse of splitAsyncPrefix. */
export function withAsyncPrefix(mode: CallMode, name: string): string {
  return mode === 'sync' ? name : (mode === 'async' ? ASYNC : INTERNAL_ASYNC) + name;
}

// Class names by length, longest first, to split "VM_appliance_start" as VM_appliance + start.
const classNamesLongestFirst = [...SCHEMA.classes.keys()].sort((a, b) => b.length - a.length);

/**
 * Parses a wire method name. Returns undefined when no class/message split is possible (no "." and
 * no known class prefix). A known class with an unknown message still parses, with `message`
 * undefined, so callers can answer MESSAGE_METHOD_UNKNOWN with the name as sent.
 * xapi accepts the "Class_msg" alias after "Async." too, since it strips the prefix first; the
 * "Async_Class_msg" spelling is not accepted by its dispatcher (server_helpers.ml comment).
 */
export function parseWireName(name: string): WireName | undefined {
  const { mode, name: rest } = splitAsyncPrefix(name);
  const async = mode !== 'sync';
  const internal = mode === 'internal-async';
  const message = findMessage(rest);
  if (message !== undefined)
    return { async, internal, cls: message.cls, msg: message.name, syncName: rest, message };
  const dot = rest.indexOf('.');
  if (dot > 0)
    return { async, internal, cls: rest.slice(0, dot), msg: rest.slice(dot + 1), syncName: rest, message };
  for (const cls of classNamesLongestFirst) {
    if (rest.length > cls.length + 1 && rest.startsWith(cls) && rest[cls.length] === '_') {
      return { async, internal, cls, msg: rest.slice(cls.length + 1), syncName: rest, message: undefined };
    }
  }
  return undefined;
}
