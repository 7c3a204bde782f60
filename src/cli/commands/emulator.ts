// `xapi-harness emulator`: runs the XenServer-compatible emulator until SIGINT/SIGTERM, then closes it
// gracefully (in-flight requests finish, the database is committed and closed).
import { parseInventory } from '../../emulator/inventory/inventory-spec.ts';
import { readFileSync } from 'node:fs';
import { parseOrExit, startOrExit, untilSignal } from '../cli-support.ts';
import { flagValuesOrHelp, listFlags, nonNegativeInt as int, oneOf, valueFlags } from '../flag-values.ts';
import {
  createEmulator,
  DEFAULT_PASSWORD,
  DEFAULT_USER,
  FAULTS,
  KNOWN_RELEASES,
  parseSize,
  releaseProfile,
  type EmulatorOptions,
} from '../../emulator/index.ts';

const USAGE = `usage: xapi-harness emulator [options]

Runs a XenServer-compatible XenAPI endpoint (XML-RPC at /, /RPC2 and any other path; JSON-RPC at
/jsonrpc) backed by a persistent object database.

options:
  --port N                 HTTP port (default 8080; 0 = any free port)
  --host ADDR              listen address (default 127.0.0.1)
  --https-port N           also serve HTTPS on this port
  --cert FILE, --key FILE  PEM certificate and key for HTTPS (default: self-signed, generated at start)
  --db FILE                SQLite database (default out/emulator.db; ':memory:' keeps nothing)
  --session-policy P       sdk-guide (default: 200 sessions, a login evicts the oldest) or xapi
                           (GC every 30 s, least recently active evicted, 400/500 per group; the
                           default with --present-as real-host)
  --user NAME              root account name (default ${DEFAULT_USER})
  --password-env VAR       read its password from the environment variable VAR (default ${DEFAULT_PASSWORD})
  --password PWD           the password on the command line (visible in ps; prefer --password-env)
  --read-only-user NAME:PWD  an extra account with the read-only role (repeatable)
  --auth-failure-delay MS  delay before SESSION_AUTHENTICATION_FAILED (default 5000, as xapi)
  --gc-interval MS         xapi policy: session GC period (default 30000)
  --idle-timeout MS        xapi policy: idle session timeout (default 86400000)
  --fault NAME             inject a named fault (repeatable): ${Object.keys(FAULTS).join(', ')}
  --timing T               instant (default) or realistic lifecycle durations
  --durability D           process (default: survives kill -9) or power (fsync every commit)
  --max-connections N      concurrent connections per listener (default 800, xapi-like); every
                           waiting event.from call holds one, so 2,000 parked callers need more

pools (docs/SEMANTICS.md §11):
  --hosts N                hosts in the pool (default 1): the coordinator on --host, member k on
                           127.0.0.k, all on --port, as a real pool has one address per host
  --pool-layout L          auto (default), addresses (one loopback address per host) or ports (one
                           port per host on --host, for machines that cannot bind 127.0.0.2 and up;
                           host.address and HOST_IS_SLAVE then carry address:port)
  --inventory SPEC         a scaled pool built at start (issue 16), e.g. hosts=64,vms=50000,seed=7:
                           VMs with disks, CD drives, VIFs and metrics, ~62% Running spread over the
                           hosts, user templates; the same seed gives the same inventory; built
                           once into the database (a restart keeps it)
  --cache-mb N             MB of cached record encodings (default 512); past it the least recently
                           served records are encoded again when asked for

real-host behaviours (issue 11):
  --release X              the xapi release to play: ${KNOWN_RELEASES.join(', ')} (default latest) or any
                           xapi version the datamodel knows; sets the API surface (a class or message
                           the release lacks answers MESSAGE_METHOD_UNKNOWN), host.software_version
                           and the version rules (last_active refresh, OTHER_OPERATION_IN_PROGRESS)
  --guests G               drivers (default: guests run PV drivers) or no-drivers (no guest agent:
                           VM_LACKS_FEATURE for clean_shutdown/clean_reboot/suspend of HVM guests)
  --sr-size SIZE           size of the default SR, e.g. 20GiB (default 500GiB); out of space is
                           SR_BACKEND_FAILURE_44 as on a real host
  --flaky-start RATE       share (0..1) of VM.start/resume calls failing with an environmental error
                           (BOOTLOADER_FAILED, INTERNAL_ERROR, SR_BACKEND_FAILURE_46, ...), changing nothing
  --seed N                 seed of those failures (default 1): the same seed fails the same calls
  --present-as P           emulator (default; software_version build_number "xapi-harness") or
                           real-host (no emulator marker anywhere)
`;

