// A task's created / finished (taskHelper.ml: created = now, finished = epoch until completion sets it to
// now): src/model/task-times.ts. The emulator fault task-finished-before-created breaks it; the fault grid
// shows the tasks area catching that.
import { describe, expect, it } from 'vitest';
import { checkTaskTimes } from '../../src/model/task-times.ts';

const created = new Date('2026-12-04T20:00:00Z');

describe('task created / finished', () => {
  it('a pending task has finished = the epoch', () => {
    expect(checkTaskTimes(false, { created, finished: new Date(0) }, 'v').ok).toBe(true);
    expect(checkTaskTimes(false, { created, finished: created }, 'v')).toMatchObject({ ok: false });
  });

  it('a completed task finished no earlier than created (XML-RPC datetime strings too)', () => {
    expect(checkTaskTimes(true, { created, finished: created }, 'v').ok).toBe(true);
    expect(
      checkTaskTimes(true, { created: '20261204T20:00:00Z', finished: '20261204T20:00:01Z' }, 'v').ok,
    ).toBe(true);
    const r = checkTaskTimes(true, { created, finished: new Date(created.getTime() - 60_000) }, 'v');
    expect(r).toMatchObject({ ok: false });
    expect(r.ok ? '' : r.reason).toMatch(/finished .* is before created/);
    expect(checkTaskTimes(true, { created, finished: 'soon' }, 'v')).toMatchObject({ ok: false });
  });
});
