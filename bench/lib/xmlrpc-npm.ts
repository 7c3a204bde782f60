// Typed, synchronous access to the `xmlrpc` npm package's codec (lib/serializer.js and
// lib/deserializer.js, which ship without type declarations), for the cross-check test and the
// codec benchmark. Its deserializer reads a stream through sax; sax emits synchronously on write
// and end, so a minimal stream that writes the whole body in pipe() makes decoding synchronous and
// measurable without event-loop noise.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface NpmSerializer {
  serializeMethodCall(method: string, params: readonly unknown[]): string;
  serializeMethodResponse(result: unknown): string;
  serializeFault(fault: unknown): string;
}

interface SaxSink {
  write(chunk: string): void;
  end(): void;
}

interface BodyStream {
  setEncoding(encoding: string): void;
  on(event: string, listener: () => void): void;
  pipe(parser: SaxSink): void;
}

interface NpmDeserializer {
  deserializeMethodResponse(
    stream: BodyStream,
    cb: (err: Error | null | undefined, result?: unknown) => void,
  ): void;
  deserializeMethodCall(
    stream: BodyStream,
    cb: (err: Error | null | undefined, method?: string, params?: unknown[]) => void,
  ): void;
}

interface NpmDateFormatter {
  setOpts(opts: {
    colons?: boolean;
    hyphens?: boolean;
    local?: boolean;
    ms?: boolean;
    offset?: boolean;
  }): void;
}

const serializer = require('xmlrpc/lib/serializer.js') as NpmSerializer;
const Deserializer = require('xmlrpc/lib/deserializer.js') as new (encoding?: string) => NpmDeserializer;
const dateFormatter = require('xmlrpc/lib/date_formatter.js') as NpmDateFormatter;

// Its default encodes dates in local time without an offset; make it UTC with 'Z' so results do
// not depend on the machine's time zone.
dateFormatter.setOpts({ local: false });

function bodyStream(xml: string): BodyStream {
  return {
    setEncoding: () => undefined,
    on: () => undefined,
    pipe: (parser) => {
      parser.write(xml);
      parser.end();
    },
  };
}

export function npmEncodeMethodCall(method: string, params: readonly unknown[]): string {
  return serializer.serializeMethodCall(method, params);
}

export function npmEncodeResponse(value: unknown): string {
  return serializer.serializeMethodResponse(value);
}

export function npmEncodeFault(code: number, message: string): string {
  return serializer.serializeFault({ faultCode: code, faultString: message });
}

/** Decodes a methodResponse; throws what the package reports (faults included). */
export function npmDecodeResponse(xml: string): unknown {
  let out: { err: Error | null | undefined; value: unknown } | undefined;
  new Deserializer().deserializeMethodResponse(bodyStream(xml), (err, value) => {
    out ??= { err, value };
  });
  if (out === undefined) throw new Error('xmlrpc deserializer did not finish synchronously');
  if (out.err) throw out.err;
  return out.value;
}

export function npmDecodeMethodCall(xml: string): { method: string; params: unknown[] } {
  let out:
    { err: Error | null | undefined; method: string | undefined; params: unknown[] | undefined } | undefined;
  new Deserializer().deserializeMethodCall(bodyStream(xml), (err, method, params) => {
    out ??= { err, method, params };
  });
  if (out === undefined) throw new Error('xmlrpc deserializer did not finish synchronously');
  if (out.err) throw out.err;
  return { method: out.method ?? '', params: out.params ?? [] };
}
