// GET /rrd_updates in xapi's xport format (xapi-project/xcp-rrd lib/rrd_updates.ml; xen-api
// doc/content/design/sr-level-rrds.md): authenticated by ?session_id=, host=true for the host RRD,
// vm_uuid=all|<uuid>|none for running VMs, cf and interval choosing the archive, rows newest first.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src/client/index.ts';
import type { Emulator } from '../../../src/emulator/index.ts';
import { makeVm, record, startAndLogin } from './helpers.ts';

let emu: Emulator;
let s: Session;
beforeAll(async () => ({ emu, s } = await startAndLogin()));
afterAll(() => emu.close());

interface Xport {
  meta: {
    start: number;
    step: number;
    end: number;
    rows: number;
    columns: number;
    legend: { entry: string | string[] };
  };
  data: {
    row?:
      | { t: number; v: (number | string)[] | number | string }
      | { t: number; v: (number | string)[] | number | string }[];
  };
}

async function get(query: string): Promise<{ status: number; type: string | null; text: string }> {
  const r = await fetch(`${emu.url}/rrd_updates?${query}`);
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

function parse(text: string): Xport {
  const doc = new XMLParser({ parseTagValue: false }).parse(text) as { xport: Xport };
  return doc.xport;
}

function asArray<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}

describe('/rrd_updates', () => {
  it('needs a valid session', async () => {
    const r = await get('start=0&host=true');
    expect(r.status).toBe(401);
    expect((await get('session_id=OpaqueRef:nope&start=0&host=true')).status).toBe(401);
  });

  it('host=true, last minute: the 5 s archive, AVERAGE/MIN/MAX columns, rows newest first', async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await get(`session_id=${s.ref}&start=${now - 60}&host=true&vm_uuid=none`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/xml');
    expect(r.text.startsWith('<?xml version="1.0" encoding="UTF-8"?><xport><meta><start>')).toBe(true);
    const x = parse(r.text);
    const legend = asArray(x.meta.legend.entry);
    const hostUuid = (await record(s, 'host', emu.host.host))['uuid'] as string;
    expect(legend).toContain(`AVERAGE:host:${hostUuid}:cpu0`);
    expect(legend).toContain(`MAX:host:${hostUuid}:memory_free_kib`);
    expect(legend.every((l) => /^(AVERAGE|MIN|MAX):host:/.test(l))).toBe(true);
    expect(Number(x.meta.step)).toBe(5);
    expect(Number(x.meta.columns)).toBe(legend.length);
    const rows = asArray(x.data.row);
    expect(rows.length).toBe(Number(x.meta.rows));
    expect(rows.length).toBeGreaterThanOrEqual(11);
    expect(rows.length).toBeLessThanOrEqual(13);
    const times = rows.map((row) => Number(row.t));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBe(times[i - 1]! - 5);
    expect(times[0]).toBe(Number(x.meta.end));
    for (const row of rows) {
      const vs = asArray(row.v).map(String);
      expect(vs).toHaveLength(legend.length);
      for (const v of vs) expect(v).toMatch(/^(-?\d+\.\d{4}|0\.0|NaN)$/);
    }
    const hm = await record(s, 'host_metrics', (await record(s, 'host', emu.host.host))['metrics'] as string);
    const freeCol = legend.indexOf(`AVERAGE:host:${hostUuid}:memory_free_kib`);
    expect(Number(asArray(rows[0]!.v)[freeCol])).toBeCloseTo((hm['memory_free'] as number) / 1024, 2);
  });

  it('cf and interval choose one consolidation and the 60 s archive; running VMs only', async () => {
    const vm = await makeVm(s, 'rrd');
    const halted = await makeVm(s, 'rrd halted');
    await s.call('VM.start', [vm, false, false]);
    const now = Math.floor(Date.now() / 1000);
    const x = parse(
      (await get(`session_id=${s.ref}&start=${now - 3600}&cf=AVERAGE&interval=60&host=false`)).text,
    );
    expect(Number(x.meta.step)).toBe(60);
    const legend = asArray(x.meta.legend.entry);
    const vmUuid = (await s.call('VM.get_uuid', [vm])) as string;
    const haltedUuid = (await s.call('VM.get_uuid', [halted])) as string;
    const dom0Uuid = (await s.call('VM.get_uuid', [emu.host.controlDomain])) as string;
    expect(legend).toContain(`AVERAGE:vm:${vmUuid}:cpu0`);
    expect(legend).toContain(`AVERAGE:vm:${vmUuid}:memory`);
    expect(legend).toContain(`AVERAGE:vm:${dom0Uuid}:memory`);
    expect(legend.some((l) => l.includes(haltedUuid))).toBe(false);
    expect(legend.every((l) => l.startsWith('AVERAGE:vm:'))).toBe(true);
    expect(asArray(x.data.row).length).toBeGreaterThanOrEqual(59);

    const one = parse((await get(`session_id=${s.ref}&start=${now - 30}&vm_uuid=${vmUuid}`)).text);
    expect(asArray(one.meta.legend.entry).every((l) => l.includes(vmUuid))).toBe(true);
    await s.call('VM.hard_shutdown', [vm]);
  });

  it("json=true answers rrdtool's JSON form", async () => {
    const now = Math.floor(Date.now() / 1000);
    const r = await get(`session_id=${s.ref}&start=${now - 20}&host=true&vm_uuid=none&cf=AVERAGE&json=true`);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(
      /^\{meta: \{start:\d+,step:5,end:\d+,rows:\d+,columns:\d+,legend:\["AVERAGE:host:/,
    );
    expect(r.text).toMatch(/data:\[\{t:\d+,values:\[/);
  });

  it('other GET paths stay 404', async () => {
    expect((await fetch(`${emu.url}/nothing-here`)).status).toBe(404);
  });
});
