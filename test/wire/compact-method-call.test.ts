// The compact fast path of decodeMethodCall (src/wire/compact-method-call.ts) must answer exactly as the
// general reader does, or leave the document to it: checked against the general reader on the same call
// made non-compact by a comment (which only the general reader accepts), for generated names and strings
// that include what the fast path must not take (entities, markup characters, controls, CR, U+FFFE).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compactMethodCall } from '../../src/wire/compact-method-call.ts';
import { resolveLimits } from '../../src/wire/decode-limits.ts';
import { decodeMethodCall, encodeMethodCall, isWireError } from '../../src/wire/index.ts';

const LIMITS = resolveLimits(undefined);

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

interface Shape {
  readonly decl: boolean;
  readonly method: string;
  readonly params: readonly { readonly text: string; readonly typed: boolean }[] | undefined;
}

/** The call as text; `gap` goes after <methodCall> (a comment there sends it to the general reader). */
function render(c: Shape, gap: string): string {
  const params =
    c.params === undefined
      ? ''
      : '<params>' +
        c.params
          .map((p) =>
            p.typed
              ? `<param><value><string>${escapeText(p.text)}</string></value></param>`
              : `<param><value>${escapeText(p.text)}</value></param>`,
          )
          .join('') +
        '</params>';
  return `${c.decl ? '<?xml version="1.0"?>' : ''}<methodCall>${gap}<methodName>${escapeText(c.method)}</methodName>${params}</methodCall>`;
}

function outcome(body: Uint8Array): unknown {
  try {
    return decodeMethodCall(body);
  } catch (err) {
    // The offset differs by the gap's length; the code is what the emulator's answer depends on.
    return isWireError(err) ? { error: err.code } : { thrown: String(err) };
  }
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      'Z',
      '0',
      ':',
      '-',
      ' ',
      '&',
      '<',
      '>',
      '\r',
      '\n',
      '\t',
      '\u0001',
      '\ufffe',
      'é',
    ),
    maxLength: 8,
  }),
  fc.constant('OpaqueRef:8cebc8c2-3cc2-4855-a5c6-7a31a335190a'),
);
const shape: fc.Arbitrary<Shape> = fc.record({
  decl: fc.boolean(),
  method: text,
  params: fc.option(fc.array(fc.record({ text, typed: fc.boolean() }), { maxLength: 4 }), { nil: undefined }),
});

describe('compactMethodCall', () => {
  test.prop([shape], { numRuns: 400 })('agrees with the general reader or leaves the call to it', (c) => {
    const compact = Buffer.from(render(c, ''));
    const general = Buffer.from(render(c, '<!---->'));
    const expected = outcome(general);
    expect(outcome(compact)).toEqual(expected);
    const fast = compactMethodCall(compact, LIMITS);
    if (fast !== undefined) expect(fast).toEqual(expected);
  });

  it('takes what xapi clients and our encoder send', () => {
    const ours = encodeMethodCall('VM.get_record', ['OpaqueRef:s', 'OpaqueRef:v']);
    expect(compactMethodCall(Buffer.from(ours), LIMITS)).toEqual({
      method: 'VM.get_record',
      params: ['OpaqueRef:s', 'OpaqueRef:v'],
    });
    const typed =
      '<methodCall><methodName>session.logout</methodName><params><param><value><string>OpaqueRef:s</string></value></param></params></methodCall>';
    expect(compactMethodCall(Buffer.from(typed), LIMITS)).toEqual({
      method: 'session.logout',
      params: ['OpaqueRef:s'],
    });
    const bare = '<methodCall><methodName>system.listMethods</methodName></methodCall>';
    expect(compactMethodCall(Buffer.from(bare), LIMITS)).toEqual({
      method: 'system.listMethods',
      params: [],
    });
    const none =
      '<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>x</methodName><params></params></methodCall>';
    expect(compactMethodCall(Buffer.from(none), LIMITS)).toEqual({ method: 'x', params: [] });
    const empty =
      '<methodCall><methodName>x</methodName><params><param><value></value></param></params></methodCall>';
    expect(compactMethodCall(Buffer.from(empty), LIMITS)).toEqual({ method: 'x', params: [''] });
  });

  it('leaves every other shape to the general reader', () => {
    const call = (params: string) =>
      `<methodCall><methodName>VM.start</methodName><params>${params}</params></methodCall>`;
    for (const body of [
      call('<param><value><boolean>1</boolean></value></param>'),
      call('<param><value><i4>1</i4></value></param>'),
      call('<param><value><array><data/></array></value></param>'),
      call('<param><value>a&amp;b</value></param>'),
      call('<param><value><![CDATA[x]]></value></param>'),
      call('<param><value>a\r\nb</value></param>'),
      call('<param>\n<value>x</value></param>'),
      call('<param><value/></param>'),
      '<methodCall><methodName></methodName></methodCall>',
      '<methodCall><methodName>x</methodName></methodCall> ',
      '<methodCall><methodName>x</methodName><params/></methodCall>',
      '<?xml version="1.0"?>\n<methodCall><methodName>x</methodName></methodCall>',
    ]) {
      expect(compactMethodCall(Buffer.from(body), LIMITS)).toBeUndefined();
    }
  });

  it('honours the value limits as the general reader does', () => {
    const body = encodeMethodCall('x', ['a', 'b']);
    expect(compactMethodCall(Buffer.from(body), { ...LIMITS, maxValues: 1 })).toBeUndefined();
    expect(() => decodeMethodCall(Buffer.from(body), { maxValues: 1 })).toThrow(/TOO_MANY_VALUES/);
    expect(compactMethodCall(Buffer.from(body), { ...LIMITS, maxDepth: 0 })).toBeUndefined();
  });

  it('reads a long run of parameters within the body limit, and leaves a larger body to the general reader', () => {
    const body = Buffer.from(
      encodeMethodCall(
        'x',
        Array.from({ length: 5_000 }, (_, i) => `${i}s`),
      ),
    );
    expect(compactMethodCall(body, LIMITS)?.params).toHaveLength(5_000);
    expect(compactMethodCall(body, { ...LIMITS, maxBytes: body.length - 1 })).toBeUndefined();
    expect(() => decodeMethodCall(body, { maxBytes: body.length - 1 })).toThrow(/TOO_LARGE/);
  });
});
