// The setup the raw-HTTP robustness files share: an emulator on port 0 (no login delay) and a root
// session taken over raw HTTP, with no client in between
// (`beforeAll(async () => ({ emu, session } = await startRawSession()))`, then `afterAll(() => emu.close())`).
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { encodeMethodCall } from '../../src/wire/index.ts';
import { postBytes, rawExchange } from './raw-http.ts';
import { classifyAnswer, rawLogin, type AnswerKind } from './xapi-answer.ts';

export async function startRawSession(loginTimeoutMs = 5_000): Promise<{ emu: Emulator; session: string }> {
  const emu = await createEmulator({ port: 0, authFailureDelayMs: 0 });
  return { emu, session: await rawLogin(emu, loginTimeoutMs) };
}

/** One ordinary call (host.get_name_label) over raw HTTP, classified: what "still serving" checks. */
export async function rawNameLabelCall(emu: Emulator, session: string): Promise<AnswerKind> {
  const answer = await rawExchange(
    emu.url,
    postBytes('/', encodeMethodCall('host.get_name_label', [session, emu.host.host])),
    { timeoutMs: 5_000 },
  );
  return classifyAnswer(answer, 'xmlrpc');
}
