"""Downloader middlewares that keep a crawl safe for the machine it runs on and polite to sites.

``SafeTargetsMiddleware`` refuses, before any connection is made, a request or a redirect:
  - to a scheme other than http(s) (``file://``, ``ftp://`` …): ``unsafe_scheme``;
  - to a private, loopback, link-local or otherwise non-public address (a page or a redirect
    must not reach the cloud metadata service or the intranet behind the cron box):
    ``private_address`` — unless the source's own ``base_url`` is on such an address (a
    mirror on the intranet, the tests' sites on 127.0.0.1);
  - back to a URL already in its redirect chain: ``redirect_loop``.
``RetryAfterMiddleware`` makes Scrapy's RetryMiddleware wait before it retries a 429 or 5xx.

The host's addresses are looked up once per run with the system resolver. (Scrapy resolves
again when it connects, so a name whose DNS answer changes in between is not caught.)
"""

from __future__ import annotations

import asyncio
import socket
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from ipaddress import IPv4Address, IPv6Address, ip_address
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import NotConfigured
from w3lib.url import safe_url_string

from crawler.failures import Refused
from crawler.urls import host_of

SAFE_SCHEMES = ("http", "https")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class SafeTargetsMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self._addresses: dict[str, list[IPv4Address | IPv6Address]] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request):
        reason = await self.refusal(request.url)
        if reason:
            raise self._refuse(reason, request.url)
        return None

    async def process_response(self, request, response):
        location = response.headers.get(b"Location")
        if (response.status not in REDIRECT_STATUSES or not location
                or request.meta.get("dont_redirect")):  # the spider reads the redirect itself
            return response
        target = urljoin(request.url, safe_url_string(location))
        if target in (*request.meta.get("redirect_urls", ()), request.url):
            raise self._refuse("redirect_loop", request.url)
        reason = await self.refusal(target)
        if reason:
            raise self._refuse(reason, f"{request.url} -> {target}")
        return response

    async def refusal(self, url: str) -> str | None:
        """Why ``url`` must not be fetched, or None."""
        if urlsplit(url).scheme not in SAFE_SCHEMES:
            return "unsafe_scheme"
        if await self._source_is_private():
            return None
        addresses = await self.addresses_of(host_of(url))
        return "private_address" if any(not _is_public(a) for a in addresses) else None

    async def addresses_of(self, host: str) -> list[IPv4Address | IPv6Address]:
        """The addresses ``host`` stands for; none when it does not resolve (the download then
        fails with Scrapy's own DNS error)."""
        if host not in self._addresses:
            self._addresses[host] = await _resolve(host)
        return self._addresses[host]

    async def _source_is_private(self) -> bool:
        base_url = getattr(self.crawler.spider, "base_url", None)
        return bool(base_url) and any(not _is_public(address)
                                      for address in await self.addresses_of(host_of(base_url)))

    def _refuse(self, reason: str, url: str) -> Refused:
        self.crawler.stats.inc_value(f"refused/{reason}")
        self.crawler.spider.logger.warning("refused (%s): %s", reason, url)
        return Refused(reason, url)


class RetryAfterMiddleware:
    """Wait before a retry: as long as the response's ``Retry-After`` says, up to
    ``RETRY_AFTER_MAX`` seconds — a longer wait is not retried in this run at all (the next
    run comes sooner) — and without the header ``RETRY_BACKOFF_BASE`` seconds, doubled on
    every retry. The wait holds only this request; the rest of the crawl goes on.

    It sits outside RetryMiddleware (550) so it sees the response before the retry is made.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        self.crawler = crawler
        self.retry_codes = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        self.max_retries = settings.getint("RETRY_TIMES")
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX")
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_response(self, request, response):
        retries = request.meta.get("retry_times", 0)
        if (response.status not in self.retry_codes or request.meta.get("dont_retry")
                or retries >= request.meta.get("max_retry_times", self.max_retries)):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is not None and wait > self.max_wait:
            self.crawler.stats.inc_value("retry/retry_after_too_long")
            request.meta["dont_retry"] = True
            return response
        if wait is None:
            wait = min(self.backoff_base * 2 ** retries, self.max_wait)
        self.crawler.stats.inc_value("retry/waited_seconds", wait)
        await asyncio.sleep(wait)
        return response


def retry_after_seconds(value: bytes | None) -> float | None:
    """``Retry-After`` in seconds: a number of seconds or an HTTP date; None when absent or
    unreadable."""
    text = value.decode("latin-1").strip() if value else ""
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:  # "-0000": UTC, by RFC 5322
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())


async def _resolve(host: str) -> list[IPv4Address | IPv6Address]:
    try:
        return [ip_address(host)]
    except ValueError:
        pass
    if host == "localhost" or host.endswith(".localhost"):  # RFC 6761: always loopback
        return [ip_address("127.0.0.1")]
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return []
    return [ip_address(info[4][0].split("%")[0]) for info in infos]


def _is_public(address: IPv4Address | IPv6Address) -> bool:
    if isinstance(address, IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global
