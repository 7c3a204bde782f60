// The CLI against an emulator started separately (issue 5 "Done when"): a clean run exits 0; a run against
// a faulty emulator exits 1 and prints the counterexample with its replay command; sweep removes only the
// objects the harness tagged. Child processes, loopback only, bounded by timeouts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliOn } from '../support/run-cli.ts';
import { conformanceOnEmulator } from '../support/conformance-on-emulator.ts';
import { scratchDir } from '../support/scratch-dir.ts';
import { describe, expect, it } from 'vitest';
import { XapiClient, httpTransport } from '../../src/client/index.ts';
import { createEmulator } from '../../src/emulator/index.ts';
import { TAG_KEY } from '../../src/harness/index.ts';

const out = scratchDir('cli');

describe('xapi-harness conformance / sweep against a separately started emulator', () => {
  it('exits 0 on a conformant target and writes results.json', async () => {
    // A password that appears nowhere else, so the output can be searched for it.
    const password = 'Pw-only-in-this-test-7q';
    const dir = join(out, 'clean');
    const r = await conformanceOnEmulator(
      { password },
      ['--allow-disruptive', '--suite', 'sessions,errors', '--runs', '4', '--out', dir],
      90_000,
    );
    expect(r.stderr).toContain('conformance:');
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      format: string;
      properties: { status: string }[];
    };
    expect(results.format).toBe('xapi-harness/results@1');
    expect(results.properties.length).toBeGreaterThan(0);
    expect(r.stderr).not.toContain(password);
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).not.toContain(password);
  }, 120_000);

  it('exits 1 with a replayable counterexample on a faulty target', async () => {
    const r = await conformanceOnEmulator(
      { faults: ['logout-noop'] },
      ['--suite', 'sessions', '--seed', '3', '--out', join(out, 'faulty')],
      90_000,
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('CONTRACT VIOLATION');
    expect(r.stderr).toMatch(
      /replay: npx xapi-harness conformance --target http:\/\/127\.0\.0\.1:\d+\/? --user \S+ --password-env XAPI_TEST_PASSWORD --suite sessions --property \S+ --replay \d+:[\d:]+/,
    );
    expect(r.stderr).toContain('<-- contract violation');
  }, 120_000);

  it('exits 2 when the target cannot be reached', async () => {
    const r = await runCliOn(
      'conformance',
      { url: 'http://127.0.0.1:9', password: 'x' },
      ['--out', join(out, 'down')],
      {
        timeoutMs: 30_000,
      },
    );
    expect(r.code).toBe(2);
  }, 40_000);

  it('sweep destroys tagged VMs only', async () => {
    const emu = await createEmulator({ port: 0, authFailureDelayMs: 0 });
    const client = new XapiClient({ transport: httpTransport(emu.url) });
    try {
      const s = await client.login(emu.user, emu.password);
      const all = (await s.call('VM.get_all_records', [])) as Record<
        string,
        { name_label: string; is_a_template: boolean }
      >;
      const template = Object.entries(all).find(([, v]) => v.is_a_template)?.[0] ?? '';
      const tagged = (await s.call('VM.clone', [template, 'swept'])) as string;
      await s.call('VM.add_to_other_config', [tagged, TAG_KEY, 'run-1']);
      const kept = (await s.call('VM.clone', [template, 'not mine'])) as string;
      const dry = await runCliOn('sweep', emu, ['--dry-run'], { timeoutMs: 30_000 });
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stderr).toContain(`would destroy ${tagged}`);
      expect((await s.attempt('VM.get_uuid', [tagged])).ok).toBe(true);
      const real = await runCliOn('sweep', emu, [], { timeoutMs: 30_000 });
      expect(real.code, real.stderr).toBe(0);
      expect(await s.attempt('VM.get_uuid', [tagged])).toMatchObject({ ok: false, code: 'HANDLE_INVALID' });
      expect((await s.attempt('VM.get_uuid', [kept])).ok).toBe(true);
      expect((await s.attempt('VM.get_uuid', [template])).ok).toBe(true);
      await s.logout();
    } finally {
      await client.close();
      await emu.close();
    }
  }, 90_000);
});
