"""The crawl benchmark's reference: Scrapy downloading every article and doing nothing else.

``python benchmarks/bare_spider.py SITEMAP_INDEX_URL`` walks the sitemap index, its urlsets
and every article URL, drops each response unread, and prints one JSON line of counts.

It runs with the crawler's own Scrapy settings (``benchmarks.local_settings``: concurrency,
autothrottle, retries, robots.txt...) minus the project's components (pipelines, the
stored-article middleware, the run recorder): whatever the crawler does beyond this is the
cost of its own work, which is what the benchmark's ratio shows.
"""

from __future__ import annotations

import json
import os
import sys

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from scrapy.utils.sitemap import Sitemap

PROJECT_SETTINGS = "benchmarks.local_settings"  # fast values for the mirror on 127.0.0.1
COMPONENT_SETTINGS = ("ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES", "EXTENSIONS")
# Settings that decide how fast pages come in; the benchmark prints them for the record.
THROUGHPUT_SETTINGS = (
    "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN", "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED", "AUTOTHROTTLE_TARGET_CONCURRENCY", "ROBOTSTXT_OBEY",
)


# The project's stand-ins for Scrapy's own components: the reference keeps them, or it would
# run without what they replace (the autothrottle).
SCRAPY_STAND_INS = {"crawler.fetch.throttle.AutoThrottle"}


def _kept_in_reference(component) -> bool:
    name = component if isinstance(component, str) else (
        f"{component.__module__}.{component.__qualname__}")
    return name.startswith("scrapy.") or name in SCRAPY_STAND_INS


def reference_settings() -> tuple[Settings, list[str]]:
    """The crawler's Scrapy settings without the project's own components.

    Returns the settings and notes on what was left out (or why the defaults are used).
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", PROJECT_SETTINGS)
    notes = []
    try:
        settings = get_project_settings()
    except ImportError as error:
        settings = Settings()
        notes.append(f"{os.environ['SCRAPY_SETTINGS_MODULE']} not importable ({error}): "
                     "Scrapy's defaults")
    for name in COMPONENT_SETTINGS:
        components = settings.getdict(name)
        project_own = [str(path) for path in components if not _kept_in_reference(path)]
        if project_own:
            kept = {path: order for path, order in components.items() if _kept_in_reference(path)}
            settings.set(name, kept, priority="cmdline")
            notes.append(f"without {', '.join(project_own)}")
    # The project's resolver (crawler.fetch.safe_targets.SafeResolver) is one of its components
    # too: it would refuse the mirror on 127.0.0.1, which no source of the reference names.
    if not _kept_in_reference(settings.get("TWISTED_DNS_RESOLVER")):
        notes.append(f"without {settings.get('TWISTED_DNS_RESOLVER')}")
        settings.set("TWISTED_DNS_RESOLVER", "scrapy.resolver.CachingThreadedResolver",
                     priority="cmdline")
    # The reference must not import the project's spiders, only run its own.
    settings.set("SPIDER_MODULES", [], priority="cmdline")
    # Like the crawler's --quiet: no per-request log lines to format.
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    return settings, notes


def throughput_summary(settings: Settings) -> str:
    return ", ".join(f"{name}={settings.get(name)}" for name in THROUGHPUT_SETTINGS)


class BareSitemapSpider(Spider):
    """Sitemap index → monthly urlsets → every article, each response dropped unread."""

    name = "bare"

    def __init__(self, sitemap_url: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sitemap_url = sitemap_url
        self.pages = 0
        self.sitemaps = 0

    async def start(self):
        yield Request(self.sitemap_url, callback=self.parse_sitemap)

    def parse_sitemap(self, response):
        self.sitemaps += 1
        sitemap = Sitemap(response.body)
        follow = self.parse_sitemap if sitemap.type == "sitemapindex" else self.parse_article
        for entry in sitemap:
            yield Request(entry["loc"], callback=follow)

    def parse_article(self, response):
        self.pages += 1


def crawl(sitemap_url: str) -> dict:
    settings, _ = reference_settings()
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSitemapSpider)
    process.crawl(crawler, sitemap_url=sitemap_url)
    process.start()
    stats = crawler.stats.get_stats()
    spider = crawler.spider
    return {
        "pages": spider.pages,
        "sitemaps": spider.sitemaps,
        "responses": stats.get("downloader/response_count", 0),
        "errors": stats.get("log_count/ERROR", 0),
        "finish_reason": stats.get("finish_reason"),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: bare_spider.py SITEMAP_INDEX_URL", file=sys.stderr)
        return 2
    print(json.dumps(crawl(argv[0])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
