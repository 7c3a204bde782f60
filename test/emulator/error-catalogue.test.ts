// Every failure the emulator core raises is a known XAPI error with the parameter count xapi uses
// (src/xapi/errors.ts, from datamodel_errors.ml and api_errors.ml). Observed on the wire, not assumed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.ts';
import { errorParams, isKnownError } from '../../src/xapi/errors.ts';
import { failureOf, rawCall, startEmulator, valueOf } from './fixture.ts';

let emu: Emulator;
let s: string;
let ro: string;

beforeAll(async () => {
  emu = await startEmulator({ listen: false, users: [{ name: 'ro', password: 'ro', role: 'read-only' }] });
  s = valueOf(await rawCall(emu, 'session.login_with_password', ['root', 'xapi-harness'])) as string;
  ro = valueOf(await rawCall(emu, 'session.login_with_password', ['ro', 'ro'])) as string;
});
afterAll(async () => {
  await emu.close();
});

describe('error catalogue', () => {
  it('core failures are known errors with xapi parameter counts', async () => {
    const pool = emu.host.pool;
    const observed = [
      failureOf(await rawCall(emu, 'VM.get_all', ['OpaqueRef:x'])),
      failureOf(await rawCall(emu, 'VM.get_record', [s, 'OpaqueRef:x'])),
      failureOf(await rawCall(emu, 'VM.get_by_uuid', [s, 'nope'])),
      failureOf(await rawCall(emu, 'VM.get_record', [s])),
      failureOf(await rawCall(emu, 'VM.nope', [])),
      failureOf(await rawCall(emu, 'VM.set_name_label', [ro, emu.host.controlDomain, 'x'])),
      failureOf(await rawCall(emu, 'host.call_plugin', [s, emu.host.host, 'a', 'b', {}])),
      failureOf(await rawCall(emu, 'VM.get_is_snapshot_from_vmpp', [s, emu.host.controlDomain])),
      failureOf(await rawCall(emu, 'session.login_with_password', ['root', 'bad'])),
      failureOf(await rawCall(emu, 'VM.get_record', [true, 'x'])),
      await (async () => {
        valueOf(await rawCall(emu, 'pool.add_to_other_config', [s, pool, 'dup', '1']));
        return failureOf(await rawCall(emu, 'pool.add_to_other_config', [s, pool, 'dup', '2']));
      })(),
    ];
    for (const [code, ...params] of observed) {
      expect(isKnownError(code!), code).toBe(true);
      const names = errorParams(code!);
      // INTERNAL_ERROR and NOT_IMPLEMENTED carry one message; the others their declared list.
      expect(params.length, `${code} ${JSON.stringify(params)}`).toBe(names?.length);
    }
  });
});
