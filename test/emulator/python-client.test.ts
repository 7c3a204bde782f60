// Python's standard xmlrpc.client (a codec nobody here wrote, ARCHITECTURE.md) logs in and reads records.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.ts';
import { startEmulator } from './fixture.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu.close();
});

const SCRIPT = String.raw`
import json, sys, xmlrpc.client
url, user, pwd = sys.argv[1], sys.argv[2], sys.argv[3]
proxy = xmlrpc.client.ServerProxy(url, allow_none=False)
r = proxy.session.login_with_password(user, pwd, "1.0", "python-test")
assert r["Status"] == "Success", r
s = r["Value"]
vms = proxy.VM.get_all_records(s)["Value"]
templates = sorted(v["name_label"] for v in vms.values() if v["is_a_template"])
dom0 = [v for v in vms.values() if v["is_control_domain"]][0]
host = proxy.host.get_record(s, dom0["resident_on"])["Value"]
bad = proxy.VM.get_record(s, "OpaqueRef:nope")
last_active = proxy.session.get_last_active(s, s)["Value"]
out = {
  "templates": templates,
  "dom0_power": dom0["power_state"],
  "dom0_vcpus": dom0["VCPUs_max"],
  "dom0_is_template": dom0["is_a_template"],
  "hostname": host["hostname"],
  "bad": bad,
  "last_active_type": type(last_active).__name__,
  "logout": proxy.session.logout(s)["Status"],
  "after_logout": proxy.VM.get_all(s)["ErrorDescription"],
}
print(json.dumps(out))
`;

describe('python xmlrpc.client', () => {
  it('logs in, reads records and sees xapi-shaped values and failures', async () => {
    // Asynchronous: the emulator runs in this process and must keep answering.
    const r = await promisify(execFile)('python3', ['-c', SCRIPT, emu.url, emu.user, emu.password], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out['templates']).toEqual(
      expect.arrayContaining(['Debian Bookworm 12', 'Other install media', 'Debian Etch 4.0']),
    );
    expect(out['dom0_power']).toBe('Running');
    // xapi sends ints as untyped strings (SEMANTICS.md §2 Values).
    expect(out['dom0_vcpus']).toBe('4');
    expect(out['dom0_is_template']).toBe(false);
    expect(out['hostname']).toBe('xenserver-emu');
    expect(out['bad']).toEqual({
      Status: 'Failure',
      ErrorDescription: ['HANDLE_INVALID', 'VM', 'OpaqueRef:nope'],
    });
    expect(out['last_active_type']).toBe('DateTime');
    expect(out['logout']).toBe('Success');
    expect((out['after_logout'] as string[])[0]).toBe('SESSION_INVALID');
  });
});
