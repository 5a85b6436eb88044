"""Downloader middleware: a crawl stays off the machine it runs on and the network behind it.

``SafeTargetsMiddleware`` refuses, before any connection is made, a request or a redirect:
  - to a scheme other than http(s) (``file://``, ``ftp://`` …): ``unsafe_scheme``;
  - to a private, loopback, link-local or otherwise non-public address (a page or a redirect
    must not reach the cloud metadata service, a local Redis or the intranet behind the cron
    box): ``private_address`` — whatever the source, unless it is the source's own address and
    port (its ``base_url``: a mirror on the intranet, the tests' sites on 127.0.0.1);
  - back to a URL already in its redirect chain: ``redirect_loop``.
``SafeResolver`` (``TWISTED_DNS_RESOLVER``) checks again where Scrapy resolves a name to
connect: a name whose answer is non-public is refused (``private_address``) unless a running
source's ``base_url`` names it, so a name that answered a public address to the middleware
and a private one at connection time (DNS rebinding) is refused too. (Addresses written as
such are never resolved: the middleware's check is theirs.)

Settings read: none of its own (``TWISTED_DNS_RESOLVER`` names the resolver; a spider's
``base_url`` is its own address).
"""

from __future__ import annotations

import asyncio
import socket
from ipaddress import IPv4Address, IPv6Address, ip_address
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import CannotResolveHostError
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError
from w3lib.url import safe_url_string

from crawler.failures import Refused
from crawler.urls import DEFAULT_PORTS, host_of

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

    def process_exception(self, request, exception):
        """A lookup the resolver refused is counted as what it is, and not retried."""
        refused = getattr(getattr(self._reactor(), "resolver", None), "refused", {})
        host = host_of(request.url)
        if isinstance(exception, (DNSLookupError, CannotResolveHostError)) and host in refused:
            raise self._refuse("private_address", f"{request.url} ({host} is {refused[host]})")
        return None

    @staticmethod
    def _reactor():
        from twisted.internet import reactor  # the one installed by the crawl

        return reactor

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
        addresses = await self.addresses_of(host_of(url))
        if all(_is_public(address) for address in addresses):
            return None
        own = await self._own_addresses()
        if _port_of(url) == own[1] and set(addresses) <= set(own[0]):
            return None  # the source's own server, as its base_url names it
        return "private_address"

    async def addresses_of(self, host: str) -> list[IPv4Address | IPv6Address]:
        """The addresses ``host`` stands for; none when it does not resolve (the download then
        fails with Scrapy's own DNS error)."""
        if host not in self._addresses:
            self._addresses[host] = await _resolve(host)
        return self._addresses[host]

    async def _own_addresses(self) -> tuple[list[IPv4Address | IPv6Address], int | None]:
        """The addresses and port of the source's own server (its ``base_url``)."""
        base_url = getattr(self.crawler.spider, "base_url", None)
        if not base_url:
            return [], None
        return await self.addresses_of(host_of(base_url)), _port_of(base_url)

    def _refuse(self, reason: str, url: str) -> Refused:
        self.crawler.stats.inc_value(f"refused/{reason}")
        self.crawler.spider.logger.warning("refused (%s): %s", reason, url)
        return Refused(reason, url)


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


class SafeResolver(CachingThreadedResolver):
    """Scrapy's resolver, refusing a non-public answer for a name no running source's
    ``base_url`` names (see the module docstring). The refusal is a ``DNSLookupError`` (what
    Twisted expects of a resolver); the middleware, seeing the name in ``refused``, counts the
    failed download as ``private_address``. No connection is attempted."""

    def __init__(self, reactor, cache_size: int, timeout: float, process=None):
        super().__init__(reactor, cache_size, timeout)
        self.process = process  # the CrawlerProcess: its crawlers' spiders name their hosts
        self.refused: dict[str, str] = {}  # name -> the private address it resolved to

    @classmethod
    def from_crawler(cls, crawler, reactor):
        resolver = super().from_crawler(crawler, reactor)
        resolver.process = crawler
        return resolver

    def getHostByName(self, name: str, timeout=()):
        return super().getHostByName(name, timeout).addCallback(self._checked, name)

    def _checked(self, address: str, name: str) -> str:
        try:
            public = _is_public(ip_address(address))
        except ValueError:
            public = False
        if not public and name.lower() not in self.own_hosts():
            self.refused[name.lower()] = address
            raise DNSLookupError(f"private_address: {name} resolves to {address}")
        return address

    def own_hosts(self) -> set[str]:
        crawlers = getattr(self.process, "crawlers", ())
        return {host_of(base_url) for crawler in crawlers
                if (base_url := getattr(getattr(crawler, "spider", None), "base_url", None))}


def _port_of(url: str) -> int | None:
    split = urlsplit(url)
    try:
        return split.port or DEFAULT_PORTS.get(split.scheme)
    except ValueError:  # a port that is no number
        return None


def _is_public(address: IPv4Address | IPv6Address) -> bool:
    if isinstance(address, IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global
