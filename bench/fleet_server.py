#!/usr/bin/env python3
"""HTTPS on N loopback ports (one process, a thread per connection): the fleet bench's targets. Every answer is
200 with a typical set of security headers. Usage: fleet_server.py CERT KEY PORT..."""
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):
        body = b"<!doctype html><title>ok</title>ok"
        self.send_response(200)
        for k, v in [("Content-Type", "text/html; charset=utf-8"),
                     ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
                     ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
                     ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                     ("Referrer-Policy", "no-referrer")]:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(port, ctx):
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.serve_forever()


ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
for p in sys.argv[3:]:
    threading.Thread(target=serve, args=(int(p), ctx), daemon=True).start()
threading.Event().wait()