export function parseEmulatorArgs(argv: string[]): EmulatorOptions | 'help' {
  // In the order of USAGE's sections.
  const values = flagValuesOrHelp(argv, {
    ...valueFlags('port', 'host', 'https-port', 'cert', 'key', 'max-connections'),
    ...valueFlags('db', 'durability', 'timing'),
    ...valueFlags('user', 'password-env', 'password', 'auth-failure-delay'),
    ...valueFlags('session-policy', 'gc-interval', 'idle-timeout'),
    ...listFlags('read-only-user', 'fault'),
    // pools
    ...valueFlags('hosts', 'pool-layout', 'inventory', 'cache-mb'),
    // real-host behaviours
    ...valueFlags('release', 'guests', 'sr-size', 'flaky-start', 'seed', 'present-as'),
  });
  if (values === 'help') return 'help';
  if ((values.cert === undefined) !== (values.key === undefined))
    throw new Error('--cert and --key go together');
  if (values.password !== undefined && values['password-env'] !== undefined)
    throw new Error('give --password or --password-env, not both');
  let password = values.password;
  const passwordVar = values['password-env'];
  if (passwordVar !== undefined) {
    password = process.env[passwordVar];
    if (password === undefined)
      throw new Error(`--password-env ${passwordVar}: that environment variable is not set`);
  }
  const users = (values['read-only-user'] ?? []).map((spec) => {
    const i = spec.indexOf(':');
    if (i <= 0) throw new Error(`--read-only-user expects NAME:PASSWORD, got '${spec}'`);
    return { name: spec.slice(0, i), password: spec.slice(i + 1), role: 'read-only' };
  });
  const opts: Record<string, unknown> = {
    port: int('port', values.port) ?? 8080,
    host: values.host ?? '127.0.0.1',
    dbPath: values.db ?? 'out/emulator.db',

    user: values.user ?? DEFAULT_USER,
    password: password ?? DEFAULT_PASSWORD,
    users,
    authFailureDelayMs: int('auth-failure-delay', values['auth-failure-delay']) ?? 5_000,
    faults: values.fault ?? [],
    timing: oneOf('timing', values.timing, ['instant', 'realistic'] as const) ?? 'instant',
    durability: oneOf('durability', values.durability, ['process', 'power'] as const) ?? 'process',
  };
  const httpsPort = int('https-port', values['https-port']);
  if (httpsPort !== undefined) opts['httpsPort'] = httpsPort;
  const maxConnections = int('max-connections', values['max-connections']);
  if (maxConnections !== undefined) {
    // node's server.maxConnections = 0 refuses every connection: never what the user means.
    if (maxConnections === 0) throw new Error('--max-connections expects a positive integer, got 0');
    opts['maxConnections'] = maxConnections;
  }
  if (values.release !== undefined) {
    releaseProfile(values.release); // an unknown release is a flag error, not a start failure
    opts['release'] = values.release;
  }
  const guests = oneOf('guests', values.guests, ['drivers', 'no-drivers'] as const);
  if (guests !== undefined) opts['guests'] = guests;
  if (values['sr-size'] !== undefined) opts['srSize'] = parseSize(values['sr-size']);
  if (values['flaky-start'] !== undefined) {
    const rate = Number(values['flaky-start']);
    if (!(rate >= 0 && rate <= 1) || values['flaky-start'].trim() === '')
      throw new Error(`--flaky-start expects a rate within 0..1, got '${values['flaky-start']}'`);
    opts['flakyStart'] = rate;
  }
  const hosts = int('hosts', values.hosts);
  if (hosts !== undefined) {
    if (hosts < 1 || hosts > 250) throw new Error(`--hosts expects 1 to 250, got '${values.hosts}'`);
    opts['hosts'] = hosts;
  }
  if (values.inventory !== undefined) opts['inventory'] = parseInventory(values.inventory);
  const cacheMb = int('cache-mb', values['cache-mb']);
  if (cacheMb !== undefined) opts['cacheMb'] = cacheMb;
  const layout = oneOf('pool-layout', values['pool-layout'], ['auto', 'addresses', 'ports'] as const);
  if (layout !== undefined) opts['poolLayout'] = layout;
  const seed = int('seed', values.seed);
  if (seed !== undefined) opts['seed'] = seed;
  const presentAs = oneOf('present-as', values['present-as'], ['emulator', 'real-host'] as const);
  if (presentAs !== undefined) opts['presentAs'] = presentAs;
  // Default sdk-guide, or xapi when presented as a real host (a real host announces nothing).
  opts['sessionPolicy'] =
    oneOf('session-policy', values['session-policy'], ['sdk-guide', 'xapi'] as const) ??
    (presentAs === 'real-host' ? 'xapi' : 'sdk-guide');
  const gc = int('gc-interval', values['gc-interval']);
  if (gc !== undefined) opts['gcIntervalMs'] = gc;
  const idle = int('idle-timeout', values['idle-timeout']);
  if (idle !== undefined) opts['idleTimeoutMs'] = idle;
  if (values.cert !== undefined && values.key !== undefined) {
    opts['cert'] = readFileSync(values.cert, 'utf8');
    opts['key'] = readFileSync(values.key, 'utf8');
  }
  return opts;
}

