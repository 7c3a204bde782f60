// The setup the raw-HTTP robustness files share: an emulator on port 0 (no login delay) and a root
// session taken over raw HTTP, with no client in between
// (`beforeAll(async () => ({ emu, session } = await startRawSession()))`, then `afterAll(() => emu.close())`).
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { rawLogin } from './xapi-answer.ts';

export async function startRawSession(loginTimeoutMs = 5_000): Promise<{ emu: Emulator; session: string }> {
  const emu = await createEmulator({ port: 0, authFailureDelayMs: 0 });
  return { emu, session: await rawLogin(emu, loginTimeoutMs) };
}
