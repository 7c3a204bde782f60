// An in-memory emulator on port 0 behind the seeded fault proxy (a slow or flaky link), for the tests of
// how the runner copes with the network between it and a host: one start and one close for the pair.
import { createEmulator, type Emulator } from '../../src/emulator/index.ts';
import { startFaultProxy, type FaultProxy, type FaultSpec } from '../../src/faultproxy/index.ts';

export interface ProxiedEmulator {
  readonly emu: Emulator;
  readonly proxy: FaultProxy;
  /** Closes the proxy, then the emulator. */
  close(): Promise<void>;
}

export async function startProxiedEmulator(faults: FaultSpec, seed: number): Promise<ProxiedEmulator> {
  const emu = await createEmulator({ port: 0, dbPath: ':memory:', authFailureDelayMs: 0 });
  const proxy = await startFaultProxy({ target: emu.url, faults, seed });
  return {
    emu,
    proxy,
    async close() {
      await proxy.close();
      await emu.close();
    },
  };
}
