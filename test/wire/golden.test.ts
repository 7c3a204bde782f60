// Golden fixtures of xapi messages written from SEMANTICS.md (§2 envelope and values, §5 task
// result, §6 event.from, §8 JSON-RPC): our encoder must produce them byte for byte and our decoder
// must read them back. vm-record-response.xml was written by an independent writer (make-golden.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeJsonResponse,
  decodeResponse,
  decodeValue,
  encodeJsonResponse,
  encodeResponse,
  encodeSuccessFragment,
  encodeValue,
} from '../../src/wire/index.ts';
import { VM_RECORD, VM_RECORD_REF } from '../fixtures/wire/vm-record.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/wire/${name}`, import.meta.url), 'utf8');

/** The failure every failure fixture carries, in XML-RPC and both JSON-RPC versions. */
const BAD_POWER_STATE = {
  ok: false,
  code: 'VM_BAD_POWER_STATE',
  params: [VM_RECORD_REF, 'halted', 'running'],
} as const;

describe('XML-RPC golden fixtures', () => {
  it('encodes a full VM record response byte for byte and decodes it back', () => {
    const golden = fixture('vm-record-response.xml');
    expect(encodeResponse({ ok: true, value: VM_RECORD })).toBe(golden);
    expect(decodeResponse(golden)).toEqual({ ok: true, value: VM_RECORD });
  });

  it('splices a cached record fragment into the same bytes', () => {
    const golden = fixture('vm-record-response.xml');
    expect(encodeSuccessFragment(encodeValue(VM_RECORD))).toBe(golden);
  });

  it('encodes and decodes the VM_BAD_POWER_STATE failure', () => {
    const golden = fixture('failure-response.xml');
    expect(encodeResponse(BAD_POWER_STATE)).toBe(golden);
    expect(decodeResponse(golden)).toEqual(BAD_POWER_STATE);
  });

  it('decodes an event.from batch, Int32 counts as <i4>, and re-encodes it identically', () => {
    const golden = fixture('event-from-response.xml');
    const r = decodeResponse(golden);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const batch = r.value as Record<string, unknown>;
    expect(batch['token']).toBe('00000000000000001187,00000000000000000012');
    expect(batch['valid_ref_counts']).toEqual({ task: 3n });
    const events = batch['events'] as Record<string, unknown>[];
    expect(events).toHaveLength(1);
    const snapshot = events[0]?.['snapshot'] as Record<string, unknown>;
    expect(snapshot['created']).toEqual(new Date('2025-03-19T04:16:24Z'));
    expect(snapshot['progress']).toBe(1);
    expect(snapshot['result']).toBe('<value>OpaqueRef:5b0e9d4c-8a1f-4c3e-b2d7-6e9f0a1b2c3d</value>');
    // The task result is itself an XML-RPC value fragment (SEMANTICS.md §5).
    expect(decodeValue(snapshot['result'] as string)).toBe('OpaqueRef:5b0e9d4c-8a1f-4c3e-b2d7-6e9f0a1b2c3d');
    expect(encodeResponse(r)).toBe(golden);
  });

  it('reads a task result <value> fragment, and the void result', () => {
    expect(decodeValue(fixture('task-result.xml'))).toBe('OpaqueRef:5b0e9d4c-8a1f-4c3e-b2d7-6e9f0a1b2c3d');
    expect(encodeValue('OpaqueRef:5b0e9d4c-8a1f-4c3e-b2d7-6e9f0a1b2c3d')).toBe(fixture('task-result.xml'));
    expect(decodeValue('<value></value>')).toBe('');
    expect(decodeValue('<value/>')).toBe('');
  });

  it('emits no whitespace between elements', () => {
    for (const body of [encodeResponse({ ok: true, value: VM_RECORD }), fixture('event-from-response.xml')]) {
      expect(body).not.toMatch(/>\s+</);
    }
  });
});

describe('JSON-RPC golden fixtures', () => {
  // Each fixture read back and written byte for byte in its version (SEMANTICS.md §8).
  it.each([
    ['v1 failure', 'failure-response.v1.json', '1.0', 1, BAD_POWER_STATE],
    [
      'v2 failure: code 1, message = the error code, data = its params',
      'failure-response.v2.json',
      '2.0',
      'req-7',
      BAD_POWER_STATE,
    ],
    [
      'v2 success',
      'task-ref-response.v2.json',
      '2.0',
      42,
      { ok: true, value: 'OpaqueRef:5b0e9d4c-8a1f-4c3e-b2d7-6e9f0a1b2c3d' },
    ],
  ] as const)('%s', (_title, file, version, id, response) => {
    const golden = fixture(file);
    expect(encodeJsonResponse(version, id, response)).toBe(golden);
    expect(decodeJsonResponse(golden)).toEqual({ id, version, response });
  });
});
