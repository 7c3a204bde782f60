// The JSON-RPC id handling of the benches' bare servers (emulator.bench.ts, emulator-fanout.ts), as plain
// JavaScript for their `node -e` scripts: a bare server answers each request with the emulator's recorded
// bytes and the request's own id in place of the recorded one, as any JSON-RPC server must (the bare servers
// used to answer id 1 to every request: less work than the emulator does, and a wrong answer). One copy, so
// both benches compare the emulator with the same work.
export const JSON_ID_SPLICE = `
// A recorded JSON-RPC answer, which ends with its id ("id":1}), split there: undefined without an id.
function splitAtId(bytes) {
  const at = bytes.lastIndexOf('"id":');
  return at < 0 ? undefined : { head: bytes.subarray(0, at + 5), tail: bytes.subarray(bytes.indexOf('}', at)) };
}
// The id at the end of a JSON-RPC request (a number or a plain string) as bytes; undefined without one.
function requestId(text) {
  const m = /"id":(-?\\d+|"[^"\\\\]*")\\s*}\\s*$/.exec(text);
  return m === null ? undefined : Buffer.from(m[1], 'latin1');
}
// The recorded answer with the request's id: the bytes the emulator answers, with its headers.
function writeWithId(res, type, split, id) {
  res.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*', 'content-length': split.head.length + id.length + split.tail.length });
  res.write(split.head);
  res.write(id);
  res.end(split.tail);
}
`;
