// ws_node.js: WebSocket peers built on node's "ws" package, for the t50xx
// scripts and bench/ws.sh.  The scripts find the package through
// NODE_PATH ($SOCKT_NODE_PATH, else `npm root -g`) and skip without it.
//
//   node ws_node.js serve [--keep] [--tls CERT KEY] echo
//       an echo server (text back as text, binary as binary) on
//       127.0.0.1 port 0; says "listening on 127.0.0.1 port N" on stderr;
//       prints "closed CODE REASON" (the client's close) on stdout for
//       each connection; exits after the first unless --keep
//   node ws_node.js serve [--keep] send CODE REASON MSG...
//       sends each MSG as a text message, then closes with CODE REASON
//   node ws_node.js client [--cafile F] URL lines N
//       sends N text messages "line I" at once, then counts the echoes
//       (each checked), closes with 1000; prints "echoed K of N in MS ms"
//   node ws_node.js client [--cafile F] URL text MSG...
//       sends each MSG, prints each message received as "text:S" or
//       "binary:LEN:HEX" until as many came back, then closes
//   node ws_node.js client URL binfile PATH CHUNK OUT
//       sends PATH in binary messages of CHUNK bytes, writes the
//       payloads that come back to OUT until as many bytes came; prints
//       "binary N bytes back in M messages"
//   node ws_node.js client URL wait
//       prints the messages it gets until the server closes
// Every client prints "closed CODE REASON" last: the code and reason the
// server's Close frame carried (1005 none, 1006 no Close at all).
'use strict';
const fs = require('fs');
const https = require('https');
const WebSocket = require('ws');

const say = (s) => process.stdout.write(s + '\n');
const show = (data, isBinary) => isBinary
    ? 'binary:' + data.length + ':' + (data.length <= 64 ? data.toString('hex') : '...')
    : 'text:' + data.toString().replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function serve(argv) {
    let keep = false, tls = null;
    while (argv.length && argv[0].startsWith('--')) {
        const o = argv.shift();
        if (o === '--keep') keep = true;
        else if (o === '--tls') tls = [argv.shift(), argv.shift()];
        else throw new Error('unknown option ' + o);
    }
    const mode = argv.shift();
    let wss, httpsServer = null;
    if (tls) {
        httpsServer = https.createServer({ cert: fs.readFileSync(tls[0]),
                                           key: fs.readFileSync(tls[1]) });
        wss = new WebSocket.Server({ server: httpsServer, maxPayload: 0 });
    } else {
        wss = new WebSocket.Server({ host: '127.0.0.1', port: 0, maxPayload: 0 });
    }
    wss.on('connection', (ws) => {
        ws.on('close', (code, reason) => {
            say('closed ' + code + ' ' + reason.toString());
            if (!keep) process.exit(0);
        });
        if (mode === 'echo') {
            ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
        } else if (mode === 'send') {
            const code = Number(argv[0]), reason = argv[1];
            for (const m of argv.slice(2)) ws.send(m);
            ws.close(code, reason);
        }
    });
    const announce = (port) =>
        process.stderr.write('ws_node: listening on 127.0.0.1 port ' + port + '\n');
    if (httpsServer)
        httpsServer.listen(0, '127.0.0.1', () => announce(httpsServer.address().port));
    else
        wss.on('listening', () => announce(wss.address().port));
}

function client(argv) {
    const opts = { perMessageDeflate: false, maxPayload: 0 };
    while (argv.length && argv[0].startsWith('--')) {
        const o = argv.shift();
        if (o === '--cafile') opts.ca = fs.readFileSync(argv.shift());
        else throw new Error('unknown option ' + o);
    }
    const url = argv.shift(), mode = argv.shift();
    const ws = new WebSocket(url, opts);
    ws.on('error', (e) => { say('error ' + e.message); process.exitCode = 3; });
    ws.on('unexpected-response', (req, res) => {
        say('handshake failed: ' + res.statusCode);
        process.exit(3);
    });
    ws.on('close', (code, reason) => say('closed ' + code + ' ' + reason.toString()));
    if (mode === 'lines') {
        const n = Number(argv[0]);
        let k = 0, bad = 0, t0;
        ws.on('open', () => {
            t0 = process.hrtime.bigint();
            for (let i = 0; i < n; i++) ws.send('line ' + i);
        });
        ws.on('message', (data, isBinary) => {
            if (isBinary || data.toString() !== 'line ' + k) bad++;
            if (++k === n) {
                const ms = Number(process.hrtime.bigint() - t0) / 1e6;
                say('echoed ' + (k - bad) + ' of ' + n + ' in ' + ms.toFixed(1) + ' ms');
                ws.close(1000);
            }
        });
    } else if (mode === 'text') {
        let k = 0;
        ws.on('open', () => { for (const m of argv) ws.send(m); });
        ws.on('message', (data, isBinary) => {
            say(show(data, isBinary));
            if (++k === argv.length) ws.close(1000);
        });
    } else if (mode === 'binfile') {
        const data = fs.readFileSync(argv[0]), chunk = Number(argv[1]);
        const out = fs.openSync(argv[2], 'w');
        let got = 0, m = 0;
        ws.on('open', () => {
            for (let i = 0; i < data.length; i += chunk)
                ws.send(data.subarray(i, i + chunk), { binary: true });
        });
        ws.on('message', (d) => {
            fs.writeSync(out, d);
            got += d.length;
            m++;
            if (got >= data.length) {
                say('binary ' + got + ' bytes back in ' + m + ' messages');
                ws.close(1000);
            }
        });
    } else if (mode === 'wait') {
        ws.on('message', (data, isBinary) => say(show(data, isBinary)));
    } else {
        throw new Error('unknown mode ' + mode);
    }
}

const argv = process.argv.slice(2);
const cmd = argv.shift();
if (cmd === 'serve') serve(argv);
else if (cmd === 'client') client(argv);
else { process.stderr.write('usage: ws_node.js serve|client ...\n'); process.exit(2); }
