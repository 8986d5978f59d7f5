// ws_deflate_node.js: node's "ws" with permessage-deflate on (threshold 0:
// every message compressed), for t5005.  NODE_PATH finds the package.
//
//   node ws_deflate_node.js client URL
//       sends text with non-ASCII characters and a binary message,
//       checks each echo; prints "ext E" (ws.extensions), "text ok|bad",
//       "binary ok|bad", "closed CODE"
//   node ws_deflate_node.js serve [JSON]
//       an echo server on 127.0.0.1 port 0 (says "listening on 127.0.0.1
//       port N" on stderr), its perMessageDeflate options JSON; prints
//       "offer O", "ext E", then "echoed N" and "closed CODE"; one
//       connection
'use strict';
const WebSocket = require('ws');
const say = (s) => process.stdout.write(s + '\n');
const text = 'h\u00e9llo w\u00f6rld \u2713 \u{1F600} '.repeat(300);
const bin = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));

function client(url) {
    const ws = new WebSocket(url, { perMessageDeflate: { threshold: 0 } });
    let n = 0;
    ws.on('open', () => { say('ext ' + ws.extensions); ws.send(text); });
    ws.on('message', (d, isBinary) => {
        if (n++ === 0) {
            say('text ' + (d.toString() === text ? 'ok' : 'bad'));
            ws.send(bin);
        } else {
            say('binary ' + (isBinary && Buffer.compare(d, bin) === 0 ?
                'ok' : 'bad'));
            ws.close(1000);
        }
    });
    ws.on('close', (code) => { say('closed ' + code); process.exit(0); });
    ws.on('error', (e) => { say('error ' + e.message); process.exit(1); });
}

function serve(opts) {
    const o = Object.assign({ threshold: 0 }, opts);
    const wss = new WebSocket.Server({ host: '127.0.0.1', port: 0,
        perMessageDeflate: o });
    wss.on('listening', () => process.stderr.write(
        'listening on 127.0.0.1 port ' + wss.address().port + '\n'));
    wss.on('connection', (ws, req) => {
        let n = 0;
        say('offer ' + req.headers['sec-websocket-extensions']);
        say('ext ' + ws.extensions);
        ws.on('message', (d, isBinary) => {
            n++;
            ws.send(d, { binary: isBinary });
        });
        ws.on('close', (code) => {
            say('echoed ' + n);
            say('closed ' + code);
            process.exit(0);
        });
    });
}

const a = process.argv.slice(2);
if (a[0] === 'client')
    client(a[1]);
else
    serve(a[1] ? JSON.parse(a[1]) : {});
