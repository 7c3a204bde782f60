// VM.provision (xen-api ocaml/xapi/xapi_vm.ml `provision`, xapi_templates.ml, message_forwarding.ml;
// docs/SEMANTICS.md §4 "Provision"), in xapi's order:
// 1. the forwarding layer reads the spec (get_template_record): a malformed one fails here, with the
//    VM still a template (provision-spec.ts);
// 2. is_a_template becomes false, and nothing puts it back;
// 3. a spec with no disk (and no postinstall key) is nothing to install: the keys stay;
// 4. each <disk> gets a VDI on the SR with that uuid (UUID_INVALID ["sr", uuid] when there is none:
//    clients rewrite sr="" to their default SR's uuid) and a VBD. This phase is not guarded: a failure
//    (SR_BACKEND_FAILURE_44 when the SR is full) leaves the disks made before it;
// 5. the guarded post-install phase removes the "disks" and "postinstall" keys.
import { fail } from '../dispatch/xapi-error.ts';
import type { MessageContext } from '../registry/message-context.ts';
import type { Behaviour } from './behaviour.ts';
import { mapOf, str } from './record-values.ts';
import { parseProvisionXml } from './provision-spec.ts';
import { createVdi } from './vdi-ops.ts';
import { insertVbd } from './vm-devices.ts';

export async function provisionVm(ctx: MessageContext, b: Behaviour, vm: string): Promise<void> {
  const before = ctx.get('VM', vm).record;
  const other = mapOf(before['other_config']);
  const xml = other['disks'];
  const disks = typeof xml === 'string' ? parseProvisionXml(xml) : [];
  ctx.db.update('VM', vm, { is_a_template: false });
  if (disks.length === 0 && typeof other['postinstall'] !== 'string') return;
  const rec = ctx.get('VM', vm).record;
  await b.tasks.work(ctx, 'VM.provision', 0, 0.1);
  for (const [i, d] of disks.entries()) {
    const sr = ctx.db.refByUuid('SR', d.sr);
    if (sr === undefined) fail('UUID_INVALID', 'sr', d.sr);
    // The `provision-no-vdi` fault: the disks are "made" (the spec is consumed) but no VDI or VBD exists.
    if (ctx.faults.has('provision-no-vdi')) continue;
    const vdi = createVdi(ctx, {
      name_label: '',
      name_description: 'Created by template provisioner',
      SR: sr,
      virtual_size: d.size,
      type: d.type,
      sm_config: { vmhint: str(rec['uuid']) },
    });
    insertVbd(ctx, {
      VM: vm,
      VDI: vdi,
      userdevice: d.device,
      bootable: d.bootable,
      mode: 'RW',
      type: 'Disk',
      unpluggable: d.type !== 'system',
      empty: false,
      qos_algorithm_type: '',
      qos_algorithm_params: {},
      other_config: { owner: '' },
      device: '',
    });
    ctx.db.update('VDI', vdi, { name_label: d.device });
    await b.tasks.work(
      ctx,
      'VM.provision',
      0.1 + (0.85 * i) / disks.length,
      0.1 + (0.85 * (i + 1)) / disks.length,
    );
  }
  const after = { ...mapOf(ctx.get('VM', vm).record['other_config']) };
  delete after['disks'];
  delete after['postinstall'];
  ctx.db.update('VM', vm, { other_config: after });
}
