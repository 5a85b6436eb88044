"""A forwarding HTTP proxy on 127.0.0.1 that counts what passes through it.

It forwards only to 127.0.0.1 (anything else gets a 403), so a test can check that a crawl's
requests went through the proxy it was given without any traffic leaving the machine.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class LocalProxy:
    def __init__(self):
        self.forwarded: list[str] = []  # the absolute URLs asked for
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if urlsplit(self.path).hostname != "127.0.0.1":
                    self.send_error(403, "this proxy forwards to 127.0.0.1 only")
                    return
                proxy.forwarded.append(self.path)
                request = urllib.request.Request(self.path, headers={
                    name: value for name, value in self.headers.items()
                    if name.lower() not in ("host", "proxy-connection", "connection")})
                opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
                try:
                    answer = opener.open(request, timeout=10)
                    status, headers, body = answer.status, answer.headers, answer.read()
                except urllib.error.HTTPError as error:
                    status, headers, body = error.code, error.headers, error.read()
                self.send_response(status)
                for name, value in headers.items():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LocalProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
