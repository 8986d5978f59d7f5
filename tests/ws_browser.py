#!/usr/bin/python3
# ws_browser.py WSURL...: a page for a browser (t5005's headless Chromium)
# that opens each WSURL in turn, sends text with non-ASCII characters and
# a binary message, checks their echoes, and posts what it found (the
# echoes and ws.extensions) back here, a report for each.  One browser
# for several listeners: a Chromium start is seconds of CPU.  Serves
# the page on 127.0.0.1 port 0 (says "listening on 127.0.0.1 port N" on
# stderr), prints each report on a line of stdout, in the order of the
# URLs, and exits once all came.
import http.server
import json
import sys

PAGE = """<!doctype html><meta charset="utf-8"><title>ws</title><script>
const text = "h\\u00e9llo w\\u00f6rld \\u2713 \\u{1F600} ".repeat(200);
const bin = new Uint8Array(3000).map((_, i) => i % 251);
function one(url) {
  return new Promise((done) => {
    const r = {ext: null, text: false, binary: false, err: ""};
    try {
      const ws = new WebSocket(url);
      ws.binaryType = "arraybuffer";
      let n = 0;
      ws.onopen = () => { r.ext = ws.extensions; ws.send(text); };
      ws.onmessage = (e) => {
        if (n++ === 0) {
          const t = typeof e.data === "string" ? e.data :
              new TextDecoder().decode(e.data);
          r.text = t === text;
          ws.send(bin);
        } else {
          const b = new Uint8Array(e.data);
          r.binary = b.length === bin.length &&
              b.every((v, i) => v === bin[i]);
          ws.close(1000);
        }
      };
      ws.onclose = (e) => { r.close = e.code; done(r); };
      ws.onerror = () => { r.err = "error"; };
    } catch (e) { r.err = String(e); done(r); }
  });
}
(async () => {
  for (const url of WSURLS) {
    const r = await one(url);
    await fetch("/report", {method: "POST", body: JSON.stringify(r)});
  }
})();
</script>"""


class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGE.replace("WSURLS", json.dumps(sys.argv[1:])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        sys.stdout.write(self.rfile.read(n).decode() + "\n")
        sys.stdout.flush()
        self.send_response(204)
        self.end_headers()
        self.server.left -= 1

    def log_message(self, *a):
        pass


s = http.server.HTTPServer(("127.0.0.1", 0), H)
s.left = len(sys.argv) - 1
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.server_address[1])
sys.stderr.flush()
while s.left > 0:
    s.handle_request()
