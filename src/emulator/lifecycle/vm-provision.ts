// VM.provision (xen-api ocaml/xapi/xapi_vm.ml `provision`, xapi_templates.ml; SEMANTICS.md §4):
// is_a_template becomes false first; then each <disk> of other_config "disks"
// (<provision><disk device= size= sr= bootable= type=/></provision>) gets a VDI on the SR with that
// uuid (UUID_INVALID ["sr", uuid] when there is none: clients rewrite sr="" to their default SR's
// uuid, as the SDK guide's example does) and a VBD; the "disks" and "postinstall" keys are removed.
import { XapiError } from '../dispatch/xapi-error.ts';
import type { MessageContext } from '../registry/message-context.ts';
import type { Behaviour } from './behaviour.ts';
import { mapOf, str } from './record-values.ts';
import { createVdi } from './vdi-ops.ts';
import { insertVbd } from './vm-devices.ts';

interface DiskSpec {
  readonly device: string;
  readonly size: number;
  readonly sr: string;
  readonly bootable: boolean;
  readonly type: string;
}

const VDI_TYPES: ReadonlySet<string> = new Set(['system', 'user', 'ephemeral', 'suspend', 'crashdump']);

function attrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    out.set(
      m[1]!,
      (m[2] ?? m[3] ?? '')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    );
  }
  return out;
}

/** xapi_templates.ml disks_of_xml; a malformed spec is an internal error there (Parse_failure). */
export function parseProvisionXml(xml: string): DiskSpec[] {
  const text = xml.trim();
  const root = /^<provision\s*>([\s\S]*)<\/provision\s*>$/.exec(text) ?? /^<provision\s*\/>$/.exec(text);
  if (root === null) throw new XapiError('INTERNAL_ERROR', ['Xapi_templates.Parse_failure']);
  const body = root[1] ?? '';
  const out: DiskSpec[] = [];
  const rest = body.replace(
    /<disk\b([^>]*?)\/>|<disk\b([^>]*)>\s*<\/disk\s*>/g,
    (_m, a: string | undefined, b: string | undefined) => {
      const p = attrs(a ?? b ?? '');
      const device = p.get('device');
      const size = p.get('size');
      const sr = p.get('sr');
      const bootable = p.get('bootable');
      if (
        device === undefined ||
        size === undefined ||
        sr === undefined ||
        bootable === undefined ||
        !/^\d+$/.test(size)
      ) {
        throw new XapiError('INTERNAL_ERROR', ['Xapi_templates.Parse_failure']);
      }
      const type = p.get('type') ?? 'system';
      out.push({
        device,
        size: Number(size),
        sr,
        bootable: bootable === 'true',
        type: VDI_TYPES.has(type) ? type : 'system',
      });
      return '';
    },
  );
  if (rest.trim() !== '') throw new XapiError('INTERNAL_ERROR', ['Xapi_templates.Parse_failure']);
  return out;
}

export async function provisionVm(ctx: MessageContext, b: Behaviour, vm: string): Promise<void> {
  ctx.db.update('VM', vm, { is_a_template: false });
  const rec = ctx.get('VM', vm).record;
  const other = mapOf(rec['other_config']);
  const xml = other['disks'];
  const disks = typeof xml === 'string' && xml.trim() !== '' ? parseProvisionXml(xml) : [];
  await b.tasks.work(ctx, 'VM.provision', 0, 0.1);
  for (const [i, d] of disks.entries()) {
    const sr = ctx.db.refByUuid('SR', d.sr);
    if (sr === undefined) throw new XapiError('UUID_INVALID', ['sr', d.sr]);
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
