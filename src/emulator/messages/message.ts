// message class (xen-api ocaml/xapi/xapi_message.ml): xapi keeps messages outside its database, so
// their accessors are custom; the emulator stores them as ordinary objects. get_record, get_all,
// get_all_records, get_by_uuid and destroy come from the generic accessors (customObjectImpl).
import { newRef } from '../../xapi/ref.ts';
import { randomUUID } from 'node:crypto';
import { RecordMapResult } from '../registry/result-values.ts';
import type { MessageTable } from '../registry/message-context.ts';

function since(v: unknown): number {
  return v instanceof Date ? v.getTime() : 0;
}

export const MESSAGE_MESSAGES: MessageTable = {
  create: (ctx, args) => {
    const ref = newRef();
    ctx.db.insert(
      'message',
      ref,
      ctx.completeRecord('message', { ...args, uuid: randomUUID(), timestamp: ctx.clock.now() }),
    );
    return ref;
  },
  get: (ctx, args) => {
    const cls = typeof args['cls'] === 'string' ? args['cls'].toLowerCase() : '';
    const t = since(args['since']);
    const objs = [...ctx.db.all('message')].filter(
      (m) =>
        typeof m.record['cls'] === 'string' &&
        m.record['cls'].toLowerCase() === cls &&
        m.record['obj_uuid'] === args['obj_uuid'] &&
        since(m.record['timestamp']) > t,
    );
    return new RecordMapResult(objs);
  },
  get_since: (ctx, args) => {
    const t = since(args['since']);
    return new RecordMapResult([...ctx.db.all('message')].filter((m) => since(m.record['timestamp']) > t));
  },
};
