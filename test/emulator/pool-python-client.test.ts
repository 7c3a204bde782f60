// A XenAPI.py-style client written on Python's standard xmlrpc.client (a codec nobody here wrote), pointed
// at a pool *member*: its login gets HOST_IS_SLAVE [coordinator address], it follows the redirect the way
// XenAPI-based tools do (same scheme and port, the host part replaced; an address with its own port, the
// emulator's port-per-host layout, replaces the port too), then runs the SDK guide's flow: find a template,
// clone, point its disks at the pool's default SR, provision, start, shut down, destroy, log out
// (docs/SEMANTICS.md §11).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';

const SCRIPT = String.raw`
import json, sys, urllib.parse, xmlrpc.client

class Failure(Exception):
    def __init__(self, details):
        self.details = details

class Session:
    """The parts of XenAPI.Session this flow needs, plus the HOST_IS_SLAVE redirect."""
    def __init__(self, url):
        self.url = url
        self.proxy = xmlrpc.client.ServerProxy(url)
        self.handle = None
        self.redirects = []

    def call(self, method, *args):
        fn = self.proxy
        for part in method.split("."):
            fn = getattr(fn, part)
        r = fn(self.handle, *args) if self.handle is not None else fn(*args)
        if r["Status"] != "Success":
            raise Failure(r["ErrorDescription"])
        return r["Value"]

    def login(self, user, pwd):
        for _ in range(3):
            try:
                self.handle = None
                self.handle = self.call("session.login_with_password", user, pwd, "1.0", "pool-test")
                return
            except Failure as e:
                if e.details[0] != "HOST_IS_SLAVE":
                    raise
                master = e.details[1]
                u = urllib.parse.urlsplit(self.url)
                netloc = master if ":" in master else "%s:%d" % (master, u.port or 80)
                self.url = urllib.parse.urlunsplit((u.scheme, netloc, u.path, u.query, u.fragment))
                self.proxy = xmlrpc.client.ServerProxy(self.url)
                self.redirects.append(master)
        raise Failure(["too many redirects"])

url, user, pwd = sys.argv[1], sys.argv[2], sys.argv[3]
s = Session(url)
s.login(user, pwd)
pool = list(s.call("pool.get_all_records").values())[0]
sr_uuid = s.call("SR.get_uuid", pool["default_SR"])
template = s.call("VM.get_by_name_label", "Other install media")[0]
vm = s.call("VM.clone", template, "sdk-guide-vm")
disks = s.call("VM.get_other_config", vm)["disks"].replace('sr=""', 'sr="%s"' % sr_uuid)
s.call("VM.remove_from_other_config", vm, "disks")
s.call("VM.add_to_other_config", vm, "disks", disks)
s.call("VM.provision", vm)
s.call("VM.start", vm, False, False)
record = s.call("VM.get_record", vm)
hosts = s.call("host.get_all")
s.call("VM.clean_shutdown", vm)
halted = s.call("VM.get_power_state", vm)
s.call("VM.destroy", vm)
remaining = [r for r in s.call("VM.get_all_records").values() if r["name_label"] == "sdk-guide-vm"]
s.call("session.logout")
print(json.dumps({
  "redirects": s.redirects,
  "final_url": s.url,
  "power": record["power_state"],
  "resident_on_a_host": record["resident_on"] in hosts,
  "halted": halted,
  "remaining": len(remaining),
}))
`;

const run = promisify(execFile);
const emus: Emulator[] = [];
afterAll(async () => {
  await Promise.all(emus.map((e) => e.close()));
});

async function flow(layout: 'addresses' | 'ports'): Promise<{ emu: Emulator; out: Record<string, unknown> }> {
  const emu = await createEmulator({ hosts: 3, port: 0, poolLayout: layout, authFailureDelayMs: 0 });
  emus.push(emu);
  const member = emu.hosts[2]!;
  // Asynchronous: the emulator runs in this process and must keep answering.
  const r = await run('python3', ['-c', SCRIPT, member.url, emu.user, emu.password], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.stderr).toBe('');
  return { emu, out: JSON.parse(r.stdout) as Record<string, unknown> };
}

describe('a XenAPI-style Python client pointed at a pool member', () => {
  it('follows HOST_IS_SLAVE to the coordinator and completes the SDK guide flow (one address per host)', async () => {
    const { emu, out } = await flow('addresses');
    const coordinator = emu.hosts[0]!;
    expect(out['redirects']).toEqual([coordinator.address]);
    expect(out['final_url']).toBe(coordinator.url);
    expect(out['power']).toBe('Running');
    expect(out['resident_on_a_host']).toBe(true);
    expect(out['halted']).toBe('Halted');
    expect(out['remaining']).toBe(0);
  });

  it('follows an address:port redirect in the port-per-host layout', async () => {
    const { emu, out } = await flow('ports');
    const coordinator = emu.hosts[0]!;
    expect(coordinator.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(out['redirects']).toEqual([coordinator.address]);
    expect(out['final_url']).toBe(coordinator.url);
    expect(out['power']).toBe('Running');
    expect(out['remaining']).toBe(0);
  });
});
