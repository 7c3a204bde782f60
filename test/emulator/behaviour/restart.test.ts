// After a restart nothing is running any more (xen-api cancel_tasks.ml, run by the master at start):
// current_operations are cleared and allowed_operations recomputed. Tasks are PersistNothing
// (xen-api ocaml/idl/datamodel.ml; SEMANTICS.md §10), so the cut-short task is simply gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGone, login, makeVm, quickRealistic, record, sleep, startHttpEmulator } from './helpers.ts';

describe('restart', () => {
  it('xapi PersistNothing + cancel_tasks: the task of an operation cut short is gone and its VM is free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xapi-harness-restart-'));
    const dbPath = join(dir, 'emu.db');
    try {
      const first = await startHttpEmulator({
        dbPath,
        timing: quickRealistic(10, 50, { 'VM.start': 60_000 }),
      });
      const s1 = await login(first);
      const vm = await makeVm(s1, 'cut short');
      const task = (await s1.call('Async.VM.start', [vm, false, false])) as string;
      await sleep(100);
      expect((await record(s1, 'VM', vm))['current_operations']).toEqual({ [task]: 'start' });
      await first.close();

      const second = await startHttpEmulator({ dbPath });
      try {
        expect(second.restored).toBe(true);
        const s2 = await login(second);
        await expectGone(s2, 'task', task);
        const r = await record(s2, 'VM', vm);
        expect(r).toMatchObject({ power_state: 'Halted', current_operations: {} });
        expect(r['allowed_operations']).toContain('start');
        await s2.call('VM.start', [vm, false, false]);
        expect(await s2.call('VM.get_power_state', [vm])).toBe('Running');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
