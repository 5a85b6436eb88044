"""A small mirror of each source's discovery declaration, and one crawl of them all.

``source_mirror`` builds the routes of one source's mirror: each of its feeds (RSS) and
sitemaps (a urlset) lists one article URL, each section page links to it, and the article
path serves the source's fixture page. Paths on the source's other hosts (a feed host) are
served here too: the spider fetches them from its ``base_url``.

``python -m tests.sites.mirrors JOB.json`` crawls every source named in the job, each from
its own mirror (``{"db": path, "base_urls": {source: url}, "settings": {...}}``), in one
Scrapy process with the project's pipelines and run records, as a crawl of several sources
does; one process for them all because starting one per source would be most of the test.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from tests.sites.server import Route


def discovery_urls(spider) -> list[str]:
    """The absolute URLs of the feeds, sitemaps and section pages a normal run starts from."""
    return [path if "://" in path else spider.origin + path
            for path in (*spider.feeds, *spider.sitemaps, *spider.sections)]


def source_mirror(spider, article_url: str, page: bytes) -> dict[str, Route]:
    """Routes (path -> Route) of the mirror of ``spider``'s site listing ``article_url``."""
    now = datetime.now(timezone.utc)
    link = escape(article_url)
    feed = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>mirror</title>'
            f"<item><title>story</title><link>{link}</link>"
            f"<pubDate>{format_datetime(now)}</pubDate></item></channel></rss>").encode()
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               f"<url><loc>{link}</loc><lastmod>{now:%Y-%m-%dT%H:%M:%SZ}</lastmod></url>"
               "</urlset>").encode()
    section = f'<html><body><a href="{link}">story</a></body></html>'.encode()
    xml, html = {"Content-Type": "application/xml"}, {"Content-Type": "text/html; charset=utf-8"}
    routes = {}
    for paths, body, headers in ((spider.feeds, feed, xml), (spider.sitemaps, sitemap, xml),
                                 (spider.sections, section, html)):
        for path in paths:
            routes[urlsplit(path).path] = Route(200, body, headers)
    routes[urlsplit(article_url).path] = Route(200, page, html)
    return routes


def crawl_mirrors(job: dict) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.run.startup import import_http_handler
    from crawler.sources import spider_class

    settings = get_project_settings()
    settings.set("CRAWLER_DB", job["db"], priority="cmdline")
    for name, value in job.get("settings", {}).items():
        settings.set(name, value, priority="cmdline")
    import_http_handler()
    process = CrawlerProcess(settings)
    for source, base_url in job["base_urls"].items():
        process.crawl(spider_class(source), base_url=base_url)
    process.start()


if __name__ == "__main__":
    crawl_mirrors(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
