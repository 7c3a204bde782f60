// Valid XML that other clients and servers produce and the decoder must accept: pretty whitespace,
// comments, CDATA, self-closing elements, whitespace inside tags, declarations, entities, CRLF.
import { describe, expect, it } from 'vitest';
import { decodeMethodCall, decodeResponse, decodeValue } from '../../src/wire/index.ts';

describe('accepted XML forms', () => {
  it('pretty-printed call with comments, a declaration with encoding and a PI', () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a client comment -->
<?client-hint x?>
<methodCall>
  <methodName>VM.start</methodName>
  <params>
    <param>
      <value><string>OpaqueRef:s</string></value>
    </param>
    <!-- between params -->
    <param>
      <value>
        <boolean>0</boolean>
      </value>
    </param>
    <param><value><i4> 42 </i4></value></param>
  </params>
</methodCall>
`;
    expect(decodeMethodCall(body)).toEqual({ method: 'VM.start', params: ['OpaqueRef:s', false, 42n] });
  });

  it('a call without <params> and with empty <params/>', () => {
    expect(decodeMethodCall('<methodCall><methodName>system.listMethods</methodName></methodCall>')).toEqual({
      method: 'system.listMethods',
      params: [],
    });
    expect(decodeMethodCall('<methodCall><methodName>x</methodName><params/></methodCall>').params).toEqual(
      [],
    );
  });

  it('self-closing and spaced tags', () => {
    expect(decodeValue('<value/>')).toBe('');
    expect(decodeValue('<value><string/></value>')).toBe('');
    expect(decodeValue('<value><array/></value>')).toEqual([]);
    expect(decodeValue('<value><array><data/></array></value>')).toEqual([]);
    expect(decodeValue('<value><struct/></value>')).toEqual({});
    expect(decodeValue('<value ><string >x</string ></value >')).toBe('x');
  });

  it('CDATA and comments inside text, entities and character references', () => {
    expect(decodeValue('<value>a<![CDATA[<b>&c]]>d<!-- gone -->e</value>')).toBe('a<b>&cde');
    expect(decodeValue('<value>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;&#13;</value>')).toBe(
      `<>&"'AB😀\r`,
    );
  });

  it('whitespace-only text is a string value; whitespace around a typed value is not', () => {
    expect(decodeValue('<value>   </value>')).toBe('   ');
    expect(decodeValue('<value>\n  <int>7</int>\n</value>')).toBe(7n);
  });

  it('CRLF and lone CR line ends read as LF (XML 1.0 §2.11); &#13; stays CR', () => {
    expect(decodeValue('<value>a\r\nb\rc&#13;</value>')).toBe('a\nb\nc\r');
  });

  it('dates in xapi basic form, extended form, with offsets and fractions', () => {
    const d = new Date('2025-03-19T04:16:24Z');
    for (const text of [
      '20250319T04:16:24Z',
      '20250319T04:16:24',
      '2025-03-19T04:16:24Z',
      '20250319T041624Z',
      '2025-03-19T05:16:24+01:00',
      '2025-03-19T00:16:24-0400',
    ]) {
      expect(decodeValue(`<value><dateTime.iso8601>${text}</dateTime.iso8601></value>`)).toEqual(d);
    }
    expect(
      decodeValue('<value><dateTime.iso8601>2025-03-19T04:16:24.250Z</dateTime.iso8601></value>'),
    ).toEqual(new Date('2025-03-19T04:16:24.250Z'));
    expect(decodeValue('<value><dateTime.iso8601>00010101T00:00:00Z</dateTime.iso8601></value>')).toEqual(
      new Date('0001-01-01T00:00:00Z'),
    );
  });

  it('doubles in the forms OCaml and Python print', () => {
    const got = ['1', '-0', '1.5', '1e+16', '1E-5', '.5', '5.', 'nan', 'inf', '-inf', 'Infinity'].map((t) =>
      decodeValue(`<value><double>${t}</double></value>`),
    );
    expect(got).toEqual([1, -0, 1.5, 1e16, 1e-5, 0.5, 5, NaN, Infinity, -Infinity, Infinity]);
  });

  it('base64 decodes to a UTF-8 string, line breaks allowed', () => {
    expect(decodeValue('<value><base64>aMOpbGxv\nIHdvcmxk</base64></value>')).toBe('héllo world');
  });

  it('a pretty response with a fault struct in any member order', () => {
    const body = `<?xml version='1.0'?>
<methodResponse>
<fault>
<value><struct>
<member><name>faultString</name><value><string>no such method</string></value></member>
<member><name>faultCode</name><value><int>-32601</int></value></member>
</struct></value>
</fault>
</methodResponse>`;
    expect(decodeResponse(body)).toEqual({
      ok: false,
      code: 'XMLRPC_FAULT',
      params: ['-32601', 'no such method'],
    });
  });
});
