// Observe, don't assume (issue 11 item 1): the model's configuration follows what a target states and how fast
// it answers, never whether it is our emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../../src/harness/index.ts';
import {
  configFor,
  defaultOptions,
  emulatorTarget,
  preflight,
  taskDeadlineFor,
} from '../../src/harness/index.ts';
import { findRelease, latestRelease } from '../../src/xapi/index.ts';
import { badLoginCommand } from '../../generators/index.ts';
import { SESSION_PROPERTIES } from '../../suites/properties/sessions.ts';

describe('configFor', () => {
  let target: Target;
  beforeAll(async () => {
    target = await emulatorTarget(defaultOptions());
  });
  afterAll(async () => {
    await target.close();
  });

  it('reads the release from software_version and the pace from a measured latency', async () => {
    const pre = await preflight(target, 'auto');
    expect(pre.release.code).toBe(findRelease(pre.xapiVersion)?.code);
    expect(pre.latencyMs).toBeGreaterThanOrEqual(0);
    const config = configFor(target, pre);
    expect(config.release.code).toBe(pre.release.code);
    expect(config.taskDeadlineMs).toBe(taskDeadlineFor(pre.latencyMs));
  });

  it('predicts the same for the same statements, whoever the target is', async () => {
    const pre = await preflight(target, 'xapi');
    const remote: Target = { ...target, kind: 'remote' };
    const a = configFor(target, pre);
    const b = configFor(remote, pre);
    // Old behaviour: a remote target got agentless guests (VM_LACKS_FEATURE demanded), resource failures and a
    // 180 s task deadline; the emulator got the opposite.
    expect({ ...a, methodExists: undefined }).toEqual({ ...b, methodExists: undefined });
    expect(Object.keys(a)).not.toContain('guestFeatures');
    expect(Object.keys(a)).not.toContain('resourceFailures');
  });

  it('takes the last_active rule from the release (SEMANTICS.md §3, §10: 600 s from xapi 24.29)', async () => {
    const pre = await preflight(target, 'xapi');
    const old = configFor(target, { ...pre, release: findRelease('24.19') ?? latestRelease() });
    const recent = configFor(target, { ...pre, release: findRelease('25.6') ?? latestRelease() });
    expect(old.policy.name === 'xapi' && old.policy.lastActiveRefreshMs).toBe(0);
    expect(recent.policy.name === 'xapi' && recent.policy.lastActiveRefreshMs).toBe(600_000);
  });

  it('scales the task deadline with the latency, within bounds', () => {
    expect(taskDeadlineFor(0.05)).toBe(1_500);
    expect(taskDeadlineFor(4)).toBe(20_000);
    expect(taskDeadlineFor(1_000)).toBe(180_000);
  });

  it('reads the pool setting allow_clone_suspended_vm (SEMANTICS.md §4)', async () => {
    expect((await preflight(target, 'auto')).allowCloneSuspended).toBe(false);
    const c = target.client();
    const s = await c.login(target.user, target.password);
    const pool = ((await s.call('pool.get_all')) as string[])[0] ?? '';
    await s.call('pool.add_to_other_config', [pool, 'allow_clone_suspended_vm', 'true']);
    const pre = await preflight(target, 'auto');
    expect(pre.allowCloneSuspended).toBe(true);
    expect(configFor(target, pre).allowCloneSuspended).toBe(true);
    await s.call('pool.remove_from_other_config', [pool, 'allow_clone_suspended_vm']);
  });

  it('tries a wrong root password on every target (SEMANTICS.md §2 "Bad login": root fails at once)', async () => {
    const pre = await preflight(target, 'auto');
    const remote: Target = { ...target, kind: 'remote' };
    const ctx = { options: defaultOptions(), target: remote, preflight: pre, config: configFor(remote, pre) };
    const src = SESSION_PROPERTIES[0]?.cases(ctx);
    expect(src?.kind === 'commands' && src.commands.includes(badLoginCommand)).toBe(true);
    const other = { ...ctx, target: { ...remote, user: 'alice' } };
    const src2 = SESSION_PROPERTIES[0]?.cases(other);
    expect(src2?.kind === 'commands' && src2.commands.includes(badLoginCommand)).toBe(false);
  });
});
