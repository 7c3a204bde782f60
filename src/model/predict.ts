// predict(state, call) → { expected, next }: the dispatcher, in xapi's order of checks (SEMANTICS.md §2):
// unknown method → arity → unmarshal (types) → session → (Async. of a message without async mode: Fault)
// → execute. Async. calls of async-capable messages answer a task at once and carry the outcome in the task.
import * as genericCalls from './vm-generic-calls.ts';
import { genericMessage, genericSpec } from './generic-classes.ts';
import { genericHandler } from './generic-calls.ts';
import type { Expected } from './expected.ts';
import { fails, oneOf } from './expected.ts';
import type { ModelState } from './model-state.ts';
import type { MessageSpec } from './messages.ts';
import { MESSAGES, parseWireName, typeAccepts } from './messages.ts';
import type { Observed } from './observed.ts';
import type { CallContext, Handler, ModelCall, Outcome, Prediction } from './prediction.ts';
import { checkSession, settleSessions } from './session-check.ts';
import * as sessionCalls from './session-calls.ts';
import * as taskCalls from './task-calls.ts';
import { createVif } from './vif-calls.ts';
import * as eventCalls from './event-calls.ts';
import * as vmCalls from './vm-calls.ts';
import * as lifecycle from './vm-lifecycle.ts';
import { CALL_OPERATION } from './vm-operation-rules.ts';

const HANDLERS: Readonly<Record<string, Handler>> = {
  'session.login_with_password': sessionCalls.login,
  'session.logout': sessionCalls.logout,
  'session.get_uuid': sessionCalls.getUuid,
  'VM.get_all': vmCalls.getAll,
  'VM.get_all_records': vmCalls.getAllRecords,
  'VM.get_record': vmCalls.getRecord,
  'VM.get_uuid': genericCalls.getUuid,
  'VM.get_by_uuid': genericCalls.getByUuid,
  'VM.get_by_name_label': genericCalls.getByNameLabel,
  'VM.get_power_state': vmCalls.getPowerState,
  'VM.get_name_label': vmCalls.getNameLabel,
  'VM.get_is_a_template': vmCalls.getIsATemplate,
  'VM.get_current_operations': vmCalls.getCurrentOperations,
  'VM.get_allowed_operations': vmCalls.getAllowedOperations,
  'VM.get_other_config': vmCalls.getOtherConfig,
  'VM.set_name_label': vmCalls.setNameLabel,
  'VM.add_to_other_config': vmCalls.addToOtherConfig,
  'VM.remove_from_other_config': vmCalls.removeFromOtherConfig,
  'VM.clone': lifecycle.clone,
  'VM.snapshot': lifecycle.snapshot,
  'VM.provision': lifecycle.provision,
  'VM.destroy': lifecycle.destroy,
  'VIF.create': createVif,
  'task.get_record': taskCalls.getRecord,
  'task.get_status': taskCalls.getStatus,
  'task.get_progress': taskCalls.getProgress,
  'task.cancel': taskCalls.cancel,
  'task.destroy': taskCalls.destroy,
  'event.from': eventCalls.from,
};

function handlerFor(name: string): Handler | undefined {
  const h = HANDLERS[name];
  if (h !== undefined) return h;
  const op = CALL_OPERATION[name];
  if (op !== undefined) return lifecycle.powerOperation(op);
  const generic = genericMessage(name);
  return generic === undefined ? undefined : genericHandler(generic);
}

function specFor(name: string): MessageSpec | undefined {
  return MESSAGES[name] ?? genericSpec(name);
}

/**
 * Whether a call leaves every record as it was, or changes only what its handler applies field by field (the
 * generic writes): anything else may change records in ways the model does not follow (a VM.start sets its
 * VBDs' currently_attached), so records read before it are no longer fresh (generic-objects.ts).
 */
function keepsRecords(name: string): boolean {
  if (/^[A-Za-z_]+\.get_/.test(name) || name === 'event.from' || name === 'session.get_uuid') return true;
  const g = HANDLERS[name] === undefined ? genericMessage(name) : undefined;
  return g !== undefined && g.verb !== 'get' && !g.verb.startsWith('get_');
}

function bumpEpoch(p: Prediction, name: string): Prediction {
  if (keepsRecords(name)) return p;
  return {
    expected: p.expected,
    next: (o) => {
      const s = p.next(o);
      return { ...s, readEpoch: s.readEpoch + 1 };
    },
  };
}

/** Messages whose result is a value (a ref) rather than void: task.result carries it. */
const RETURNS_VALUE = new Set(['VM.clone', 'VM.snapshot']);

