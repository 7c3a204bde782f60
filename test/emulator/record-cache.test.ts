// get_record / get_all_records are served from per-record cached bytes and written as chunks
// (src/emulator/server/record-response-chunks.ts, http-server.ts). Two things must hold:
// 1. every change (setter, power operation, relation update, destroy) invalidates the cache, for
//    XML-RPC and JSON-RPC alike;
// 2. a response assembled from chunks is byte-identical to the single-string encoding of the same
//    value by the generic codec, decodes with our codec and with Python's xmlrpc.client, and its
//    Content-Length counts bytes (multi-byte UTF-8 names included).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/client/index.ts';
import { recordToWire } from '../../src/emulator/dispatch/encode-result.ts';
import type { Emulator } from '../../src/emulator/index.ts';
import { schemaFromXapi } from '../../src/emulator/schema/schema-from-xapi.ts';
import {
  decodeJsonResponse,
  decodeResponse,
  encodeJsonRequest,
  encodeJsonSuccessFragment,
  encodeJsonValue,
  encodeMethodCall,
  encodeSuccessFragment,
  encodeValue,
  type JsonRpcId,
  type JsonRpcVersion,
  type WireStruct,
} from '../../src/wire/index.ts';
import { SCHEMA } from '../../src/xapi/schema.ts';
import { login, makeVm, record, startHttpEmulator, type Rec } from './behaviour/helpers.ts';

const schema = schemaFromXapi(SCHEMA);
const NAME = 'cache ✓ Zürich 名前';

let emu: Emulator;
let xml: Session;
let json: Session;
beforeAll(async () => {
  emu = await startHttpEmulator();
  xml = await login(emu, 'xmlrpc');
  json = await login(emu, 'jsonrpc');
});
afterAll(async () => {
  await emu.close();
});

type Reads = readonly (readonly [string, Rec | undefined])[];

/** get_record and the entry of get_all_records, over both protocols. */
async function readAll(vm: string): Promise<Reads> {
  const out: [string, Rec | undefined][] = [];
  for (const [name, s] of [
    ['xmlrpc', xml],
    ['jsonrpc', json],
  ] as const) {
    out.push([`${name} get_record`, await record(s, 'VM', vm)]);
    const all = (await s.call('VM.get_all_records')) as Record<string, Rec>;
    out.push([`${name} get_all_records`, all[vm]]);
  }
  return out;
}

function expectEvery(reads: Reads, check: (r: Rec) => void): void {
  for (const [via, r] of reads) {
    expect(r, via).toBeDefined();
    try {
      check(r!);
    } catch (err) {
      throw new Error(`${via}: ${String(err)}`);
    }
  }
}

async function post(path: string, body: string, contentType: string): Promise<Response> {
  return fetch(emu.url + path, { method: 'POST', body, headers: { 'content-type': contentType } });
}

/** The VMs as one struct, encoded by the generic codec without any cache. */
function allVmsWire(protocol: 'xmlrpc' | 'jsonrpc'): WireStruct {
  const out: Record<string, WireStruct> = {};
  for (const o of emu.db.all('VM')) out[o.ref] = recordToWire(schema, 'VM', o.record, protocol);
  return out;
}

