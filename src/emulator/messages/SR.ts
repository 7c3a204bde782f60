// SR class (xen-api ocaml/xapi/xapi_sr.ml scan): a scan refreshes the SR's space accounting from its
// VDIs (physical_utilisation, virtual_allocation), which VDI create / destroy / clone keep current too.
import { fail } from '../dispatch/xapi-error.ts';
import { str } from '../lifecycle/record-values.ts';
import { updateSrAllowedOperations } from '../lifecycle/sr-allowed-operations.ts';
import { refreshSrUsage } from '../lifecycle/vdi-ops.ts';
import type { MessageTable } from '../registry/message-context.ts';

export const SR_MESSAGES: MessageTable = {
  scan: (ctx, a) =>
    ctx.behaviour.tasks.runSync(ctx, async (c) => {
      const sr = str(a['sr']);
      const r = c.get('SR', sr).record;
      // An SR without an attached PBD cannot be scanned (SR_HAS_NO_PBDS when it has none at all).
      const pbds = [...c.db.all('PBD')].filter((p) => p.record['SR'] === sr);
      if (pbds.length === 0) fail('SR_HAS_NO_PBDS', sr);
      await c.behaviour.tasks.work(c, 'SR.scan');
      if (str(r['type']) !== 'udev') refreshSrUsage(c, sr);
      updateSrAllowedOperations(c, sr);
      return '';
    }),
};
