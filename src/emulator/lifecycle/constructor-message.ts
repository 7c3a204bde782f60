// <Class>.create: the constructor takes one struct, the new object's fields by name, those with defaults
// possibly absent (SEMANTICS.md §2 "Records and constructors"; xen-api ocaml/idl/ocaml_backend/gen_server.ml).
// The message unpacks it and runs as a synchronous task, so that Async.<Class>.create answers a task like
// any other call.
import type { XapiJs } from '../../xapi/types.ts';
import type { MessageContext, MessageImpl, MessageResult } from '../registry/message-context.ts';
import { mapOf } from './record-values.ts';

export function constructorMessage(
  build: (
    c: MessageContext,
    fields: Readonly<Record<string, XapiJs>>,
  ) => MessageResult | Promise<MessageResult>,
): MessageImpl {
  return (ctx, a) => ctx.behaviour.tasks.runSync(ctx, (c) => build(c, mapOf(Object.values(a)[0])));
}
