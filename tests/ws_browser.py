#!/usr/bin/python3
# ws_browser.py WSURL: a page for a browser (t5005's headless Chromium)
# that opens WSURL, sends text with non-ASCII characters and a binary
# message, checks their echoes, and posts what it found (the echoes and
# ws.extensions) back here.  Serves the page on 127.0.0.1 port 0 (says
# "listening on 127.0.0.1 port N" on stderr), prints the report on stdout
# and exits once it came.
import http.server
import sys

PAGE = """<!doctype html><meta charset="utf-8"><title>ws</title><script>
const text = "h\\u00e9llo w\\u00f6rld \\u2713 \\u{1F600} ".repeat(200);
const bin = new Uint8Array(3000).map((_, i) => i % 251);
const r = {ext: null, text: false, binary: false, err: ""};
function report() {
  fetch("/report", {method: "POST", body: JSON.stringify(r)});
}
try {
  const ws = new WebSocket("WSURL");
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
      r.binary = b.length === bin.length && b.every((v, i) => v === bin[i]);
      ws.close(1000);
    }
  };
  ws.onclose = (e) => { r.close = e.code; report(); };
  ws.onerror = () => { r.err = "error"; };
} catch (e) { r.err = String(e); report(); }
</script>"""


class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGE.replace("WSURL", sys.argv[1]).encode()
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
        self.server.done = True

    def log_message(self, *a):
        pass


s = http.server.HTTPServer(("127.0.0.1", 0), H)
s.done = False
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.server_address[1])
sys.stderr.flush()
while not s.done:
    s.handle_request()
