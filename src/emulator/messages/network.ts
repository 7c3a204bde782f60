// network class (xen-api ocaml/xapi/xapi_network.ml create / destroy): a bridge name is chosen when
// the caller leaves it empty ("xapi<N>"); destroy is refused while PIFs or attached VIFs use it.
import { newRef } from '../../xapi/ref.ts';
import { randomUUID } from 'node:crypto';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import { num, refsOf, str } from '../lifecycle/record-values.ts';
import type { MessageTable } from '../registry/message-context.ts';
import { constructorMessage } from '../lifecycle/constructor-message.ts';

export const NETWORK_MESSAGES: MessageTable = {
  create: constructorMessage((c, r) => {
    let bridge = str(r['bridge']);
    if (bridge === '') {
      const used = new Set([...c.db.all('network')].map((n) => str(n.record['bridge'])));
      let i = 0;
      while (used.has(`xapi${i}`)) i++;
      bridge = `xapi${i}`;
    }
    const ref = newRef<'network'>();
    c.db.insert(
      'network',
      ref,
      c.completeRecord('network', {
        ...r,
        uuid: randomUUID(),
        bridge,
        MTU: num(r['MTU']) > 0 ? num(r['MTU']) : 1500,
        managed: r['managed'] !== false,
        allowed_operations: [],
        current_operations: {},
      }),
    );
    return ref;
  }),

  destroy: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, (c) => {
      const net = str(a['self']);
      const r = c.get('network', net).record;
      const pifs = refsOf(r['PIFs']).filter((p) => c.db.get('PIF', p) !== undefined);
      if (pifs.length > 0) throw new XapiFailure('NETWORK_CONTAINS_PIF', pifs);
      const vifs = refsOf(r['VIFs']).filter((v) => c.db.get('VIF', v)?.record['currently_attached'] === true);
      if (vifs.length > 0) throw new XapiFailure('NETWORK_CONTAINS_VIF', vifs);
      c.db.remove('network', net);
      return '';
    }),
};
