// The XAPI VU kit: each VU owns a client with its own connection and its own session — it logs in at set-up
// and out at tear-down (k6 VU semantics, issue 7). Every call is a `xapi_req` sample tagged with the wire
// method and its outcome ("ok", the XAPI error code, or "transport:<code>"). A SESSION_INVALID answer (the
// session was evicted: SEMANTICS.md §3) is followed by one re-login, counted in `xapi_session_relogins`,
// and one retry of the call.
import { httpTransport } from '../client/http-transport.ts';
import { inProcessTransport } from '../client/in-process-transport.ts';
import { isTransportError } from '../xapi/harness-errors.ts';
import type { AsyncCallResult } from '../client/call-async.ts';
import type { Outcome } from '../client/outcome.ts';
import type { Protocol } from '../client/rpc-codec.ts';
import type { Session } from '../client/session.ts';
import type { Transport } from '../client/transport.ts';
import { XapiClient } from '../client/xapi-client.ts';
import type { VuInitContext } from './definition.ts';

export const DEFAULT_USER = 'root';

export interface XapiVuState {
  readonly client: XapiClient;
  session: Session | undefined;
}

export interface XapiVuOptions {
  /** Log in during VU set-up (default true). session-storm logs in inside its iterations instead. */
  readonly login?: boolean;
  /** login_with_password's originator (groups sessions for xapi's limits, SEMANTICS.md §3). */
  readonly originator?: string;
  /** Re-login once and retry after SESSION_INVALID (default true). */
  readonly relogin?: boolean;
  /** Wraps the VU's transport, e.g. to count the bytes it receives (pool-scale's `data_received`). */
  readonly wrapTransport?: (transport: Transport) => Transport;
}

/** Outcome of a measured call: XAPI failures and transport failures are both values here. */
export type XapiCallResult =
  | Outcome
  | {
      readonly ok: false;
      readonly code: string;
      readonly params: readonly string[];
      readonly transport: true;
    };

function protocolOf(ctx: VuInitContext): Protocol {
  return ctx.env['XAPI_PROTOCOL'] === 'jsonrpc' ? 'jsonrpc' : 'xmlrpc';
}

/** A fresh client for one VU: one connection, as one k6 VU is one client. */
function newVuClient(ctx: VuInitContext, wrap?: (transport: Transport) => Transport): XapiClient {
  const p = ctx.params;
  const transport =
    p.handler !== undefined
      ? inProcessTransport(p.handler)
      : p.url !== undefined
        ? httpTransport(p.url, {
            insecure: p.insecure ?? false,
            connections: p.connections ?? 1,
            ...(p.ca === undefined ? {} : { ca: p.ca }),
          })
        : undefined;
  if (transport === undefined) throw new TypeError('an XAPI scenario needs params.url or params.handler');
  return new XapiClient({
    transport: wrap === undefined ? transport : wrap(transport),
    protocol: protocolOf(ctx),
  });
}

