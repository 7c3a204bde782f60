// Cleanup after each property run and at the end (issue 5 §5, issue 11 item 8): destroy tagged VMs (halting
// them first) with their disks, then tagged VDIs left by VMs destroyed earlier, destroy finished tasks, log
// sessions out. Unchecked: cleanup is the harness's business, and it must work
// even against a faulty target.
import type { Outcome, XapiClient } from '../client/index.ts';
import { isTransportError } from '../client/index.ts';
import { TAG_KEY } from './tagging.ts';

interface CleanupReport {
  readonly destroyed: readonly string[];
  readonly failed: readonly { readonly ref: string; readonly error: string }[];
}

type TaggedRecord = Readonly<Record<string, unknown>>;

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a tag value matches: any, exactly `runId`, or (`runId` ending in ":" or ".") a prefix. */
function tagMatches(tag: unknown, runId: string | undefined): boolean {
  if (typeof tag !== 'string') return false;
  const prefix = runId !== undefined && (runId.endsWith(':') || runId.endsWith('.'));
  return runId === undefined || tag === runId || (prefix && tag.startsWith(runId));
}

/**
 * The VMs or VDIs whose other_config carries the tag: any value, or exactly `runId`, or (a string ending in ":"
 * or ".") every value starting with it. VDIs are the disks tagDisks tagged before a case destroyed their VM.
 */
export async function findTagged(
  client: XapiClient,
  session: string,
  cls: 'VM' | 'VDI',
  runId?: string,
): Promise<Map<string, TaggedRecord>> {
  const all = await client.attempt(`${cls}.get_all_records`, [session]);
  const out = new Map<string, TaggedRecord>();
  if (!all.ok || !isStruct(all.value)) return out;
  for (const [ref, rec] of Object.entries(all.value)) {
    if (!isStruct(rec)) continue;
    const oc = isStruct(rec['other_config']) ? rec['other_config'] : {};
    if (tagMatches(oc[TAG_KEY], runId)) out.set(ref, rec);
  }
  return out;
}

/**
 * Destroys the given VMs or VDIs (as findTagged finds them), tolerant of objects already gone; a dry run
 * destroys nothing and reports every object as destroyed.
 * - A VM is halted (hard) first and destroyed with its disks.
 * - A VDI is a disk left behind by a VM a case destroyed itself (VM.destroy keeps them, SEMANTICS.md §4), so
 *   nightly runs do not fill the host's SR (issue 11 item 8). One still attached to a VM that could not be
 *   destroyed fails (VDI_IN_USE) and is reported.
 */
export async function destroyObjects(
  client: XapiClient,
  session: string,
  cls: 'VM' | 'VDI',
  objects: ReadonlyMap<string, TaggedRecord>,
  dryRun = false,
): Promise<CleanupReport> {
  const destroyed: string[] = [];
  const failed: { ref: string; error: string }[] = [];
  for (const [ref, rec] of objects) {
    const error = dryRun
      ? undefined
      : cls === 'VM'
        ? await destroyVm(client, session, ref, rec)
        : destroyFailure(await client.attempt('VDI.destroy', [session, ref]));
    if (error === undefined) destroyed.push(ref);
    else failed.push({ ref, error });
  }
  return { destroyed, failed };
}

/** Why a destroy call failed; undefined when the object is gone (destroyed now, or already: HANDLE_INVALID). */
function destroyFailure(o: Outcome): string | undefined {
  return o.ok || o.code === 'HANDLE_INVALID' ? undefined : `${o.code} ${o.params.join(' ')}`;
}

/** Tagged VMs first (with their disks), then the tagged VDIs still left. */
async function destroyTagged(client: XapiClient, session: string, runId: string): Promise<CleanupReport> {
  const vms = await destroyObjects(client, session, 'VM', await findTagged(client, session, 'VM', runId));
  const vdis = await destroyObjects(client, session, 'VDI', await findTagged(client, session, 'VDI', runId));
  return { destroyed: [...vms.destroyed, ...vdis.destroyed], failed: [...vms.failed, ...vdis.failed] };
}

