// The model's pool rules (src/model/pool; docs/SEMANTICS.md §11) on hand-built records: the boot-check order,
// placement with affinity and the memory fallback, start_on / pool_migrate, evacuation blockers, host
// allowed_operations and the member redirect.
import { describe, expect, it } from 'vitest';
import type { Expected } from '../../src/model/index.ts';
import {
  check,
  evacuationBlockers,
  certainBlockers,
  hostAllowedOperations,
  memberRedirect,
  poolViewFromRecords,
  predictPoolMigrate,
  predictStart,
  predictStartOn,
} from '../../src/model/index.ts';

const GiB = 1024 ** 3;
const NULL = 'OpaqueRef:NULL';

/** A pool of hosts A (coordinator), B, C; SR L_x local to host x, S shared; VMs given by disk SR and state. */
function records(
  vms: Record<
    string,
    { sr: string; state?: string; on?: string; affinity?: string; mem?: number; ops?: string[] }
  >,
  hosts: Record<string, { enabled?: boolean; free?: number }> = {},
) {
  const names = ['A', 'B', 'C'];
  const host: Record<string, unknown> = {};
  const metrics: Record<string, unknown> = {};
  const pbd: Record<string, unknown> = {};
  for (const h of names) {
    host[h] = {
      address: `10.0.0.${names.indexOf(h) + 1}`,
      enabled: hosts[h]?.enabled ?? true,
      metrics: `m${h}`,
      current_operations: {},
      resident_VMs: Object.entries(vms)
        .filter(([, v]) => v.on === h)
        .map(([k]) => k),
    };
    metrics[`m${h}`] = { live: true, memory_free: String(hosts[h]?.free ?? 8 * GiB) };
    pbd[`p${h}L`] = { host: h, SR: `L_${h}`, currently_attached: true };
    pbd[`p${h}S`] = { host: h, SR: 'S', currently_attached: true };
  }
  const vm: Record<string, unknown> = {};
  const vbd: Record<string, unknown> = {};
  const vdi: Record<string, unknown> = {};
  for (const [ref, v] of Object.entries(vms)) {
    vm[ref] = {
      power_state: v.state ?? 'Halted',
      resident_on: v.on ?? NULL,
      affinity: v.affinity ?? NULL,
      memory_target: 0,
      memory_dynamic_max: String(v.mem ?? GiB),
      VBDs: [`b_${ref}`],
      current_operations: {},
      allowed_operations: v.ops ?? ['pool_migrate', 'start', 'clean_shutdown'],
    };
    vbd[`b_${ref}`] = { empty: false, VDI: `d_${ref}` };
    vdi[`d_${ref}`] = { SR: v.sr };
  }
  return poolViewFromRecords({
    pool: { P: { master: 'A' } },
    host,
    host_metrics: metrics,
    VM: vm,
    VBD: vbd,
    VDI: vdi,
    PBD: pbd,
    SR: { L_A: { shared: false }, L_B: { shared: false }, L_C: { shared: false }, S: { shared: true } },
  });
}

const ok = { ok: true, value: '' } as const;
const fail = (code: string, ...params: string[]) => ({ ok: false, code, params }) as const;
const accepts = (e: Expected, o: Parameters<typeof check>[1]) => check(e, o).ok;

