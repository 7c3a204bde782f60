// event.next through the schema-typed client: xapi sends each event's timestamp as a float in a string,
// not the datetime the datamodel declares, so the client must hand the events back undecoded.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { inProcessTransport } from '../../src/client/in-process-transport.ts';
import type { Session } from '../../src/client/session.ts';
import { XapiClient } from '../../src/client/xapi-client.ts';

let emu: Emulator;
let session: Session;

beforeAll(async () => {
  emu = await createEmulator({ listen: false, dbPath: ':memory:', authFailureDelayMs: 0 });
  session = await new XapiClient({ transport: inProcessTransport(emu.handle) }).login(emu.user, emu.password);
});

afterAll(async () => {
  await emu.close();
});

it('event.next returns the registered class events with their timestamps as sent', async () => {
  await session.call('event.register', [['pool']]);
  const pools = (await session.call('pool.get_all', [])) as string[];
  const pool = pools[0] ?? '';
  await session.call('pool.set_name_label', [pool, 'event.next test']);
  const events = (await session.call('event.next', [])) as ReadonlyArray<Readonly<Record<string, unknown>>>;
  const mod = events.find((e) => e['class'] === 'pool' && e['operation'] === 'mod' && e['ref'] === pool);
  expect(mod, JSON.stringify(events).slice(0, 500)).toBeDefined();
  expect(typeof mod?.['timestamp']).toBe('string');
  expect((mod?.['snapshot'] as Record<string, unknown>)['name_label']).toBe('event.next test');
});
