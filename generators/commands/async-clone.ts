// Async.VM.clone: the task's result is the XML-RPC text of the new VM's ref ("<value>OpaqueRef:…</value>",
// SEMANTICS.md §5); the model decodes it, learns the clone, and checks it in the read that follows.
import fc from 'fast-check';
import { tagVm } from '../../src/harness/tagging.ts';
import { command, pick } from '../command.ts';
import { waitTask } from '../wait-task.ts';

export const asyncCloneCommand = fc.nat().map((i) =>
  command(
    `Async.VM.clone template #${i} and wait`,
    (d) => d.templates().length > 0,
    async (d) => {
      const src = pick(d.templates(), i);
      if (src === undefined) return;
      const known = new Set(d.state.vms.keys());
      const o = await d.call('Async.VM.clone', [d.session, src.ref, `harness-async-${i}`]);
      if (!o.ok || typeof o.value !== 'string') return;
      const task = o.value;
      const status = await waitTask(d, task);
      if (status !== 'success' && status !== 'failure' && status !== 'cancelled') return;
      await d.call('task.destroy', [d.session, task]);
      const created = [...d.state.vms.keys()].find((ref) => !known.has(ref));
      if (created === undefined) return;
      await tagVm(d, created);
      await d.call('VM.get_record', [d.session, created]);
    },
  ),
);
