// event class (SEMANTICS.md §6; xen-api ocaml/xapi/xapi_event.ml): event.from long-polls on the
// database generations, the deprecated register/unregister/next keep a per-session queue; both are
// served by the emulator's event hub (events/event-hub.ts).
import type { XapiJs } from '../../xapi/types.ts';
import { behaviourOf } from '../lifecycle/behaviour.ts';
import { str } from '../lifecycle/record-values.ts';
import type { MessageArgs, MessageContext } from '../registry/message-context.ts';
import { registerMessages } from '../registry/message-registry.ts';

function classes(a: MessageArgs): string[] {
  const v = a['classes'];
  return Array.isArray(v) ? (v as readonly XapiJs[]).map((x) => str(x)) : [];
}

function sessionOf(ctx: MessageContext): string {
  return ctx.session?.ref ?? '';
}

registerMessages('event', {
  from: (ctx, a) => {
    const timeout = a['timeout'];
    return behaviourOf(ctx).events.from(
      sessionOf(ctx),
      classes(a),
      str(a['token']),
      typeof timeout === 'number' ? timeout : 0,
    );
  },
  next: (ctx) => behaviourOf(ctx).events.next(sessionOf(ctx)),
  register: (ctx, a) => {
    behaviourOf(ctx).events.register(sessionOf(ctx), classes(a));
    return '';
  },
  unregister: (ctx, a) => {
    behaviourOf(ctx).events.unregister(sessionOf(ctx), classes(a));
    return '';
  },
  get_current_id: (ctx) => behaviourOf(ctx).events.currentId,
  inject: (ctx, a) => behaviourOf(ctx).events.inject(str(a['class']), str(a['ref'])),
});
