// Async.VM.clone: the task's result is the XML-RPC text of the new VM's ref ("<value>OpaqueRef:…</value>",
// SEMANTICS.md §5); the model decodes it, learns the clone, and checks it in the read that follows.
import fc from 'fast-check';
import { tagVm } from '../../src/harness/tagging.ts';
import { commandOn } from '../command.ts';
import { waitAndDestroy } from '../wait-task.ts';

export const asyncCloneCommand = fc.nat().map((i) =>
  commandOn(
    `Async.VM.clone template #${i} and wait`,
    (d) => d.templates(),
    i,
    async (d, src) => {
      const known = new Set(d.state.vms.keys());
      const o = await d.call('Async.VM.clone', [d.session, src.ref, `harness-async-${i}`]);
      if (!o.ok || typeof o.value !== 'string') return;
      if (!(await waitAndDestroy(d, o.value))) return;
      const created = [...d.state.vms.keys()].find((ref) => !known.has(ref));
      if (created === undefined) return;
      await tagVm(d, created);
      await d.call('VM.get_record', [d.session, created]);
    },
  ),
);
