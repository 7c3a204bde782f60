// VM.clone of a template (or of one of the harness's halted VMs), picked by index; the clone is tagged.
// A clone of a template is a template (xapi_vm_clone.ml); the model checks it in later reads.
import fc from 'fast-check';
import { tagVm } from '../../src/harness/tagging.ts';
import { command, pick } from '../command.ts';
import { prepareDisks } from '../prepare-disks.ts';

/** Adopted templates first by name (stable on every target), then the harness's own VMs. */
export const cloneCommand = fc.tuple(fc.nat(), fc.nat({ max: 999 }), fc.nat({ max: 4 })).map(([i, n, p]) =>
  command(
    `clone source #${i} as "harness-vm-${n}"${p > 0 ? ', disks on the default SR' : ''}`,
    (d) => d.templates().length > 0 || d.ownedVms().length > 0,
    async (d) => {
      const sources = [...d.templates().filter((t) => !t.owned), ...d.ownedVms()];
      const src = pick(sources, i);
      if (src === undefined) return;
      const o = await d.call('VM.clone', [d.session, src.ref, `harness-vm-${n}`]);
      if (!o.ok || typeof o.value !== 'string') return;
      await tagVm(d, o.value);
      // Mostly as clients do before provisioning; sometimes not, so the UUID_INVALID path is exercised too.
      if (p > 0) await prepareDisks(d, o.value);
    },
  ),
);
