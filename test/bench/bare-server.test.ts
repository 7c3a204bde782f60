// The emulator bench's baseline must answer the emulator's own bytes ("a bare server returning the same
// bytes", issue 16), including each JSON-RPC request's id: a baseline that answered less would flatter
// nothing but mislead the ratio.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BARE_SERVER } from '../../bench/emulator.bench.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { startEmulator } from '../emulator/fixture.ts';
import { scratchDir } from '../support/scratch-dir.ts';

let emu: Emulator;
let bareUrl: string;
let stopBare: () => void;
let session: string;
let vm: string;

const rpc = async (url: string, method: string, params: unknown[], id: unknown): Promise<string> => {
  const res = await fetch(`${url}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id }),
  });
  return res.text();
};

beforeAll(async () => {
  emu = await startEmulator();
  session = (
    JSON.parse(await rpc(emu.url, 'session.login_with_password', [emu.user, emu.password], 1)) as {
      result: string;
    }
  ).result;
  vm = (JSON.parse(await rpc(emu.url, 'VM.get_all', [session], 1)) as { result: string[] }).result[0]!;
  const text = await rpc(emu.url, 'VM.get_record', [session, vm], 1);
  const file = join(scratchDir('bare-server'), 'bodies.json');
  writeFileSync(
    file,
    JSON.stringify({
      'jsonrpc VM.get_record': { text, type: 'application/json' },
      default: { text: '<x/>', type: 'text/xml' },
    }),
  );
  const child = spawn(process.execPath, ['-e', BARE_SERVER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  stopBare = () => child.kill();
  bareUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(line);
      if (m === null) reject(new Error(line));
      else resolve(m[0]);
    });
  });
});

afterAll(async () => {
  stopBare();
  await emu.close();
});

describe("the emulator bench's bare server", () => {
  it.each([1, 7, 123_456_789, -3, 'req-9'])(
    'answers id %j with the bytes the emulator answers',
    async (id) => {
      const [ours, bare] = await Promise.all([
        rpc(emu.url, 'VM.get_record', [session, vm], id),
        rpc(bareUrl, 'VM.get_record', [session, vm], id),
      ]);
      expect((JSON.parse(ours) as { id: unknown }).id).toEqual(id);
      expect(bare).toBe(ours);
    },
  );
});
