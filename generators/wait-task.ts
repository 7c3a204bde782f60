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
 * Polls until the task completes. Past the model's task deadline a read of "pending" is itself a contract
 * violation ("a task left pending"), so the loop ends either way; it is also bounded in count.
 */
export async function waitTask(driver: Driver, task: string): Promise<string> {
  const deadline = Date.now() + driver.state.config.taskDeadlineMs + 250;
  // Backoff capped at an eighth of the deadline: a stuck task shows up in a dozen reads, not hundreds.
  const cap = Math.max(10, Math.min(500, driver.state.config.taskDeadlineMs / 8));
  let delay = 1;
  for (let i = 0; i < 10_000; i += 1) {
    const o = await driver.call('task.get_record', [driver.session, task]);
    if (!o.ok) return o.code;
    const status = statusOf(o.value);
    if (TERMINAL.has(status)) return status;
    if (Date.now() > deadline) return status;
    await sleep(delay);
    delay = Math.min(delay * 2, cap);
  }
  return 'pending';
}