function fixed(state: ModelState, expected: Expected): Prediction {
  return { expected, next: () => state };
}

/** MESSAGE_PARAMETER_COUNT_MISMATCH [method; expected; received] (gen_server.ml): counts exclude the session. */
function arityError(name: string, spec: MessageSpec, args: readonly unknown[]): Expected | undefined {
  const required = spec.params.length - spec.optional;
  const given = args.length - (spec.session ? 1 : 0);
  // Surplus params on a message with defaults are ignored; without defaults any other count fails.
  const ok = spec.optional > 0 ? given >= required : given === required;
  if (ok) return undefined;
  return fails('MESSAGE_PARAMETER_COUNT_MISMATCH', [name, String(required), String(given)]);
}

export function predict(state0: ModelState, call: ModelCall): Prediction {
  return bumpEpoch(predictCall(state0, call), parseWireName(call.method).name);
}

function predictCall(state0: ModelState, call: ModelCall): Prediction {
  const now = Math.max(state0.now, call.at ?? state0.now);
  const state: ModelState = now === state0.now ? state0 : settleSessions({ ...state0, now }, now);
  const { name, async } = parseWireName(call.method);
  const spec = specFor(name);
  const handler = handlerFor(name);
  if (spec === undefined || handler === undefined) {
    const exists = state.config.methodExists?.(name) ?? false;
    if (exists) throw new Error(`the model does not cover ${call.method}`);
    // Unknown method: with params, xapi session-checks the first one before answering (gen_server.ml ~l.520).
    if (call.args.length > 0) {
      const v = checkSession(state, call.args[0], now);
      const unknown = fails('MESSAGE_METHOD_UNKNOWN', [call.method]);
      if (v.kind === 'invalid') return fixed(v.state, fails('SESSION_INVALID', [String(call.args[0])]));
      if (v.kind === 'maybe')
        return maybeSession(v.valid, v.invalid, call.args[0], { expected: unknown, effect: (s) => s });
      return fixed(v.state, unknown);
    }
    return fixed(state, fails('MESSAGE_METHOD_UNKNOWN', [call.method]));
  }
  const arity = arityError(name, spec, call.args);
  if (arity !== undefined) return fixed(state, arity);
  const params = spec.session ? call.args.slice(1) : call.args;
  const sessionArg = spec.session ? call.args[0] : undefined;
  // Unmarshalling: a value of the wrong type is an INTERNAL_ERROR whose text is implementation-specific.
  const typed = spec.session ? [['ref', sessionArg] as const] : [];
  const pairs = [...typed, ...params.map((p, i) => [spec.params[i] ?? 'any', p] as const)];
  if (pairs.some(([t, v]) => !typeAccepts(t, v))) return fixed(state, fails('INTERNAL_ERROR'));

  const run = (s: ModelState, session: string): Outcome => {
    // server_helpers.ml do_dispatch, reached after the session check: "No async mode for this operation".
    if (async && !spec.async) return { expected: fails('Fault'), effect: (x) => x };
    const ctx: CallContext = { state: s, name, params, session, now };
    const sync = handler(ctx);
    return async ? taskCalls.asyncOutcome(ctx, call.method, sync, RETURNS_VALUE.has(name)) : sync;
  };
  if (!spec.session) {
    const out = run(state, '');
    return { expected: out.expected, next: (o) => out.effect(state, o) };
  }
  const verdict = checkSession(state, sessionArg, now);
  if (verdict.kind === 'invalid') return fixed(verdict.state, fails('SESSION_INVALID', [String(sessionArg)]));
  const session = String(sessionArg);
  if (verdict.kind === 'maybe')
    return maybeSession(verdict.valid, verdict.invalid, session, run(verdict.valid, session));
  const out = run(verdict.state, session);
  return { expected: out.expected, next: (o) => out.effect(verdict.state, o) };
}

/** A session a GC pass may have evicted: either the call's own outcome, or SESSION_INVALID [ref]. */
function maybeSession(valid: ModelState, invalid: ModelState, session: unknown, out: Outcome): Prediction {
  const ref = String(session);
  return {
    expected: oneOf(out.expected, fails('SESSION_INVALID', [ref])),
    next: (o: Observed) => {
      if (
        !o.ok &&
        o.code === 'SESSION_INVALID' &&
        o.params[0] === ref &&
        !(out.expected.kind === 'failure' && out.expected.code === 'SESSION_INVALID')
      ) {
        return invalid;
      }
      return out.effect(valid, o);
    },
  };
}