function outcomeTag(r: XapiCallResult): string {
  return r.ok ? 'ok' : 'transport' in r ? `transport:${r.code}` : r.code;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T | XapiCallResult> {
  try {
    return await fn();
  } catch (err) {
    if (isTransportError(err)) return { ok: false, code: err.code, params: [], transport: true };
    throw err;
  }
}

/** Logs the VU in (a `session.login_with_password` sample); the session is kept on the state. */
export async function xapiLogin(
  state: XapiVuState,
  ctx: VuInitContext,
  options: XapiVuOptions = {},
): Promise<XapiCallResult> {
  const user = ctx.params.user ?? DEFAULT_USER;
  const password = ctx.params.password ?? '';
  let result: XapiCallResult = { ok: false, code: 'NOT_RUN', params: [] };
  await ctx.request('xapi_req', 'session.login_with_password', async () => {
    const r = await guarded(async () => {
      const s = await state.client.login(
        user,
        password,
        options.originator === undefined ? {} : { originator: options.originator },
      );
      state.session = s;
      return { ok: true, value: s.ref } as const;
    }).catch((err: unknown) => {
      const e = err as { code?: unknown; params?: unknown };
      if (typeof e.code === 'string')
        return {
          ok: false,
          code: e.code,
          params: Array.isArray(e.params) ? (e.params as string[]) : [],
        } as const;
      throw err;
    });
    result = r;
    return outcomeTag(r);
  });
  return result;
}

/** VU set-up for XAPI scenarios: a client and (unless options.login is false) a logged-in session. */
export function xapiSetupVu(options: XapiVuOptions = {}): (ctx: VuInitContext) => Promise<XapiVuState> {
  return async (ctx) => {
    const state: XapiVuState = { client: newVuClient(ctx, options.wrapTransport), session: undefined };
    if (options.login !== false) {
      const r = await xapiLogin(state, ctx, options);
      if (!r.ok) {
        await state.client.close();
        throw new Error(`VU ${ctx.vu.idInTest}: login failed: ${r.code} ${r.params.join(' ')}`);
      }
    }
    return state;
  };
}

/** Logs the state's session out (a `session.logout` sample); the connection stays open. */
export async function xapiLogout(state: XapiVuState, ctx: VuInitContext): Promise<void> {
  const s = state.session;
  if (s === undefined) return;
  state.session = undefined;
  await ctx.request('xapi_req', 'session.logout', async () => {
    const r = await guarded(async () => {
      await s.logout();
      return { ok: true, value: '' } as const;
    }).catch(
      (err: unknown) =>
        ({ ok: false, code: (err as { code?: string }).code ?? 'error', params: [] }) as const,
    );
    return outcomeTag(r);
  });
}

/** VU tear-down: logs out and closes the VU's connection. */
export async function xapiTeardownVu(state: XapiVuState, ctx: VuInitContext): Promise<void> {
  await xapiLogout(state, ctx);
  await state.client.close();
}

/**
 * One measured call on the VU's session. SESSION_INVALID → re-login (counted) → one retry, unless
 * options.relogin is false. Never throws for XAPI or transport failures; they come back as values.
 */
export async function xapiCall(
  state: XapiVuState,
  ctx: VuInitContext,
  method: string,
  args: readonly unknown[] = [],
  options: XapiVuOptions = {},
): Promise<XapiCallResult> {
  if (state.session === undefined) {
    const r = await xapiLogin(state, ctx, options);
    if (!r.ok) return r;
  }
  const once = async (): Promise<XapiCallResult> => {
    const session = state.session as Session;
    let result: XapiCallResult = { ok: false, code: 'NOT_RUN', params: [] };
    await ctx.request('xapi_req', method, async () => {
      result = await guarded(() => session.attempt(method, args, { signal: ctx.signal }));
      return outcomeTag(result);
    });
    return result;
  };
  const first = await once();
  if (first.ok || first.code !== 'SESSION_INVALID' || options.relogin === false) return first;
  ctx.metrics.counter('xapi_session_relogins');
  const again = await xapiLogin(state, ctx, options);
  return again.ok ? once() : first;
}

/**
 * Async.<method> and the wait for its task, measured as one `Async.<method>` sample from the call to the
 * task's end (what a user waits for). Outcome: the task's outcome.
 */
export async function xapiCallAsync(
  state: XapiVuState,
  ctx: VuInitContext,
  method: string,
  args: readonly unknown[] = [],
  timeoutMs = 120_000,
): Promise<XapiCallResult> {
  if (state.session === undefined) {
    const r = await xapiLogin(state, ctx);
    if (!r.ok) return r;
  }
  const session = state.session as Session;
  let result: XapiCallResult = { ok: false, code: 'NOT_RUN', params: [] };
  await ctx.request('xapi_req', `Async.${method}`, async () => {
    const r = await guarded<AsyncCallResult>(() => session.callAsync(method, args, { timeoutMs }));
    result = 'outcome' in r ? r.outcome : r;
    return outcomeTag(result);
  });
  if (!result.ok && result.code === 'SESSION_INVALID') {
    ctx.metrics.counter('xapi_session_relogins');
    await xapiLogin(state, ctx);
  }
  return result;
}
