"""Canonical article URLs: one article, one key, wherever and however it was linked."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

TRACKING_PARAMS = re.compile(
    r"^(utm_[a-z_]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|"
    r"_ga|_gl|ocid|cmp|cmpid|ito|at_medium|at_campaign|at_custom\d*|ns_mchannel|ns_source|"
    r"ns_campaign|ns_linkname|ns_fee|smid|share|ref|referrer|rss|xtor|taid|__twitter_impression|"
    r"amp)$",  # not tracking, but the switch to a page's AMP variant: ?amp, ?amp=1
    re.IGNORECASE,
)
_AMP_PATH = re.compile(r"(/amp(?=/|$)|\.amp(?=\.html?$|$)|/amp\.html$)", re.IGNORECASE)
_MOBILE_HOST = re.compile(r"^(m|mobile|amp)\.", re.IGNORECASE)
DEFAULT_PORTS = {"http": 80, "https": 443}


def strip_tracking(url: str) -> str:
    split = urlsplit(url)
    if not split.query:
        return url
    names = [pair.split("=", 1)[0] for pair in split.query.split("&") if pair]
    tracking = [name for name in names if TRACKING_PARAMS.match(name)]
    if not tracking:
        return url
    return url_query_cleaner(url, tracking, remove=True, keep_fragments=True)


def canonical_url(url: str, origin: str | None = None, hosts: tuple[str, ...] = ()) -> str:
    """The key an article is stored under.

    Tracking parameters, fragments, AMP and mobile variants, trailing slashes, the scheme's
    default port (``:443``, ``:80``) and a host's trailing dot go; query parameters are sorted
    (w3lib). When the URL's host is one of ``hosts`` (a source's aliases, its mirror, a local
    test server), scheme and host become ``origin``'s.
    """
    url = canonicalize_url(strip_tracking(url.strip()), keep_fragments=False)
    split = urlsplit(url)
    host = (split.hostname or "").lower().rstrip(".")
    scheme, netloc = split.scheme, _netloc(split)
    if origin and (host in hosts or netloc in hosts):
        origin_split = urlsplit(origin)
        scheme, netloc = origin_split.scheme, origin_split.netloc
    elif _MOBILE_HOST.match(netloc) and "." in netloc[netloc.index(".") + 1:]:
        netloc = "www." + netloc.split(".", 1)[1]
    path = _AMP_PATH.sub("", split.path)
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((scheme, netloc, path or "/", split.query, ""))


def _netloc(split) -> str:
    """``host[:port]``, lower-cased, without a trailing dot or the scheme's default port."""
    netloc = split.netloc.lower()
    try:
        port = split.port
    except ValueError:  # not a number: left as it came
        return netloc
    host = (split.hostname or "").rstrip(".")
    if ":" in host:  # IPv6
        host = f"[{host}]"
    userinfo = netloc.rpartition("@")[0]
    if port is not None and port != DEFAULT_PORTS.get(split.scheme):
        host = f"{host}:{port}"
    return f"{userinfo}@{host}" if userinfo else host


def is_http_url(url: str) -> bool:
    """An http(s) URL with a host (a malformed one, such as ``http://[::1``, is not)."""
    try:
        split = urlsplit(url)
        return split.scheme in ("http", "https") and bool(split.hostname)
    except ValueError:
        return False


def host_of(url: str) -> str:
    """The URL's host, lower-cased, without a trailing dot; "" when it has none or is no URL
    ("http://[::1")."""
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def origin_of(url: str) -> str:
    split = urlsplit(url)
    return f"{split.scheme}://{split.netloc}"


def replace_origin(url: str, origin: str) -> str:
    """The same path and query on another origin (``scheme://host[:port]``)."""
    split, target = urlsplit(url), urlsplit(origin)
    return urlunsplit((target.scheme, target.netloc, split.path, split.query, split.fragment))