describe('model pool rules', () => {
  it('VM.start: a local disk pins the host; affinity wins when the host fits; else any fitting host', () => {
    const v = records({ l: { sr: 'L_B' }, s: { sr: 'S', affinity: 'C' }, f: { sr: 'S' } });
    expect(predictStart(v, 'l').hosts).toEqual(['B']);
    expect(predictStart(v, 's').hosts).toEqual(['C']);
    expect([...predictStart(v, 'f').hosts].sort()).toEqual(['A', 'B', 'C']);
  });

  it('VM.start: memory-only failure allows xapi fallback answers; no host at all is NO_HOSTS_AVAILABLE', () => {
    const big = records({ x: { sr: 'S', mem: 64 * GiB } });
    const p = predictStart(big, 'x');
    expect(p.hosts).toEqual([]);
    expect(accepts(p.expected, fail('HOST_NOT_ENOUGH_FREE_MEMORY', '1', '2'))).toBe(true);
    expect(accepts(p.expected, fail('NO_HOSTS_AVAILABLE'))).toBe(true);
    expect(accepts(p.expected, ok)).toBe(false);
    const disabled = records({ l: { sr: 'L_B' } }, { B: { enabled: false } });
    expect(accepts(predictStart(disabled, 'l').expected, fail('NO_HOSTS_AVAILABLE'))).toBe(true);
    expect(accepts(predictStart(disabled, 'l').expected, ok)).toBe(false);
  });

  it('VM.start: a VM that is not Halted fails the power-state check before any placement (pool walk, seed 2)', () => {
    // The pool random walk started a running VM again; the model predicted a placement where xapi (and the
    // emulator) answer VM_BAD_POWER_STATE [vm; "halted"; "running"].
    const v = records({
      r: { sr: 'S', state: 'Running', on: 'A' },
      p: { sr: 'L_B', state: 'Paused', on: 'B' },
    });
    const running = predictStart(v, 'r');
    expect(running.hosts).toEqual([]);
    expect(accepts(running.expected, fail('VM_BAD_POWER_STATE', 'r', 'halted', 'running'))).toBe(true);
    expect(accepts(running.expected, ok)).toBe(false);
    expect(accepts(predictStart(v, 'p').expected, fail('VM_BAD_POWER_STATE', 'p', 'halted', 'paused'))).toBe(
      true,
    );
  });

  it('start_on: power state before host checks; HOST_DISABLED before VM_REQUIRES_SR', () => {
    const v = records(
      { l: { sr: 'L_B' }, r: { sr: 'S', state: 'Running', on: 'A' } },
      { C: { enabled: false } },
    );
    expect(accepts(predictStartOn(v, 'l', 'C', 'start_on'), fail('HOST_DISABLED', 'C'))).toBe(true);
    expect(accepts(predictStartOn(v, 'l', 'A', 'start_on'), fail('VM_REQUIRES_SR', 'l', 'L_B'))).toBe(true);
    expect(
      accepts(predictStartOn(v, 'r', 'C', 'start_on'), fail('VM_BAD_POWER_STATE', 'r', 'halted', 'running')),
    ).toBe(true);
  });

  it('pool_migrate: local disks give VM_REQUIRES_SR; its own host is a localhost migration, even disabled', () => {
    const v = records(
      { l: { sr: 'L_B', state: 'Running', on: 'B' }, h: { sr: 'S' } },
      { B: { enabled: false } },
    );
    expect(accepts(predictPoolMigrate(v, 'l', 'A'), fail('VM_REQUIRES_SR', 'l', 'L_B'))).toBe(true);
    expect(accepts(predictPoolMigrate(v, 'l', 'A'), ok)).toBe(false);
    expect(accepts(predictPoolMigrate(v, 'l', 'B'), ok)).toBe(true);
    expect(
      accepts(predictPoolMigrate(v, 'h', 'A'), fail('VM_BAD_POWER_STATE', 'h', 'running', 'halted')),
    ).toBe(true);
    // A guest whose allowed_operations lack pool_migrate may refuse for lack of PV drivers.
    const agentless = records({ g: { sr: 'S', state: 'Running', on: 'A', ops: [] } });
    expect(accepts(predictPoolMigrate(agentless, 'g', 'B'), fail('VM_LACKS_FEATURE', 'g'))).toBe(true);
  });

  it('evacuation blockers: no enabled target → NO_HOSTS_AVAILABLE [vm]; local disk → VM_REQUIRES_SR', () => {
    const v = records({
      l: { sr: 'L_B', state: 'Running', on: 'B' },
      s: { sr: 'S', state: 'Running', on: 'B' },
    });
    expect(certainBlockers(evacuationBlockers(v, 'B'))).toEqual(
      new Map([['l', ['VM_REQUIRES_SR', 'l', 'L_B']]]),
    );
    const alone = records(
      { s: { sr: 'S', state: 'Running', on: 'B' } },
      { A: { enabled: false }, C: { enabled: false } },
    );
    expect(certainBlockers(evacuationBlockers(alone, 'B'))).toEqual(
      new Map([['s', ['NO_HOSTS_AVAILABLE', 's']]]),
    );
    const paused = records({ p: { sr: 'S', state: 'Paused', on: 'B' } });
    expect(certainBlockers(evacuationBlockers(paused, 'B'))).toEqual(
      new Map([['p', ['VM_BAD_POWER_STATE', 'p', 'running', 'paused']]]),
    );
  });

  it('host.allowed_operations and the member redirect', () => {
    const v = records({}, { B: { enabled: false } });
    expect(hostAllowedOperations(v.hosts.get('A')!).sort()).toEqual(
      ['enable', 'evacuate', 'provision', 'vm_migrate', 'vm_resume', 'vm_start'].sort(),
    );
    expect(hostAllowedOperations(v.hosts.get('B')!)).toEqual(
      expect.arrayContaining(['reboot', 'shutdown', 'apply_updates']),
    );
    expect(accepts(memberRedirect(v), fail('HOST_IS_SLAVE', '10.0.0.1'))).toBe(true);
    expect(accepts(memberRedirect(v), fail('HOST_IS_SLAVE', '10.0.0.2'))).toBe(false);
  });
});
