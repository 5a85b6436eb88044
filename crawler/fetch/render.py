"""Article pages rendered by a headless Chromium, for sources that fill them with JavaScript.

Some outlets send an empty shell that a script fills. A source that says ``render = True`` (a
coded source's attribute, or ``render = true`` in sources.toml) has its article pages fetched
through scrapy-playwright and a real headless Chromium: the response is the page as the
browser shows it once loaded. Everything else (robots.txt, feeds, sitemaps, section pages,
and every page of the other sources) stays plain HTTP, through the same middlewares.

The browser is Debian's ``chromium`` (Playwright's own browser download needs a network this
kind of machine does not have); ``CHROMIUM`` names another. Images, media and fonts are not
loaded: the text does not need them, and the site is spared the traffic. Settings:
``CHROMIUM``, ``RENDER_TIMEOUT`` (seconds a page may take to load),
``CONCURRENT_REQUESTS_PER_DOMAIN`` (pages open at once in the browser).
"""

from __future__ import annotations

import shutil

# The flags a root, headless, offline-friendly Chromium needs: no sandbox (root), no GPU, and
# no background traffic of its own (updates, sync, field trials).
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage")
SKIPPED_RESOURCES = ("image", "media", "font")
PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


class RenderUnavailable(Exception):
    """What a rendering source needs is not installed: one line, exit status 2."""


def chromium_path(configured: str | None) -> str:
    """The Chromium to run, or RenderUnavailable saying how to install one."""
    if configured:
        if not shutil.which(configured):
            raise RenderUnavailable(f"CHROMIUM={configured!r}: no such program")
        return shutil.which(configured)
    for candidate in ("chromium", "chromium-browser", "google-chrome"):
        path = candidate and shutil.which(candidate)
        if path:
            return path
    raise RenderUnavailable("rendering needs a Chromium: apt-get install chromium "
                            "(or set CHROMIUM to its path)")


def check_render_support(source: str, settings) -> None:
    """Fail before the crawl, in one line, when a rendering source cannot render."""
    try:
        import scrapy_playwright  # noqa: F401
    except ImportError:
        raise RenderUnavailable(f"{source} renders its pages in a browser: pip install "
                                f"'newscrawler[render]' (scrapy-playwright)") from None
    chromium_path(settings.get("CHROMIUM"))


def render_settings(settings) -> dict:
    """The settings that send pages marked ``playwright`` through Chromium."""
    return {
        "DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": chromium_path(settings.get("CHROMIUM")),
                                      "headless": True, "args": list(CHROMIUM_ARGS)},
        "PLAYWRIGHT_ABORT_REQUEST": "crawler.fetch.render.skip_resource",
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": settings.getfloat("RENDER_TIMEOUT") * 1000,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
    }


def skip_resource(request) -> bool:
    """Whether the browser leaves a sub-resource of the page unloaded."""
    return request.resource_type in SKIPPED_RESOURCES


class RenderArticlesMiddleware:
    """Marks a rendering source's article requests for the browser."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if getattr(self.crawler.spider, "render", False) and request.meta.get("article"):
            request.meta.setdefault("playwright", True)
