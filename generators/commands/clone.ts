// VM.clone of a template (or of one of the harness's halted VMs), picked by index; the clone is tagged.
// A clone of a template is a template (xapi_vm_clone.ml); the clone's record is read at once (its flags,
// and the VBDs and VIFs copied from the source: src/model/vm-devices.ts).
import fc from 'fast-check';
import { tagVm } from '../../src/harness/tagging.ts';
import { command, pick } from '../command.ts';
import { prepareDisks } from '../prepare-disks.ts';

/**
 * The source: one of the harness's own VMs (half the time, when it has some: a provisioned VM has disks to
 * copy), else an adopted template by name (stable on every target).
 */
export const cloneCommand = fc
  .tuple(fc.nat(), fc.nat({ max: 999 }), fc.nat({ max: 4 }), fc.boolean())
  .map(([i, n, p, ofOwned]) =>
    command(
      `clone ${ofOwned ? 'owned VM' : 'template'} #${i} as "harness-vm-${n}"${p > 0 ? ', disks on the default SR' : ''}`,
      (d) => d.templates().length > 0 || d.ownedVms().length > 0,
      async (d) => {
        const owned = d.ownedVms();
        const sources = ofOwned && owned.length > 0 ? owned : d.templates().filter((t) => !t.owned);
        const src = pick(sources.length > 0 ? sources : owned, i);
        if (src === undefined) return;
        const o = await d.call('VM.clone', [d.session, src.ref, `harness-vm-${n}`]);
        if (!o.ok || typeof o.value !== 'string') return;
        await tagVm(d, o.value);
        // Mostly as clients do before provisioning; sometimes not, so the UUID_INVALID path is exercised too.
        if (p > 0) await prepareDisks(d, o.value);
        // The clone as the model predicts it: flags, name, other_config, and its copied VBDs and VIFs.
        await d.call('VM.get_record', [d.session, o.value]);
      },
    ),
  );
