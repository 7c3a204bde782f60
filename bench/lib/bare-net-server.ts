// A second bare baseline for the emulator bench: the same recorded answers as emulator.bench.ts's bare
// node:http server, served straight from node:net sockets (a head read up to its blank line, Content-Length
// honoured, the answer with node's header layout in one write). The emulator serves its common requests
// this way too (src/emulator/server/fast-connection.ts), so its ratio to the node:http server no longer
// says how much of a call's cost is the emulator's own work: the ratio to this server does. Shown beside
// the targets, not judged against them (issue 16 sets them against a bare node:http server).
import { JSON_ID_SPLICE } from './json-id-splice.ts';

export const BARE_NET_SERVER = `
const net = require('node:net');
const fs = require('node:fs');
${JSON_ID_SPLICE}
const answers = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
// The Date header, formatted once a second as node:http does.
let second = 0;
let date = '';
const headOf = (type, length) => {
  const now = Math.floor(Date.now() / 1000);
  if (now !== second) { second = now; date = new Date(now * 1000).toUTCString(); }
  return 'HTTP/1.1 200 OK\\r\\ncontent-type: ' + type + '\\r\\naccess-control-allow-origin: *\\r\\ncontent-length: ' +
    length + '\\r\\nDate: ' + date + '\\r\\nConnection: keep-alive\\r\\nKeep-Alive: timeout=30\\r\\n\\r\\n';
};
const byKey = Object.fromEntries(
  Object.entries(answers).map(([k, v]) => {
    const bytes = Buffer.from(v.text, 'utf8');
    return [k, { bytes, type: v.type, split: k.startsWith('jsonrpc ') ? splitAtId(bytes) : undefined }];
  }),
);
function answer(socket, head, body) {
  const text = body.toString('utf8');
  const json = / \\/jsonrpc /.test(head.slice(0, 64));
  const m = (json ? /"method":"([^"]*)"/ : /<methodName>([^<]*)<\\/methodName>/).exec(text);
  const out = byKey[(json ? 'jsonrpc ' : '') + (m ? m[1] : '')] || byKey['default'];
  const id = out.split === undefined ? undefined : requestId(text);
  // Corked: the head and the body pieces leave in one writev.
  socket.cork();
  if (id === undefined) {
    socket.write(headOf(out.type, out.bytes.length), 'latin1');
    socket.write(out.bytes);
  } else {
    socket.write(headOf(out.type, out.split.head.length + id.length + out.split.tail.length), 'latin1');
    socket.write(out.split.head);
    socket.write(id);
    socket.write(out.split.tail);
  }
  socket.uncork();
}
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let pending;
  socket.on('data', (c) => {
    let b = pending === undefined ? c : Buffer.concat([pending, c]);
    for (;;) {
      const end = b.indexOf('\\r\\n\\r\\n');
      if (end < 0) break;
      const head = b.latin1Slice(0, end);
      const m = /\\r\\ncontent-length: *(\\d+)/i.exec(head);
      const bodyEnd = end + 4 + (m === null ? 0 : Number(m[1]));
      if (b.length < bodyEnd) break;
      answer(socket, head, b.subarray(end + 4, bodyEnd));
      b = b.subarray(bodyEnd);
    }
    pending = b.length === 0 ? undefined : b;
  });
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => console.log('listening http://127.0.0.1:' + server.address().port));
`;