/** The VDIs behind the VM's Disk VBDs (never CD drives, whose ISO VDIs belong to the host). */
async function diskVdis(client: XapiClient, session: string, rec: TaggedRecord): Promise<string[]> {
  const vbds = Array.isArray(rec['VBDs'])
    ? rec['VBDs'].filter((v): v is string => typeof v === 'string')
    : [];
  const out: string[] = [];
  for (const vbd of vbds) {
    const r = await client.attempt('VBD.get_record', [session, vbd]);
    if (!r.ok || !isStruct(r.value) || r.value['type'] !== 'Disk') continue;
    const vdi = r.value['VDI'];
    if (typeof vdi === 'string' && vdi !== 'OpaqueRef:NULL') out.push(vdi);
  }
  return out;
}

/** Halts (hard) and destroys one VM and its disks: why it was not destroyed, or undefined. */
async function destroyVm(
  client: XapiClient,
  session: string,
  ref: string,
  rec: TaggedRecord,
): Promise<string | undefined> {
  try {
    if (rec['power_state'] !== 'Halted') {
      const h = await client.attempt('VM.hard_shutdown', [session, ref]);
      // A template that a faulty target let run cannot be halted as a template (check_template):
      // turn it into a VM first, then halt it.
      if (!h.ok && h.code === 'VM_IS_TEMPLATE') {
        await client.attempt('VM.set_is_a_template', [session, ref, false]);
        await client.attempt('VM.hard_shutdown', [session, ref]);
      }
    }
    // VM.destroy keeps the VDIs (SEMANTICS.md §4): collect the VM's own disks first, as xe vm-uninstall does.
    const disks = await diskVdis(client, session, rec);
    const o = await client.attempt('VM.destroy', [session, ref]);
    for (const vdi of disks) await client.attempt('VDI.destroy', [session, vdi]);
    return destroyFailure(o);
  } catch (e) {
    if (isTransportError(e)) throw e;
    return e instanceof Error ? e.message : String(e);
  }
}

/** Cleanup of one property run: its VMs, tasks and sessions. */
export async function cleanupRun(
  client: XapiClient,
  admin: string,
  runId: string,
  extra: { readonly sessions: readonly string[]; readonly tasks: readonly string[] },
): Promise<CleanupReport> {
  const report = await destroyTagged(client, admin, runId);
  for (const t of extra.tasks) await client.attempt('task.destroy', [admin, t]).catch(() => undefined);
  for (const s of extra.sessions) {
    if (s !== admin) await client.attempt('session.logout', [s]).catch(() => undefined);
  }
  return report;
}

/**
 * Runs a cleanup step again when no XAPI answered (a flaky network must not leave objects behind):
 * up to `attempts` times with a doubling pause; other errors are not retried.
 */
export async function retryOnTransport<T>(
  step: () => Promise<T>,
  attempts = 5,
  firstPauseMs = 200,
): Promise<T> {
  let pause = firstPauseMs;
  for (let i = 1; ; i += 1) {
    try {
      return await step();
    } catch (e) {
      if (!isTransportError(e) || i >= attempts) throw e;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause *= 2;
    }
  }
}

/**
 * Logs in (unchecked), destroys the VMs and then the VDIs matching `runId` (see findTagged) and logs out;
 * retried as a whole.
 */
export async function sweepTagged(
  client: XapiClient,
  user: string,
  password: string,
  runId: string,
): Promise<CleanupReport> {
  return retryOnTransport(async () => {
    const admin = await client.attempt('session.login_with_password', [user, password]);
    if (!admin.ok || typeof admin.value !== 'string') return { destroyed: [], failed: [] };
    try {
      return await destroyTagged(client, admin.value, runId);
    } finally {
      await client.attempt('session.logout', [admin.value]).catch(() => undefined);
    }
  });
}