describe('record cache invalidation', () => {
  it('setters, power operations and destroy show in get_record and get_all_records at once', async () => {
    const vm = await makeVm(xml, 'cache vm');
    // Warm every cached form first.
    expectEvery(await readAll(vm), (r) => {
      expect(r['name_label']).toBe('cache vm');
      expect(r['power_state']).toBe('Halted');
    });
    expectEvery(await readAll(vm), (r) => expect(r['name_label']).toBe('cache vm'));

    await xml.call('VM.set_name_label', [vm, NAME]);
    expectEvery(await readAll(vm), (r) => expect(r['name_label']).toBe(NAME));

    await json.call('VM.set_name_description', [vm, 'described over JSON-RPC']);
    expectEvery(await readAll(vm), (r) => {
      expect(r['name_description']).toBe('described over JSON-RPC');
      expect(r['name_label']).toBe(NAME);
    });

    await xml.call('VM.start', [vm, false, false]);
    expectEvery(await readAll(vm), (r) => {
      expect(r['power_state']).toBe('Running');
      expect(r['allowed_operations']).toContain('clean_shutdown');
    });

    await json.call('VM.hard_shutdown', [vm]);
    expectEvery(await readAll(vm), (r) => {
      expect(r['power_state']).toBe('Halted');
      expect(r['allowed_operations']).toContain('start');
    });

    // A change made by the database's relation upkeep (VM.VBDs follows VBD.VM) invalidates too.
    const vbds = (await record(xml, 'VM', vm))['VBDs'] as string[];
    expect(vbds.length).toBeGreaterThan(0);
    await xml.call('VBD.destroy', [vbds[0]!]);
    expectEvery(await readAll(vm), (r) => expect(r['VBDs']).toEqual(vbds.slice(1)));

    await xml.call('VM.destroy', [vm]);
    for (const s of [xml, json]) {
      const all = (await s.call('VM.get_all_records')) as Record<string, Rec>;
      expect(Object.keys(all)).not.toContain(vm);
      const bad = await s.attempt('VM.get_record', [vm]);
      expect(bad.ok).toBe(false);
    }
  });
});

