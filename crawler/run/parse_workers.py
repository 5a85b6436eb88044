"""Article parsing off the reactor thread, in forked worker processes.

Scrapy's reactor is one thread, and on a small machine it is busy downloading; parsing a
news page (lxml, selectors, paragraph walking) and cleaning the text cost about as much again.
Workers forked before the crawl starts inherit the sources' parsers (``spiders.parser``), so a
page travels as (source, url, bytes, encoding) and comes back as a clean ``Article`` with its
near-duplicate fingerprint: no parser is rebuilt or pickled.

Each worker talks over a socket pair that the reactor's asyncio loop reads and writes without
blocking, and without the helper threads of ``concurrent.futures`` (whose wake-up pipe and GIL
hand-offs cost the reactor more than the parsing they moved). Should a worker die, the page is
parsed in the reactor thread instead: slower, never lost.

A page whose parse raises comes back as ``ParseFailed`` naming the exception's class, for the
spider to count (``errors/exception/parse/<Class>``); it is not parsed again here. A parse
longer than ``time_limit`` (``PARSE_TIME_LIMIT``) is stopped in the worker (``ParseTimeout``);
a worker that does not answer even then (stuck in one C call) is killed and replaced.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import pickle
import socket
import threading
import time
from collections import deque

from scrapy.http import HtmlResponse

from crawler import similarity
from crawler.extract.clean import CleaningRules, clean_article
from crawler.extract.markup import readable
from crawler.failures import ParseFailed, ParseTimeout, exception_kind
from crawler.items import Article
from crawler.timelimit import time_limit

# Filled in the parent before the fork; the workers read their inherited copy.
_parsers: dict[str, object] = {}
FLATTENED = "parse/flattened_markup"
_HEADER = 4  # bytes of big-endian length before each pickled message
# Pages queued per worker; more would only wait, holding their bodies in memory.
MAX_PENDING = 4


class ParsePool:
    """``processes`` forked workers that parse and clean pages with the given parsers, each
    page within ``time_limit`` seconds (0: none)."""

    def __init__(self, parsers, processes: int, time_limit: float = 0):
        _parsers.update({parser.name: parser for parser in parsers})
        self.time_limit = time_limit
        self._workers: list[_Worker] = []
        for _ in range(processes):
            self._workers.append(self._fork())

    def _fork(self) -> "_Worker":
        return _Worker([worker.socket for worker in self._workers], self.time_limit)

    async def build_article(self, source: str, response, count=None) -> Article:
        """The page's article: clean, from a worker with room for it; else raw, parsed here
        (the clean pipeline cleans it), which keeps both cores busy and memory flat when
        pages arrive faster than the workers parse them. ``count(stat)`` is told of a page
        whose markup had to be flattened (``parse/flattened_markup``)."""
        count = count or (lambda stat: None)
        live = [worker for worker in self._workers if worker.alive]
        worker = min(live, key=lambda worker: worker.load, default=None)
        if worker and worker.load < MAX_PENDING:
            request = (source, response.url, response.body, response.encoding)
            try:
                article, flattened = await self._call(worker, request)
                if flattened:
                    count(FLATTENED)
                return article
            except WorkerFailed:
                pass  # the worker died: parsed here
        with time_limit(self.time_limit):
            response, flattened = readable(response)
            if flattened:
                count(FLATTENED)
            return _parsers[source].build_article(response)

    async def _call(self, worker: "_Worker", request):
        if not self.time_limit:
            return await worker.call(request)
        # The worker stops a long parse itself; this is for one stuck where no signal reaches
        # it, and allows for the pages queued before this one.
        try:
            return await asyncio.wait_for(worker.call(request),
                                          self.time_limit * (MAX_PENDING + 2))
        except asyncio.TimeoutError:
            if worker not in self._workers:  # replaced: the page it was stuck on timed out
                raise WorkerFailed("the parse worker was replaced") from None
            # The oldest page in the worker times out first: the one it is stuck on. Those
            # queued behind it are parsed here (``died``).
            worker.process.kill()
            worker.stop()
            self._workers[self._workers.index(worker)] = self._fork()
            raise ParseTimeout(self.time_limit) from None

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        _parsers.clear()


class WorkerFailed(Exception):
    pass


class _Worker:
    def __init__(self, inherited: list[socket.socket], limit: float = 0):
        self.socket, theirs = socket.socketpair()
        context = multiprocessing.get_context("fork")
        # The child closes the parent's ends it inherits, its own included: else it would never
        # see the end of its input, and would outlive the crawl.
        self.process = context.Process(target=_serve, daemon=True,
                                       args=(theirs, os.getpid(), [*inherited, self.socket],
                                             limit))
        self.process.start()
        theirs.close()
        self.pending: deque[asyncio.Future] = deque()  # sent, in order, awaiting replies
        self.load = 0  # pages given to this worker and not yet returned
        self.alive = True
        self._transport: asyncio.Transport | None = None
        self._connecting: asyncio.Future | None = None

    async def call(self, request) -> Article:
        loop = asyncio.get_running_loop()
        self.load += 1  # at once, before any await, so that the pool's choice sees it
        try:
            if self._transport is None:
                if self._connecting is None:  # one connection, however many pages wait for it
                    self._connecting = asyncio.ensure_future(
                        loop.create_connection(lambda: _Results(self), sock=self.socket))
                self._transport, _ = await self._connecting
            # Replies come in the order of the writes: append and write with no await between.
            future = loop.create_future()
            self.pending.append(future)
            self._transport.write(_frame(request))  # buffered by the loop: never blocks
            return await future
        finally:
            self.load -= 1

    def deliver(self, ok: bool, value) -> None:
        future = self.pending.popleft()
        if not future.done():
            future.set_result(value) if ok else future.set_exception(ParseFailed(*value))

    def died(self) -> None:
        self.alive = False
        while self.pending:
            future = self.pending.popleft()
            if not future.done():
                future.set_exception(WorkerFailed("the parse worker died"))

    def stop(self) -> None:
        self.alive = False
        self.died()
        if self._transport:
            try:
                self._transport.abort()
            except RuntimeError:
                pass  # its event loop is already closed; the socket is closed below anyway
        self.socket.close()
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()


class _Results(asyncio.Protocol):
    """Length-prefixed replies from a worker, in the order the pages were sent."""

    def __init__(self, worker: _Worker):
        self.worker = worker
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= _HEADER:
            size = int.from_bytes(self.buffer[:_HEADER], "big")
            if len(self.buffer) < _HEADER + size:
                return
            message = pickle.loads(self.buffer[_HEADER:_HEADER + size])
            del self.buffer[:_HEADER + size]
            self.worker.deliver(*message)

    def connection_lost(self, error) -> None:
        self.worker.died()


def _frame(message) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return len(data).to_bytes(_HEADER, "big") + data


def _serve(connection: socket.socket, parent: int, inherited: list[socket.socket],
           limit: float) -> None:
    """The worker: parse each page it is sent, within ``limit`` seconds, until the parent
    closes the socket."""
    for other in inherited:
        other.close()
    _exit_with_parent(parent)
    reader, writer = connection.makefile("rb"), connection.makefile("wb")
    try:
        while header := reader.read(_HEADER):
            source, url, body, encoding = pickle.loads(reader.read(int.from_bytes(header, "big")))
            try:
                with time_limit(limit):
                    reply = (True, _parse_and_clean(_parsers[source], url, body, encoding))
            except Exception as error:  # the page is lost: the parent counts it
                reply = (False, (exception_kind("parse", error), str(error)[:200]))
            writer.write(_frame(reply))
            writer.flush()
    except ConnectionError:
        pass  # the crawl ended with pages still in flight: nobody waits for them


def _parse_and_clean(parser, url: str, body: bytes, encoding: str) -> tuple[Article, bool]:
    """What ``crawler parse`` does to a saved page (the article comes back ``cleaned``, with
    the text's fingerprint on it for dedupe and the store), and whether its markup had to be
    flattened."""
    response, flattened = readable(HtmlResponse(url, body=body, encoding=encoding))
    article = parser.build_article(response)
    clean_article(article, CleaningRules.of(parser))
    article.fingerprint = similarity.fingerprint(article.title, article.body)
    return article, flattened


def _exit_with_parent(parent: int) -> None:
    """A worker ends when its crawl does, even one killed with -9 (cron must not leak)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
