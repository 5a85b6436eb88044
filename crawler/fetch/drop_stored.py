"""Spider middleware: requests for stored articles never reach the scheduler, nor any request
once the article budget is spent.

Whether an article is stored, and why that is checked twice: ``crawler.fetch.stored``. The
budget (``MAX_ARTICLES``, the CLI's ``--max-articles``) applies to discovery here: once the
spider has yielded as many article requests (not stored) as the budget allows, the callback
is read no further (stat ``discovery/stopped_by_max_articles``), so a sitemap of 200,000 URLs
does not fill the scheduler with requests that would never be sent. The downloads themselves
are counted in ``crawler.fetch.budget``.

Settings read: ``MAX_ARTICLES``, and those of ``crawler.fetch.stored``.
"""

from __future__ import annotations

from crawler.fetch.stored import StoredArticles


class DropStoredArticlesMiddleware:
    """Spider middleware: requests for stored articles never reach the scheduler, nor
    any request once the article budget (``MAX_ARTICLES``) is spent."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stored = StoredArticles(crawler)
        self.requests_left = crawler.settings.getint("MAX_ARTICLES") or None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_output(self, response, result):
        for entry in result:
            if self._stored(entry):
                continue
            if self._spent(entry):
                return
            yield entry

    async def process_spider_output_async(self, response, result):
        async for entry in result:
            if self._stored(entry):
                continue
            if self._spent(entry):
                return
            yield entry

    def _spent(self, entry) -> bool:
        """Whether ``entry`` is a request after the budget is spent: the callback is read no
        further (an article page yields only its item, which always passes)."""
        if self.requests_left is None or getattr(entry, "meta", None) is None:
            return False
        if self.requests_left <= 0:
            self.crawler.stats.inc_value("discovery/stopped_by_max_articles")
            return True
        if entry.meta.get("article"):
            self.requests_left -= 1
        return False

    def _stored(self, entry) -> bool:
        meta = getattr(entry, "meta", None)  # requests have it; articles do not
        return bool(meta and meta.get("article") and meta.get("canonical")
                    and self.stored.need_no_download(meta["canonical"]))
