// The emulator bench's baseline must answer the emulator's own bytes ("a bare server returning the same
// bytes", issue 16), including each JSON-RPC request's id: a baseline that answered less would flatter
// nothing but mislead the ratio.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BARE_SERVER } from '../../bench/emulator.bench.ts';
import { BARE_NET_SERVER } from '../../bench/lib/bare-net-server.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { startEmulator } from '../emulator/fixture.ts';
import { scratchDir } from '../support/scratch-dir.ts';

let emu: Emulator;
let bareUrl: string;
let netUrl: string;
const stops: (() => void)[] = [];
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
  const start = (script: string): Promise<string> => {
    const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    stops.push(() => child.kill());
    return new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', (line) => {
        const m = /http:\/\/127\.0\.0\.1:\d+/.exec(line);
        if (m === null) reject(new Error(line));
        else resolve(m[0]);
      });
    });
  };
  [bareUrl, netUrl] = await Promise.all([start(BARE_SERVER), start(BARE_NET_SERVER)]);
});

afterAll(async () => {
  for (const stop of stops) stop();
  await emu.close();
});

describe("the emulator bench's bare servers (node:http and node:net)", () => {
  it.each([1, 7, 123_456_789, -3, 'req-9'])(
    'answers id %j with the bytes the emulator answers',
    async (id) => {
      const [ours, bare, net] = await Promise.all([
        rpc(emu.url, 'VM.get_record', [session, vm], id),
        rpc(bareUrl, 'VM.get_record', [session, vm], id),
        rpc(netUrl, 'VM.get_record', [session, vm], id),
      ]);
      expect((JSON.parse(ours) as { id: unknown }).id).toEqual(id);
      expect(bare).toBe(ours);
      expect(net).toBe(ours);
    },
  );

  it('the node:net server answers with the header layout the emulator and node:http use', async () => {
    const heads = await Promise.all(
      [emu.url, bareUrl, netUrl].map(async (url) => {
        const res = await fetch(`${url}/jsonrpc`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', method: 'VM.get_record', params: [session, vm], id: 5 }),
        });
        await res.text();
        return [...res.headers.keys()].sort().join();
      }),
    );
    expect(heads[1]).toBe(heads[0]);
    expect(heads[2]).toBe(heads[0]);
  });
});
