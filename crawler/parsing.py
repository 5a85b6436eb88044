"""Parse saved pages exactly as a crawl would: the source's parser, then the clean step."""

from __future__ import annotations

import gzip
from pathlib import Path

from scrapy.http import HtmlResponse

from crawler.extract.clean import CleaningRules, clean_article
from crawler.extract.markup import readable
from crawler.items import Article, missing_fields
from crawler.sources import parser_for
from crawler.urls import host_of


def read_page(path: str | Path) -> bytes:
    data = Path(path).read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def parse_page(body: bytes, url: str | None = None, source: str | None = None) -> Article:
    """The cleaned article of one page. Without ``source``, generic extraction is used;
    without ``url``, the page's canonical link (or a placeholder) stands in."""
    response = HtmlResponse(url or "http://localhost/", body=body)
    url = url or _declared_url(response) or "http://localhost/"
    response = response.replace(url=url)
    if source:
        parser = parser_for(source)
        return clean_article(parser.build_article(readable(response)[0]), CleaningRules.of(parser))
    from crawler.extract.generic import extract_article  # trafilatura: slow to import

    fields = extract_article(body, url)
    article = Article(source="generic", url=fields.get("canonical_url") or url,
                      **{name: value for name, value in fields.items()
                         if name in Article.__dataclass_fields__ and name not in ("source", "url")})
    return clean_article(article)


def problems(article: Article) -> list[str]:
    return [f"missing_{name}" for name in missing_fields(article)]


def _declared_url(response: HtmlResponse) -> str | None:
    """The page's canonical link or og:url, when it is a URL with a host."""
    for url in (response.css("link[rel=canonical]::attr(href)").get(),
                response.css("meta[property='og:url']::attr(content)").get()):
        if url and host_of(url.strip()):
            return url.strip()
    return None
