// `xapi-harness sweep`: destroys the objects the harness tagged on a host (other_config
// `xapi-harness-run`), and nothing else (issue 5 §5; ARCHITECTURE.md "Touch only what you created").
// A VM that is running is hard-shut-down first; its own disks go with it; then tagged VDIs left over.
import { helpHint } from '../cli-support.ts';
import { switchFlags, valueFlags } from '../flag-values.ts';
import { parseArgs } from 'node:util';
import { ConfigError, TARGET_FLAGS, connect, isTransportError, resolveTarget } from '../../client/index.ts';
import { TAG_KEY, destroyObjects, findTagged } from '../../harness/index.ts';

const USAGE = `usage: xapi-harness sweep --target URL [options]

Destroys every VM whose other_config carries ${TAG_KEY} (left behind by an interrupted run), with its disks,
then every VDI carrying it (the disks of harness VMs destroyed earlier: VM.destroy keeps them).

options:
  --target URL           the host (or XAPI_URL)
  --user NAME            login name (or XAPI_USER)
  --password-env VAR     read the password from this environment variable (or XAPI_PASSWORD)
  --insecure             accept a self-signed certificate (or XAPI_INSECURE=1)
  --run-id ID            only the objects of this run (the tag's value starts with it)
  --dry-run              list what would be destroyed, destroy nothing
`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const out = process.stderr;
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (e) {
    out.write(`xapi-harness sweep: ${e instanceof Error ? e.message : String(e)}\n${helpHint('sweep')}`);
    return 2;
  }
  try {
    const config = resolveTarget(values, process.env);
    if (config.url === undefined) throw new ConfigError('sweep needs a host: --target URL or XAPI_URL');
    if (config.user === undefined || config.password === undefined)
      throw new ConfigError('sweep needs --user and --password-env (or XAPI_USER / XAPI_PASSWORD)');
    const client = connect(config);
    try {
      const login = await client.attempt('session.login_with_password', [config.user, config.password]);
      if (!login.ok || typeof login.value !== 'string')
        throw new ConfigError(`login refused: ${login.ok ? 'no session' : login.code}`);
      const session = login.value;
      try {
        const runId = values['run-id'];
        const dryRun = values['dry-run'] === true;
        const only = (m: ReadonlyMap<string, Readonly<Record<string, unknown>>>) =>
          new Map([...m].filter(([, rec]) => runId === undefined || tagValue(rec).startsWith(runId)));
        const list = (kind: string, m: ReadonlyMap<string, Readonly<Record<string, unknown>>>) => {
          for (const [ref, rec] of m) {
            out.write(
              `${dryRun ? 'would destroy' : 'destroying'} ${ref} ${kind} "${typeof rec['name_label'] === 'string' ? rec['name_label'] : ''}" (${TAG_KEY}=${tagValue(rec)})\n`,
            );
          }
        };
        const mine = only(await findTagged(client, session, 'VM'));
        list('VM', mine);
        const vms = await destroyObjects(client, session, 'VM', mine, dryRun);
        // Then the disks the harness made that are left over: VM.destroy keeps a VM's VDIs (SEMANTICS.md §4).
        const disks = only(await findTagged(client, session, 'VDI'));
        list('VDI', disks);
        const vdis = await destroyObjects(client, session, 'VDI', disks, dryRun);
        const report = {
          destroyed: [...vms.destroyed, ...vdis.destroyed],
          failed: [...vms.failed, ...vdis.failed],
        };
        for (const f of report.failed) out.write(`could not destroy ${f.ref}: ${f.error}\n`);
        out.write(
          `sweep: ${report.destroyed.length} ${dryRun ? 'to destroy' : 'destroyed'} (${vms.destroyed.length} VM, ${vdis.destroyed.length} VDI), ${report.failed.length} failed\n`,
        );
        return report.failed.length === 0 ? 0 : 1;
      } finally {
        await client.attempt('session.logout', [session]).catch(() => undefined);
      }
    } finally {
      await client.close();
    }
  } catch (e) {
    if (e instanceof ConfigError || isTransportError(e)) {
      out.write(`xapi-harness sweep: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: false,
    options: { ...TARGET_FLAGS, ...valueFlags('run-id'), ...switchFlags('dry-run') },
  }).values;
}

function tagValue(rec: Readonly<Record<string, unknown>>): string {
  const oc = rec['other_config'];
  const v = typeof oc === 'object' && oc !== null ? (oc as Record<string, unknown>)[TAG_KEY] : undefined;
  return typeof v === 'string' ? v : '';
}
