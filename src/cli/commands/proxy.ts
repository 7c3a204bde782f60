// `xapi-harness proxy`: runs the fault proxy (src/faultproxy) in front of a XenAPI endpoint (the
// emulator or a real host) until SIGINT/SIGTERM, then prints what it injected. Point the harness, an
// SDK script or `xe` at its URL to see how they cope with a flaky network (issue 8 §4).
import { readFileSync, writeFileSync } from 'node:fs';
import {
  DEFAULT_ERROR_STATUSES,
  parseFaultSpec,
  startFaultProxy,
  type FaultSpec,
} from '../../faultproxy/index.ts';
import { parseOrExit, startOrExit, untilSignal } from '../cli-support.ts';
import { flagValuesOrHelp, switchFlags, valueFlags } from '../flag-values.ts';

const USAGE = `usage: xapi-harness proxy --target URL [options]

Forwards HTTP to a XenAPI endpoint and injects faults with a seeded random generator.

options:
  --target URL        the endpoint, http:// or https:// (required)
  --port N            listen port (default 0: a free one, printed at start)
  --host ADDR         listen address (default 127.0.0.1)
  --faults SPEC       comma-separated, e.g. latency=0.3:20-200,reset=0.05,truncate=0.05,5xx=0.05,stall=0.01
                      latency=P:MIN-MAX (ms)   reset=P   reset-phase=before|after|either
                      truncate=P   5xx=P[:S/S...]   stall=P   include=REGEX   exclude=REGEX (RPC method)
                      5xx answers one of the given statuses, default ${DEFAULT_ERROR_STATUSES.join('/')}
  --seed N            seed of the fault decisions (default: random, printed at start)
  --ca FILE           PEM CA to trust for an https target
  --insecure          accept any certificate from an https target
  --events FILE       write the injected faults as JSON lines when stopping
`;

interface ProxyArgs {
  target: string;
  faultsText: string;
  port: number;
  host: string;
  faults: FaultSpec;
  seed?: number;
  ca?: string;
  insecure: boolean;
  events?: string;
}

function parse(argv: string[]): ProxyArgs | 'help' {
  const values = flagValuesOrHelp(argv, {
    ...valueFlags('target', 'port', 'host', 'faults', 'seed', 'ca', 'events'),
    ...switchFlags('insecure'),
  });
  if (values === 'help') return 'help';
  if (values.target === undefined) throw new Error('--target is required');
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`--port: bad port '${values.port}'`);
  const out: ProxyArgs = {
    target: values.target,
    faultsText: values.faults ?? '',
    port,
    host: values.host ?? '127.0.0.1',
    faults: parseFaultSpec(values.faults ?? ''),
    insecure: values.insecure === true,
  };
  if (values.seed !== undefined) {
    const seed = Number(values.seed);
    if (!Number.isInteger(seed)) throw new Error(`--seed expects an integer, got '${values.seed}'`);
    out.seed = seed;
  }
  if (values.ca !== undefined) out.ca = readFileSync(values.ca, 'utf8');
  if (values.events !== undefined) out.events = values.events;
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const args = parseOrExit('proxy', USAGE, parse, argv);
  if (typeof args === 'number') return args;
  const proxy = await startOrExit('proxy: cannot start', () =>
    startFaultProxy({
      target: args.target,
      host: args.host,
      port: args.port,
      faults: args.faults,
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args.ca === undefined ? {} : { targetCa: args.ca }),
      targetInsecure: args.insecure,
    }),
  );
  if (typeof proxy === 'number') return proxy;
  const stopped = untilSignal();
  process.stdout.write(
    [
      'xapi-harness proxy ready',
      `  listening ${proxy.url}/`,
      `  target    ${args.target}`,
      `  faults    ${args.faultsText === '' ? 'none' : args.faultsText}`,
      `  seed      ${proxy.seed}`,
      '',
    ].join('\n'),
  );
  await stopped;
  const stats = proxy.stats();
  const events = proxy.events();
  await proxy.close();
  if (args.events !== undefined) {
    writeFileSync(
      args.events,
      events.map((e) => JSON.stringify(e)).join('\n') + (events.length > 0 ? '\n' : ''),
    );
  }
  const kinds = Object.entries(stats.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}=${n}`)
    .join(' ');
  process.stdout.write(
    `xapi-harness proxy: ${stats.requests} requests, ${stats.delayed} delayed, ${kinds} (seed ${proxy.seed})\n`,
  );
  return 0;
}
