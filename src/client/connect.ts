// A ready XapiClient for a resolved target (resolve-target.ts). Logging in stays explicit: the caller
// decides the originator and how many sessions to hold (SEMANTICS.md §3 session limits).
import { readFileSync } from 'node:fs';
import { httpTransport } from './http-transport.ts';
import type { HttpTransportOptions } from './http-transport.ts';
import { ConfigError } from './resolve-target.ts';
import type { TargetConfig } from './resolve-target.ts';
import { XapiClient } from './xapi-client.ts';

export interface ConnectOptions {
  readonly connections?: number;
  readonly timeoutMs?: number;
  readonly schemaTyped?: boolean;
}

export function connect(config: TargetConfig, options: ConnectOptions = {}): XapiClient {
  if (config.url === undefined) throw new ConfigError('no target: give --target or set XAPI_URL');
  let ca: Buffer | undefined;
  if (config.caFile !== undefined) {
    try {
      ca = readFileSync(config.caFile);
    } catch (e) {
      throw new ConfigError(
        `cannot read CA file ${config.caFile}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  const transportOptions: HttpTransportOptions = {
    insecure: config.insecure,
    ...(ca === undefined ? {} : { ca }),
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
  return new XapiClient({
    transport: httpTransport(config.url, transportOptions),
    protocol: config.protocol,
    ...(options.schemaTyped === undefined ? {} : { schemaTyped: options.schemaTyped }),
  });
}
