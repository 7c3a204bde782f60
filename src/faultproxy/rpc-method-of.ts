// The RPC method a request body calls, read cheaply for the proxy's include/exclude filters: the
// XML-RPC <methodName> or the JSON-RPC "method" (SEMANTICS.md §2, §8). "" when it cannot be read.

const METHOD_NAME = /<methodName>\s*([^<]{0,200}?)\s*<\/methodName>/;

export function rpcMethodOf(path: string, body: Uint8Array): string {
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 4096)).toString('utf8');
  if (path.split('?', 1)[0] === '/jsonrpc') {
    try {
      const doc: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
      if (typeof doc === 'object' && doc !== null && 'method' in doc && typeof doc.method === 'string') {
        return doc.method;
      }
    } catch {
      // Not JSON: no method.
    }
    return '';
  }
  return METHOD_NAME.exec(head)?.[1] ?? '';
}
