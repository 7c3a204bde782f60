// The slow-body timeout (issue 8 §1): a body trickled slower than the emulator's 60 s request timeout is
// cut, and the server keeps serving. A minute long, so it runs in `npm run soak` only (vitest.soak.config.ts
// includes *.soak.ts files; the default run's include does not), rather than as a test that skips itself.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.ts';
import { openSocket, waitForClose } from './raw-http.ts';
import { rawNameLabelCall, startRawSession } from './start-raw-session.ts';

const REQUEST_TIMEOUT_MS = 60_000;
let emu: Emulator;
let session: string;

beforeAll(async () => ({ emu, session } = await startRawSession()));
afterAll(() => emu.close());

it(
  'a slow body is cut after the request timeout',
  async () => {
    const s = await openSocket(emu.url, 2_000);
    s.write('POST / HTTP/1.1\r\nhost: x\r\ncontent-type: text/xml\r\ncontent-length: 100000\r\n\r\n');
    let i = 0;
    const timer = setInterval(() => {
      if (!s.destroyed && i < 100_000) s.write('a');
      i += 1;
    }, 500);
    try {
      const ms = await waitForClose(s, REQUEST_TIMEOUT_MS + 35_000);
      expect(ms).toBeGreaterThan(REQUEST_TIMEOUT_MS - 1_000);
    } finally {
      clearInterval(timer);
      s.destroy();
    }
    const k = await rawNameLabelCall(emu, session);
    expect(k.kind === 'envelope' && k.response.ok).toBe(true);
  },
  REQUEST_TIMEOUT_MS + 40_000,
);
