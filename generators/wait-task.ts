// Waits for a task by polling task.get_record through the model: every read is checked (progress never
// decreases, pending only until the deadline), and the model learns the outcome from the final record.
import type { Driver } from '../src/harness/driver.ts';
import { sleep } from './command.ts';

const TERMINAL = new Set(['success', 'failure', 'cancelled']);

function statusOf(v: unknown): string {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? String((v as Record<string, unknown>)['status'])
    : '';
}

/**
 * How long to wait before each read after the first, given the model's task deadline: a quick task is seen
 * done at the second read (D/256: 6 ms against the in-process emulator's 1.5 s deadline), a slow one at D/16
 * or D/4, and a task still pending is read once more just past the deadline, where "pending" is itself the
 * contract violation ("a task left pending"). Five reads at most: every read is a call of the trace, and a
 * stuck task's counterexample is the Async call and these reads (issue 17 item 5: it was 16 reads at a
 * doubling backoff). Past D/4 a task that ends early is seen only at the deadline: the price of a short trace,
 * paid by slow tasks only.
 */
function pollDelays(deadlineMs: number): number[] {
  const d = deadlineMs;
  return [Math.max(1, Math.round(d / 256)), Math.round(d / 16), Math.round(d / 4)];
}

/** Polls until the task completes or the model's deadline has passed (then once more), bounded in count. */
export async function waitTask(driver: Driver, task: string): Promise<string> {
  const deadlineMs = driver.state.config.taskDeadlineMs;
  const deadline = Date.now() + deadlineMs + 250;
  const delays = pollDelays(deadlineMs);
  for (let i = 0; ; i += 1) {
    const o = await driver.call('task.get_record', [driver.session, task]);
    if (!o.ok) return o.code;
    const status = statusOf(o.value);
    if (TERMINAL.has(status) || Date.now() > deadline) return status;
    // The last wait ends just past the deadline (a little more for the timer's slack).
    await sleep(delays[i] ?? Math.max(1, deadline - Date.now() + 5));
    if (i > delays.length + 2) return status;
  }
}

/** Waits for the task, then destroys it once it has ended (one still pending stays): whether it was destroyed. */
export async function waitAndDestroy(driver: Driver, task: string): Promise<boolean> {
  if (!TERMINAL.has(await waitTask(driver, task))) return false;
  await driver.call('task.destroy', [driver.session, task]);
  return true;
}