describe('responses assembled from chunks', () => {
  it('XML-RPC get_all_records is byte-identical to the single-string encoding', async () => {
    const vm = await makeVm(xml, NAME);
    const body = encodeMethodCall('VM.get_all_records', [xml.ref]);
    const res = await post('/', body, 'text/xml');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // Large enough to take the chunked write path (http-server.ts ONE_BUFFER_MAX = 64 KiB).
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    const expected = encodeSuccessFragment(encodeValue(allVmsWire('xmlrpc')));
    expect(Buffer.from(bytes).equals(Buffer.from(expected, 'utf8'))).toBe(true);

    const decoded = decodeResponse(bytes, { maxBytes: 64 * 1024 * 1024 });
    expect(decoded.ok).toBe(true);
    const all = (decoded.ok ? decoded.value : {}) as Record<string, Record<string, unknown>>;
    expect(all[vm]?.['name_label']).toBe(NAME);

    // In-process callers read the same bytes from RawResponse.body.
    const inProcess = await emu.handle({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'text/xml' },
      body: new TextEncoder().encode(body),
    });
    expect(Buffer.from(inProcess.body).equals(Buffer.from(bytes))).toBe(true);
    // A copy of the response (as wrappers make) keeps its body.
    const copy = { ...inProcess };
    expect(Buffer.from(copy.body).equals(Buffer.from(bytes))).toBe(true);
  });

  it('XML-RPC get_record is byte-identical to the single-string encoding', async () => {
    const vm = [...emu.db.all('VM')][0]!;
    const res = await post('/', encodeMethodCall('VM.get_record', [xml.ref, vm.ref]), 'text/xml');
    const bytes = Buffer.from(await res.arrayBuffer());
    const expected = encodeSuccessFragment(encodeValue(recordToWire(schema, 'VM', vm.record, 'xmlrpc')));
    expect(bytes.equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
  });

  it('XML-RPC get_record is one cached answer per record, re-encoded after a change', async () => {
    const vm = await makeVm(xml, 'whole answer');
    const ask = async (): Promise<Uint8Array> =>
      (
        await emu.handle({
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'text/xml' },
          body: new TextEncoder().encode(encodeMethodCall('VM.get_record', [xml.ref, vm])),
        })
      ).body;
    const first = await ask();
    const hits = emu.encodingCache.stats().hits;
    // The same bytes, not a copy per request (issue 16: the copy was a measured share of get_record),
    // and the serve counts as a hit of the bounded cache.
    expect(await ask()).toBe(first);
    expect(emu.encodingCache.stats().hits).toBe(hits + 1);
    const expected = (): string =>
      encodeSuccessFragment(encodeValue(recordToWire(schema, 'VM', emu.db.get('VM', vm)!.record, 'xmlrpc')));
    expect(Buffer.from(first).toString('utf8')).toBe(expected());
    await json.call('VM.set_name_label', [vm, NAME]);
    const changed = await ask();
    expect(changed).not.toBe(first);
    expect(Buffer.from(changed).toString('utf8')).toBe(expected());
    expect(Buffer.from(changed).toString('utf8')).toContain(NAME);
  });

  it('JSON-RPC get_record answers each id with its own id, one cached prefix per record and envelope', async () => {
    const vm = await makeVm(xml, 'json answer');
    const ask = async (version: JsonRpcVersion, id: JsonRpcId): Promise<Uint8Array> =>
      (
        await emu.handle({
          method: 'POST',
          path: '/jsonrpc',
          headers: { 'content-type': 'application/json' },
          body: new TextEncoder().encode(encodeJsonRequest(version, id, 'VM.get_record', [json.ref, vm])),
        })
      ).body;
    const record = (): Record<string, unknown> =>
      JSON.parse(
        encodeJsonValue(recordToWire(schema, 'VM', emu.db.get('VM', vm)!.record, 'jsonrpc')),
      ) as Record<string, unknown>;
    // Each answer, read by a JSON parser nobody here wrote: the request's own id and version, the record.
    const check = (bytes: Uint8Array, version: JsonRpcVersion, id: JsonRpcId): void => {
      const text = Buffer.from(bytes).toString('utf8');
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const what = `${version} ${JSON.stringify(id)}`;
      expect(parsed['id'], what).toBe(id);
      expect(parsed['result'], what).toEqual(record());
      if (version === '2.0') expect(parsed['jsonrpc'], what).toBe('2.0');
      else expect(parsed['error'], what).toBeNull();
      expect(Object.keys(parsed).length, what).toBe(3);
      expect(text, what).toBe(
        encodeJsonSuccessFragment(
          version,
          id,
          encodeJsonValue(recordToWire(schema, 'VM', emu.db.get('VM', vm)!.record, 'jsonrpc')),
        ),
      );
    };
    const first = await ask('2.0', 1);
    check(first, '2.0', 1);
    // The same envelope: the same bytes, counted as one hit of the bounded cache, nothing stored.
    const before = emu.encodingCache.stats();
    expect(Buffer.from(await ask('2.0', 1)).equals(Buffer.from(first))).toBe(true);
    expect(emu.encodingCache.stats()).toMatchObject({ hits: before.hits + 1, bytes: before.bytes });
    // Other ids and versions (same length, longer, a string that looks like the number, v1): each its own.
    const asked: [JsonRpcVersion, JsonRpcId][] = [
      ['2.0', 2],
      ['2.0', '1'],
      ['1.0', 1],
      ['2.0', 123456],
      ['2.0', 'a"\\b\u0001'],
      ['2.0', 1],
      ['1.0', 1],
      ['1.0', 1],
    ];
    for (const [version, id] of asked) check(await ask(version, id), version, id);
    // The cache holds the bytes before the id, once per record: ids of any length add nothing to the
    // budget, and each is a hit.
    check(await ask('2.0', 9), '2.0', 9);
    const held = emu.encodingCache.stats();
    for (let id = 10; id < 60; id++) check(await ask('2.0', id * 1_000_003), '2.0', id * 1_000_003);
    expect(emu.encodingCache.stats()).toMatchObject({ bytes: held.bytes, hits: held.hits + 50 });
    // A change: the same id gets the new record.
    await xml.call('VM.set_name_label', [vm, NAME]);
    const changed = await ask('2.0', 1);
    check(changed, '2.0', 1);
    expect(Buffer.from(changed).toString('utf8')).toContain(JSON.stringify(NAME));
  });

  it('a text answer (not a cached record) carries the UTF-8 byte length, over HTTP and in-process alike', async () => {
    const vm = await makeVm(xml, NAME);
    for (const [path, body, type] of [
      ['/', encodeMethodCall('VM.get_name_label', [xml.ref, vm]), 'text/xml'],
      ['/jsonrpc', encodeJsonRequest('2.0', 1, 'VM.get_name_label', [json.ref, vm]), 'application/json'],
    ] as const) {
      const res = await post(path, body, type);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length')), path).toBe(bytes.length);
      expect(bytes.toString('utf8')).toContain(NAME);
      const inProcess = await emu.handle({
        method: 'POST',
        path,
        headers: { 'content-type': type },
        body: new TextEncoder().encode(body),
      });
      // The same bytes in a plain answer (a copy keeps them), with the same length header.
      expect(Buffer.from({ ...inProcess }.body).equals(bytes), path).toBe(true);
      expect(inProcess.headers['content-length']).toBe(String(bytes.length));
    }
  });

  it('JSON-RPC v1 and v2 get_all_records and get_record are byte-identical to the string encoding', async () => {
    const one = [...emu.db.all('VM')][0]!;
    for (const version of ['1.0', '2.0'] as const) {
      const id = version === '2.0' ? 'id "7"' : 42;
      const cases = [
        {
          method: 'VM.get_all_records',
          params: [json.ref],
          value: encodeJsonValue(allVmsWire('jsonrpc')),
        },
        {
          method: 'VM.get_record',
          params: [json.ref, one.ref],
          value: encodeJsonValue(recordToWire(schema, 'VM', one.record, 'jsonrpc')),
        },
        // An empty map: no member to strip a comma from.
        { method: 'PUSB.get_all_records', params: [json.ref], value: '{}' },
      ];
      for (const c of cases) {
        const res = await post(
          '/jsonrpc',
          encodeJsonRequest(version, id, c.method, c.params),
          'application/json',
        );
        const bytes = Buffer.from(await res.arrayBuffer());
        const expected = encodeJsonSuccessFragment(version, id, c.value);
        expect(bytes.toString('utf8'), `${version} ${c.method}`).toBe(expected);
        expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
        const decoded = decodeJsonResponse(bytes, { maxBytes: 64 * 1024 * 1024 });
        expect(decoded.id).toBe(id);
        expect(decoded.response.ok).toBe(true);
      }
    }
  });

  it('JSON-RPC get_record over HTTP: ids counting up, one repeated, a string and v1, each its own exact answer', async () => {
    // The answer is written as the cached bytes before the id and the id's tail (spliced-response.ts):
    // over the socket, each must be the whole string encoding with the request's own id and a matching
    // content-length, whether the id is new, repeated (the cached answer object) or of another version.
    const one = [...emu.db.all('VM')][0]!;
    const value = encodeJsonValue(recordToWire(schema, 'VM', one.record, 'jsonrpc'));
    const ids: [JsonRpcVersion, JsonRpcId][] = [
      ['2.0', 1],
      ['2.0', 1],
      ...Array.from({ length: 20 }, (_, i): [JsonRpcVersion, JsonRpcId] => ['2.0', 100 + i * 977]),
      ['2.0', 'ü-"x"'],
      ['1.0', 7],
      ['1.0', 7],
      ['2.0', -3],
    ];
    for (const [version, id] of ids) {
      const res = await post(
        '/jsonrpc',
        encodeJsonRequest(version, id, 'VM.get_record', [json.ref, one.ref]),
        'application/json',
      );
      const bytes = Buffer.from(await res.arrayBuffer());
      const what = `${version} ${JSON.stringify(id)}`;
      expect(bytes.toString('utf8'), what).toBe(encodeJsonSuccessFragment(version, id, value));
      expect(Number(res.headers.get('content-length')), what).toBe(bytes.length);
      expect((JSON.parse(bytes.toString('utf8')) as { id: unknown }).id, what).toBe(id);
    }
  });

  it('Python xmlrpc.client decodes the chunked answer as our codec does', async () => {
    const script = String.raw`
import json, sys, xmlrpc.client
p = xmlrpc.client.ServerProxy(sys.argv[1])
s = p.session.login_with_password(sys.argv[2], sys.argv[3], "1.0", "cache-test")["Value"]
vms = p.VM.get_all_records(s)["Value"]
keys = ["uuid", "name_label", "power_state", "is_a_template", "VCPUs_max", "memory_static_max", "VBDs"]
print(json.dumps({ref: {k: v[k] for k in keys} for ref, v in vms.items()}, ensure_ascii=False))
`;
    const r = await promisify(execFile)('python3', ['-c', script, emu.url, emu.user, emu.password], {
      encoding: 'utf8',
      timeout: 20_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const py = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
    const ours = decodeResponse(
      new Uint8Array(
        await (await post('/', encodeMethodCall('VM.get_all_records', [xml.ref]), 'text/xml')).arrayBuffer(),
      ),
      { maxBytes: 64 * 1024 * 1024 },
    );
    expect(ours.ok).toBe(true);
    const all = (ours.ok ? ours.value : {}) as Record<string, Record<string, unknown>>;
    expect(Object.keys(py).sort()).toEqual(Object.keys(all).sort());
    expect(Object.keys(py).length).toBe(emu.db.count('VM'));
    for (const [ref, v] of Object.entries(all)) {
      for (const k of Object.keys(py[ref]!)) expect(py[ref]![k], `${ref} ${k}`).toEqual(v[k]);
    }
    expect(Object.values(py).some((v) => v['name_label'] === NAME)).toBe(true);
  });
});

describe('event batches assembled from chunks', () => {
  it('callers woken by one change get the same batch, well-formed in both protocols', async () => {
    const hub = emu.behaviour.events;
    const vm = await makeVm(xml, 'event vm');
    const first = decodeResponse(
      new Uint8Array(
        await (
          await post('/', encodeMethodCall('event.from', [xml.ref, ['vm'], '', 0]), 'text/xml')
        ).arrayBuffer(),
      ),
      { maxBytes: 64 * 1024 * 1024 },
    );
    const token = ((first.ok ? first.value : {}) as Record<string, unknown>)['token'] as string;
    expect(typeof token).toBe('string');

    const waiting = hub.waiting;
    const xmlCall = encodeMethodCall('event.from', [xml.ref, ['vm'], token, 30]);
    const calls = [
      post('/', xmlCall, 'text/xml'),
      post('/', xmlCall, 'text/xml'),
      post(
        '/jsonrpc',
        encodeJsonRequest('2.0', 1, 'event.from', [xml.ref, ['vm'], token, 30]),
        'application/json',
      ),
      post(
        '/jsonrpc',
        encodeJsonRequest('1.0', 'two', 'event.from', [xml.ref, ['vm'], token, 30]),
        'application/json',
      ),
    ];
    const deadline = Date.now() + 10_000;
    while (hub.waiting < waiting + calls.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(hub.waiting).toBe(waiting + calls.length);
    await xml.call('VM.set_name_label', [vm, NAME]);
    const answers = await Promise.all(
      calls.map(async (p) => {
        const res = await p;
        const bytes = Buffer.from(await res.arrayBuffer());
        expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
        return bytes;
      }),
    );
    expect(answers[0]!.equals(answers[1]!)).toBe(true);
    const limits = { maxBytes: 64 * 1024 * 1024 };
    const xmlBatch = decodeResponse(answers[0]!, limits);
    const jsonBatches = [answers[2]!, answers[3]!].map((b) => decodeJsonResponse(b, limits));
    expect(jsonBatches.map((b) => b.id)).toEqual([1, 'two']);
    for (const r of [xmlBatch, ...jsonBatches.map((b) => b.response)]) {
      expect(r.ok).toBe(true);
      const events = ((r.ok ? r.value : {}) as Record<string, unknown>)['events'] as Record<
        string,
        unknown
      >[];
      const mod = events.find((e) => e['ref'] === vm && e['operation'] === 'mod');
      expect((mod?.['snapshot'] as Record<string, unknown> | undefined)?.['name_label']).toBe(NAME);
    }
  });
});
