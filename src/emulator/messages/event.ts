// event class (SEMANTICS.md §6; xen-api ocaml/xapi/xapi_event.ml): event.from long-polls on the
// database generations, the deprecated register/unregister/next keep a per-session queue; both are
// served by the emulator's event hub (events/event-hub.ts).
import type { XapiJs } from '../../xapi/types.ts';
import { str } from '../lifecycle/record-values.ts';
import type { MessageArgs, MessageContext, MessageTable } from '../registry/message-context.ts';

function classes(a: MessageArgs): string[] {
  const v = a['classes'];
  return Array.isArray(v) ? (v as readonly XapiJs[]).map((x) => str(x)) : [];
}

function sessionOf(ctx: MessageContext): string {
  return ctx.session?.ref ?? '';
}

export const EVENT_MESSAGES: MessageTable = {
  from: (ctx, a) => {
    const timeout = a['timeout'];
    return ctx.behaviour.events.from(
      sessionOf(ctx),
      classes(a),
      str(a['token']),
      typeof timeout === 'number' ? timeout : 0,
    );
  },
  next: (ctx) => ctx.behaviour.events.next(sessionOf(ctx)),
  register: (ctx, a) => {
    ctx.behaviour.events.register(sessionOf(ctx), classes(a));
    return '';
  },
  unregister: (ctx, a) => {
    ctx.behaviour.events.unregister(sessionOf(ctx), classes(a));
    return '';
  },
  get_current_id: (ctx) => ctx.behaviour.events.currentId,
  inject: (ctx, a) => ctx.behaviour.events.inject(str(a['class']), str(a['ref'])),
};
