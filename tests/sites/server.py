"""A static fixture site on 127.0.0.1, with the misbehaviours tests need.

Files under the site folder are served by path (``/a/b`` is ``a/b``, ``a/b.html`` or
``a/b/index.html``). ``routes`` overrides paths: a status with an optional body and headers,
or a redirect. Every request is counted by path, so tests can assert what was downloaded.
"""

from __future__ import annotations

import mimetypes
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> "Route":
        return cls(status, b"", {"Location": location})


class FixtureSite:
    def __init__(self, root: Path, routes: dict[str, Route] | None = None):
        self.root = Path(root)
        self.routes = routes or {}
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = urlsplit(self.path).path
                site.hits[path] += 1
                route = site.routes.get(path) or site._file_route(path)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _file_route(self, path: str) -> Route:
        relative = path.lstrip("/")
        for candidate in (relative, f"{relative}.html", f"{relative}/index.html"):
            file = self.root / candidate
            if candidate and file.is_file() and self.root in file.resolve().parents:
                kind = mimetypes.guess_type(file.name)[0] or "text/html"
                if kind.startswith("text/") or kind.endswith("xml"):
                    kind += "; charset=utf-8"
                return Route(200, file.read_bytes(), {"Content-Type": kind})
        return Route(404, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"})

    def __enter__(self) -> "FixtureSite":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
