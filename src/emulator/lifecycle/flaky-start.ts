// --flaky-start RATE (issue 11): a real host may fail VM.start or VM.resume for reasons outside the
// API's contract (SEMANTICS.md §10 "Environmental failures"): xenopsd cannot run the bootloader
// (xapi_xenops.ml raises BOOTLOADER_FAILED [vm; msg]), qemu does not start (FAILED_TO_START_EMULATOR),
// a disk does not attach (SR_BACKEND_FAILURE_<n> [status; stdout; stderr]), the licence forbids it, the
// host lacks memory, xenopsd fails internally (INTERNAL_ERROR). That share of calls fails with one of
// them, chosen by the seeded generator, before anything changed: the VM stays as it was.
import { NULL_REF } from '../../xapi/ref.ts';
import { XapiFailure } from '../../xapi/harness-errors.ts';
import type { MessageContext } from '../registry/message-context.ts';
import type { Behaviour } from './behaviour.ts';
import { num, refsOf, str } from './record-values.ts';
import { domainMemory } from './vm-power-state.ts';

/** The codes --flaky-start draws from (SR_BACKEND_FAILURE_<n> with the storage driver's code). */
export const ENVIRONMENTAL_START_ERRORS = [
  'BOOTLOADER_FAILED',
  'FAILED_TO_START_EMULATOR',
  'INTERNAL_ERROR',
  'SR_BACKEND_FAILURE_46',
  'LICENCE_RESTRICTION',
  'HOST_NOT_ENOUGH_FREE_MEMORY',
  'NO_HOSTS_AVAILABLE',
] as const;

type Failure = readonly [string, ...string[]];

/** The environmental failures plausible for this VM: a bootloader only for PV guests, qemu only for HVM. */
function candidates(ctx: MessageContext, vm: string): Failure[] {
  const rec = ctx.get('VM', vm).record;
  const hvm = str(rec['domain_type']) === 'hvm' || str(rec['HVM_boot_policy']) !== '';
  const out: Failure[] = [];
  if (!hvm && str(rec['PV_bootloader']) !== '')
    out.push(['BOOTLOADER_FAILED', vm, 'Unable to find partition containing kernel']);
  if (hvm) out.push(['FAILED_TO_START_EMULATOR', vm, 'qemu-dm', 'Device model failed to start: timeout']);
  out.push(['INTERNAL_ERROR', 'xenopsd internal error: Xenops_interface.Xenopsd_error(Internal_error)']);
  const hasDisk = refsOf(rec['VBDs']).some((vbd) => {
    const vdi = str(ctx.db.get('VBD', vbd)?.record['VDI']);
    return vdi !== '' && vdi !== NULL_REF;
  });
  if (hasDisk)
    out.push([
      'SR_BACKEND_FAILURE_46',
      '',
      'The VDI is not available [opterr=VDI in use by another host]',
      '',
    ]);
  out.push(['LICENCE_RESTRICTION', 'VM.start']);
  const free = num(
    ctx.db.get('host_metrics', str(ctx.db.get('host', ctx.host.host)?.record['metrics']))?.record[
      'memory_free'
    ],
  );
  out.push(['HOST_NOT_ENOUGH_FREE_MEMORY', String(domainMemory(rec)), String(free)]);
  out.push(['NO_HOSTS_AVAILABLE']);
  return out;
}

/** Throws one environmental failure for the configured share of calls; changes nothing. */
export function maybeFailStart(ctx: MessageContext, b: Behaviour, vm: string): void {
  const rate = b.env.flakyStart;
  if (rate <= 0 || b.env.random() >= rate) return;
  const list = candidates(ctx, vm);
  const [code, ...params] = list[Math.floor(b.env.random() * list.length)] ?? ['NO_HOSTS_AVAILABLE'];
  throw new XapiFailure(code, params);
}
