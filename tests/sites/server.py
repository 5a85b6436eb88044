"""A static fixture site on 127.0.0.1, with the misbehaviours tests need.

Files under the site folder are served by path (``/a/b`` is ``a/b``, ``a/b.html`` or
``a/b/index.html``). ``routes`` overrides paths: a status with an optional body and headers,
or a redirect, optionally late, held back or cut short (HTTP/1.0: the connection closes after
each response); a list of routes is served one per request, the last one from then on.
``delay`` slows every response. Every request is counted (and timed) by path, so tests can
assert what was downloaded, and when.
"""

from __future__ import annotations

import mimetypes
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the response starts
    truncate_at: int | None = None  # send only this many bytes of the body, then hang up
    hold: threading.Event | None = None  # respond only once the test sets it (or after 60 s)

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> "Route":
        return cls(status, b"", {"Location": location})


class FixtureSite:
    def __init__(self, root: Path, routes: dict[str, Route | list[Route]] | None = None,
                 delay: float = 0.0):
        self.root = Path(root)
        self.routes = routes or {}
        self.delay = delay
        self.hits: Counter[str] = Counter()
        self.hit_times: defaultdict[str, list[float]] = defaultdict(list)  # time.monotonic()
        self.user_agents: set[str] = set()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = urlsplit(self.path).path
                site.hits[path] += 1
                site.hit_times[path].append(time.monotonic())
                site.user_agents.add(self.headers.get("User-Agent", ""))
                route = site._route(path)
                time.sleep(site.delay + route.delay)
                if route.hold:
                    route.hold.wait(60)
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body[:route.truncate_at])

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _route(self, path: str) -> Route:
        route = self.routes.get(path)
        if isinstance(route, list):  # one per request, then the last one for good
            return route[min(self.hits[path], len(route)) - 1]
        return route or self._file_route(path)

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

    def request_times(self) -> list[float]:
        """When each request came, every path together, in order."""
        return sorted(moment for times in self.hit_times.values() for moment in times)

    def __enter__(self) -> "FixtureSite":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietServer(ThreadingHTTPServer):
    # The default backlog of 5 resets connections when a crawl opens 16 at once, and the
    # retries that causes would use up the retries a test counts on.
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # A client hanging up early (a size limit, a timeout, a killed crawl) is expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