export async function run(argv: string[]): Promise<number> {
  const options = parseOrExit('emulator', USAGE, parseEmulatorArgs, argv);
  if (typeof options === 'number') return options;
  const emu = await startOrExit('emulator: cannot start', () => createEmulator(options));
  if (typeof emu === 'number') return emu;
  const lines = [
    `xapi-harness emulator ready`,
    `  XML-RPC   ${emu.url}/`,
    `  JSON-RPC  ${emu.url}/jsonrpc`,
    ...(emu.httpsUrl === undefined
      ? []
      : [
          `  HTTPS     ${emu.httpsUrl}/ (certificate: ${options.cert === undefined ? 'self-signed' : 'given'})`,
        ]),
    `  user      ${emu.user}`,
    // A given password never reaches a log (issue 8 §5); the default one is documented anyway.
    `  password  ${emu.password === DEFAULT_PASSWORD ? `${DEFAULT_PASSWORD} (default)` : '(as given; not shown)'}`,
    `  database  ${options.dbPath ?? ':memory:'}${emu.restored ? ' (restored)' : ' (fresh host)'}`,
    `  sessions  ${options.sessionPolicy ?? 'sdk-guide'} policy`,
    `  release   ${options.release ?? 'latest'}${options.presentAs === 'real-host' ? ', presented as a real host' : ''}`,
    ...(options.guests === 'no-drivers' ? ['  guests    without PV drivers'] : []),
    ...(options.flakyStart !== undefined && options.flakyStart > 0
      ? [`  flaky     ${options.flakyStart} of VM.start/resume fail (seed ${options.seed ?? 1})`]
      : []),
    ...(options.faults !== undefined && options.faults.length > 0
      ? [`  faults    ${options.faults.join(', ')}`]
      : []),
    ...(emu.inventory === undefined
      ? []
      : [
          `  inventory ${emu.inventory.vms} VMs (${emu.inventory.running} running), ${emu.inventory.templates} user templates, ${emu.inventory.objects} objects`,
        ]),
    ...(emu.hosts.length > 1 ? [emu.layoutText] : []),
    '',
  ];
  const stopped = untilSignal();
  process.stdout.write(lines.join('\n'));
  const why = await stopped;
  process.stdout.write(`xapi-harness emulator: shutting down (${why})\n`);
  await emu.close();
  return 0;
}
