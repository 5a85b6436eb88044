"""The run record: one row in ``runs`` per source per crawl, with an honest status.

Statuses: ``ok``; ``degraded`` when too many article pages lack a title, body or date, or had
their title or body only from a fallback (metadata, generic extraction) because the source's
selectors did not recognise their layout (a redesigned site), or when a limit on hostile input
was hit (``errors/limit/<name>``: a sitemap too large, too deep, too long, with a DTD; too many
sitemaps); ``failed`` when no start page could be fetched, nothing could be parsed, or the
crawl was stopped before it finished. The reason names the field; an ok run whose pages needed
the fallback names it too.
"""

from __future__ import annotations

from scrapy import signals

from crawler.extract.dates import now_utc
from crawler.items import HEALTH_FIELDS
from crawler.store import store_for

FINISHED_REASONS = ("finished", "closespider_itemcount")


class RunRecorder:
    def __init__(self, crawler):
        self.crawler = crawler
        self.health_threshold = crawler.settings.getfloat("HEALTH_MISSING_SHARE", 0.2)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        options = {"base_url": getattr(spider, "base_url", None),
                   "since": self.crawler.settings.get("CRAWL_SINCE")}
        self.run_id = store_for(self.crawler).start_run(spider.name, now_utc(), options)

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        record = summarize(stats, reason, self.health_threshold)
        record["finished_at"] = now_utc()
        self.crawler.run_record = {"source": spider.name, **record}
        store = store_for(self.crawler)
        store.finish_run(self.run_id, record)
        store.close()


def summarize(stats: dict, close_reason: str, health_threshold: float = 0.2) -> dict:
    """The run record of a finished crawl, from its Scrapy stats."""
    dropped = _prefixed(stats, "dropped/")
    errors = _prefixed(stats, "errors/")
    record = {
        "pages_fetched": stats.get("response_received_count", 0),
        "articles_new": stats.get("articles/new", 0),
        "articles_updated": stats.get("articles/updated", 0),
        "articles_unchanged": stats.get("articles/unchanged", 0),
        "articles_dropped": sum(dropped.values()),
        "dropped": dropped,
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }
    record["status"], record["reason"] = _status(stats, close_reason, errors, health_threshold)
    return record


def _status(stats, close_reason, errors, health_threshold) -> tuple[str, str | None]:
    discovered = sum(v for k, v in stats.items() if k.startswith("discovery/")
                     and k != "discovery/failed")
    fetched = stats.get("articles/fetched", 0)
    parsed = stats.get("parsed/articles", 0)
    valid = parsed - sum(stats.get(f"parsed/missing_{name}", 0) for name in ("url", "title", "body"))
    if close_reason not in FINISHED_REASONS:
        return "failed", f"crawl stopped before it finished ({close_reason})"
    if errors.get("store_failed"):
        return "failed", (f"{errors['store_failed']} articles could not be written "
                          f"({stats.get('store/last_error')}); the next run fetches them again")
    # A feed URL that answers with an HTML page (or garbage) was fetched but gave nothing.
    readable = discovered - errors.get("invalid_feed", 0)
    unreadable = sum(errors.get(kind, 0) for kind in ("invalid_feed", "invalid_sitemap"))
    if readable <= 0 and not fetched and unreadable:
        return "failed", (f"no feed, sitemap or section could be read: {unreadable} fetched, "
                          f"not a feed or sitemap ({_top(errors)})")
    if not discovered and not fetched:
        return "failed", f"no start page could be fetched ({_top(errors) or 'no response'})"
    if fetched and valid <= 0:
        return "failed", f"nothing parsed: {fetched} article pages, none with a title and body"
    if parsed:
        missing = {name: stats.get(f"parsed/missing_{name}", 0) / parsed for name in HEALTH_FIELDS}
        worst = max(missing, key=missing.get)
        if missing[worst] > health_threshold:
            return "degraded", (f"parser health: {missing[worst]:.0%} of {parsed} article pages "
                                f"had no {worst}")
    limits = {kind: count for kind, count in errors.items() if kind.startswith("limit/")}
    if limits:  # what lay past the limit was not read: the run is not the whole story
        return "degraded", f"limits hit: {_top(limits)}"
    fallbacks = _prefixed(stats, "parser/fallback/")
    if parsed and fallbacks:
        worst = max(fallbacks, key=fallbacks.get)
        fields = ", ".join(f"{name} on {count}" for name, count in fallbacks.items())
        reason = (f"parser health: layout not recognised, fallback for {fields} "
                  f"of {parsed} article pages")
        return ("degraded" if fallbacks[worst] / parsed > health_threshold else "ok"), reason
    return "ok", None


def _prefixed(stats: dict, prefix: str) -> dict[str, int]:
    return {key[len(prefix):]: value for key, value in sorted(stats.items()) if key.startswith(prefix)}


def _top(errors: dict[str, int]) -> str:
    return ", ".join(f"{kind} ×{count}" for kind, count in sorted(errors.items(), key=lambda kv: -kv[1])[:3])
