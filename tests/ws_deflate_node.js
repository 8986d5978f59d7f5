// ws_deflate_node.js: node's "ws" with permessage-deflate on (threshold 0:
// every message compressed), for t5005.  NODE_PATH finds the package.
//
//   node ws_deflate_node.js client URL
//       sends text with non-ASCII characters and a binary message,
//       checks each echo; prints "ext E" (ws.extensions), "text ok|bad",
//       "binary ok|bad", "closed CODE"
//   node ws_deflate_node.js lines URL FILE
//       sends each line of FILE as a text message, all at once, counts
//       the echoes (each checked), closes with 1000; prints "echoed K of
//       N" (bench/ws_deflate.sh's node client)
//   node ws_deflate_node.js serve [--keep] [JSON]
//       an echo server on 127.0.0.1 port 0 (says "listening on 127.0.0.1
//       port N" on stderr), its perMessageDeflate options JSON; prints
//       "offer O", "ext E", then "echoed N", "wire IN OUT" (the bytes
//       its socket read and wrote) and "closed CODE"; one connection
//       unless --keep
//   node ws_deflate_node.js sink DEFLATE OUT
//       a server on 127.0.0.1 port 0 ("listening on ..." on stderr) for
//       one connection, perMessageDeflate as node's default with DEFLATE
//       "on" (threshold 1 KiB, zlib's default level), none with "off":
//       writes the payload of each message to OUT; at the close prints
//       "got N bytes in M messages, wire W" (the bytes its socket read)
//       and exits (bench/ws_bulk.sh)
//   node ws_deflate_node.js sendfile DEFLATE URL PATH CHUNK
//       sends PATH in binary messages of CHUNK bytes, then closes with
//       1000 and exits once the server's Close came
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

function lines(url, file) {
    const want = require('fs').readFileSync(file, 'utf8').split('\n');
    if (want[want.length - 1] === '')
        want.pop();
    const ws = new WebSocket(url, { perMessageDeflate: { threshold: 0 },
        maxPayload: 0 });
    let n = 0, good = 0;
    ws.on('open', () => { for (const l of want) ws.send(l); });
    ws.on('message', (d) => {
        good += d.toString() === want[n] ? 1 : 0;
        if (++n === want.length)
            ws.close(1000);
    });
    ws.on('close', () => {
        say('echoed ' + good + ' of ' + want.length);
        process.exit(good === want.length ? 0 : 1);
    });
    ws.on('error', (e) => { say('error ' + e.message); process.exit(1); });
}

function serve(opts, keep) {
    const o = Object.assign({ threshold: 0 }, opts);
    const wss = new WebSocket.Server({ host: '127.0.0.1', port: 0,
        perMessageDeflate: o });
    wss.on('listening', () => process.stderr.write(
        'listening on 127.0.0.1 port ' + wss.address().port + '\n'));
    wss.on('connection', (ws, req) => {
        const sock = req.socket;
        let n = 0;
        say('offer ' + req.headers['sec-websocket-extensions']);
        say('ext ' + ws.extensions);
        ws.on('message', (d, isBinary) => {
            n++;
            ws.send(d, { binary: isBinary });
        });
        ws.on('close', (code) => {
            say('echoed ' + n);
            say('wire ' + sock.bytesRead + ' ' + sock.bytesWritten);
            say('closed ' + code);
            if (!keep)
                process.exit(0);
        });
    });
}

function sink(deflate, out) {
    const wss = new WebSocket.Server({ host: '127.0.0.1', port: 0,
        perMessageDeflate: deflate === 'on', maxPayload: 0 });
    const fd = require('fs').openSync(out, 'w');
    wss.on('listening', () => process.stderr.write(
        'listening on 127.0.0.1 port ' + wss.address().port + '\n'));
    wss.on('connection', (ws, req) => {
        let n = 0, m = 0;
        ws.on('message', (d) => {
            require('fs').writeSync(fd, d);
            n += d.length;
            m++;
        });
        ws.on('close', () => {
            say('got ' + n + ' bytes in ' + m + ' messages, wire ' +
                req.socket.bytesRead);
            process.exit(0);
        });
    });
}

function sendfile(deflate, url, path, chunk) {
    const data = require('fs').readFileSync(path);
    const ws = new WebSocket(url, { perMessageDeflate: deflate === 'on',
        maxPayload: 0 });
    ws.on('open', () => {
        for (let i = 0; i < data.length; i += chunk)
            ws.send(data.subarray(i, i + chunk), { binary: true });
        ws.close(1000);
    });
    ws.on('close', () => process.exit(0));
    ws.on('error', (e) => { say('error ' + e.message); process.exit(1); });
}

const a = process.argv.slice(2);
if (a[0] === 'client')
    client(a[1]);
else if (a[0] === 'lines')
    lines(a[1], a[2]);
else if (a[0] === 'sink')
    sink(a[1], a[2]);
else if (a[0] === 'sendfile')
    sendfile(a[1], a[2], a[3], Number(a[4]));
else {
    const keep = a[1] === '--keep';
    const o = a[keep ? 2 : 1];
    serve(o ? JSON.parse(o) : {}, keep);
}
