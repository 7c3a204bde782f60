// The SDK guide's flow driven by Python's standard xmlrpc.client (a codec nobody here wrote,
// ARCHITECTURE.md): synchronously, then with Async.* calls whose tasks Python waits for through
// event.from on "task/<ref>" (so event batches are decoded by a foreign codec too), while our client
// follows event.from and must see the VM's add and every power-state mod.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../../src/emulator/index.ts';
import { EventWatcher, snap } from './event-watcher.ts';
import { login, startHttpEmulator } from './helpers.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startHttpEmulator();
});
afterAll(async () => {
  await emu.close();
});

const SCRIPT = String.raw`
import json, re, sys, time, xmlrpc.client
url, user, pwd, mode = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
x = xmlrpc.client.ServerProxy(url)

def ok(r):
    if r["Status"] != "Success":
        raise Exception("failure: %r" % (r["ErrorDescription"],))
    return r["Value"]

s = ok(x.session.login_with_password(user, pwd, "1.0", "sdk-flow-python"))
vms = ok(x.VM.get_all_records(s))
template = [ref for ref, r in vms.items() if r["name_label"] == "Debian Etch 4.0" and r["is_a_template"]][0]

def wait_task(task):
    token = ""
    deadline = time.time() + 20
    while time.time() < deadline:
        batch = ok(getattr(x.event, "from")(s, ["task/" + task], token, 5.0))
        token = batch["token"]
        for ev in batch["events"]:
            snap = ev.get("snapshot", {})
            if snap.get("status") not in (None, "pending"):
                return snap
    raise Exception("task did not finish: " + task)

def call(method, *args):
    if mode == "sync":
        return ok(getattr(x.VM, method)(s, *args))
    task = ok(getattr(getattr(x, "Async").VM, method)(s, *args))
    rec = wait_task(task)
    if rec["status"] != "success":
        raise Exception("task failed: %r" % (rec["error_info"],))
    m = re.match(r"^<value>(.*)</value>$", rec["result"])
    ok(x.task.destroy(s, task))
    return m.group(1)

states = []
vm = call("clone", template, "python " + mode)
pool = ok(x.pool.get_all(s))[0]
sr_uuid = ok(x.SR.get_uuid(s, ok(x.pool.get_default_SR(s, pool))))
oc = ok(x.VM.get_other_config(s, vm))
oc["disks"] = oc["disks"].replace('sr=""', 'sr="%s"' % sr_uuid)
ok(x.VM.set_other_config(s, vm, oc))
call("provision", vm)
states.append(ok(x.VM.get_power_state(s, vm)))
call("start", vm, False, False)
states.append(ok(x.VM.get_power_state(s, vm)))
call("suspend", vm)
states.append(ok(x.VM.get_power_state(s, vm)))
call("resume", vm, False, False)
states.append(ok(x.VM.get_power_state(s, vm)))
call("clean_shutdown", vm)
states.append(ok(x.VM.get_power_state(s, vm)))
rec = ok(x.VM.get_record(s, vm))
ok(x.session.logout(s))
after = x.VM.get_record(s, vm)["ErrorDescription"]
print(json.dumps({"vm": vm, "states": states, "is_a_template": rec["is_a_template"], "vbds": len(rec["VBDs"]), "after": after}))
`;

async function runPython(
  mode: 'sync' | 'async',
): Promise<{ vm: string; states: string[]; is_a_template: boolean; vbds: number; after: string[] }> {
  const r = await promisify(execFile)('python3', ['-c', SCRIPT, emu.url, emu.user, emu.password, mode], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as {
    vm: string;
    states: string[];
    is_a_template: boolean;
    vbds: number;
    after: string[];
  };
}

describe('SDK guide flow from python xmlrpc.client', () => {
  it('synchronous calls', async () => {
    const out = await runPython('sync');
    expect(out?.states).toEqual(['Halted', 'Running', 'Suspended', 'Running', 'Halted']);
    expect(out.is_a_template).toBe(false);
    expect(out.vbds).toBe(1);
    expect(out.after[0]).toBe('SESSION_INVALID');
  });

  it('Async calls waited through event.from, while our client watches every add and mod', async () => {
    const watcher = new EventWatcher(await login(emu), ['vm']);
    await watcher.start();
    let out: Awaited<ReturnType<typeof runPython>> | undefined;
    try {
      out = await runPython('async');
      await watcher.waitFor((e) => e.operation === 'add' && e.ref === out!.vm, 'add of the clone');
      for (const state of ['Running', 'Suspended', 'Halted']) {
        await watcher.waitFor(
          (e) => e.operation === 'mod' && e.ref === out!.vm && snap(e)['power_state'] === state,
          `mod to ${state}`,
        );
      }
    } finally {
      await watcher.stop();
    }
    expect(out?.states).toEqual(['Halted', 'Running', 'Suspended', 'Running', 'Halted']);
  });
});
