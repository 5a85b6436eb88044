"""A Press TV-shaped site where almost every page is a fault: wrong and missing charsets, an
empty page, a binary file, an oversized page, a cut connection, HTTP errors, Retry-After,
a slow page, redirect loops and redirects to other schemes, a robots.txt ban, an invalid feed
and an HTML page where the sitemap should be.

``build_fault_site`` returns the routes for ``FixtureSite`` and the articles that must be
stored, with their exact text. The crawl runs with ``FAULT_SETTINGS`` (lower size limit and
timeout, quick backoff).
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.sites.server import Route

FAULT_SETTINGS = {
    "DOWNLOAD_MAXSIZE": 50_000,
    "DOWNLOAD_TIMEOUT": 1,
    "RETRY_BACKOFF_BASE": 0.2,
    "RETRY_AFTER_MAX": 5,
    "AUTOTHROTTLE_ENABLED": False,
    "PARSE_PROCESSES": 0,
}
RETRY_AFTER = 1  # seconds a 429 asks for, below RETRY_AFTER_MAX
TOO_LONG_RETRY_AFTER = 3600  # above it: not retried
HALF_PARAGRAPH = "The connection stayed up but the markup ends mid-sen"

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head>{meta}<title>{title} - PressTV</title></head><body>
<div class="news-section-container"><a href="/">News</a> / <a href="/Section/101">Iran</a></div>
<h1 class="news-title-container">{title}</h1>
<time class="news-modifydate-container" datetime="Monday, 03 June 2024 10:30 AM">x</time>
<div class="news-body-container">
{paragraphs}
</div>
</body></html>
"""

FRENCH = ("Café à Zürich : « naïve » déjà-vu — l’été",
          "Le président a déclaré que l’économie française était « forte », malgré la crise.")
ARABIC = ("وزير الخارجية الإيراني يلتقي نظيره العراقي في بغداد",
          "قال وزير الخارجية الإيراني إن المحادثات مع العراق كانت مثمرة وبناءة.")
# Persian as windows-1256 can write it (Arabic yeh and kaf), with a zero-width non-joiner.
PERSIAN_1256 = ("گزارش‌هاي تازه از پژوهشگران ايراني",
                "پژوهشگران چگونگي گسترش همكاري‌هاي اقتصادي را بررسي كردند.")
# Persian as UTF-8 writes it (Farsi yeh and keheh), with accented Latin beside it.
PERSIAN_UTF8 = ("گزارش‌های تازه از پژوهشگران ایرانی در مونترال",
                "پژوهشگران چگونگی گسترش همکاری‌های اقتصادی را در «Université de Montréal» بررسی کردند.")
ENGLISH = ("Officials meet in Geneva for a new round of talks",
           "Officials from both sides met in Geneva on Monday for a new round of talks.")


@dataclass
class Page:
    """An article page of the fault site: its path and the text that must be stored."""

    id: int
    title: str
    paragraph: str
    slug: str = "story"

    @property
    def path(self) -> str:
        return f"/Detail/2024/06/03/{self.id}/{self.slug}"

    @property
    def canonical(self) -> str:
        return f"https://www.presstv.ir/Detail/2024/06/03/{self.id}"

    @property
    def paragraphs(self) -> list[str]:
        return [self.paragraph, f"Second paragraph of story {self.id}, long enough for a body."]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def html(self, lang: str = "en", meta: str = "") -> str:
        paragraphs = "\n".join(f"<p>{text}</p>" for text in self.paragraphs)
        return PAGE.format(lang=lang, meta=meta, title=self.title, paragraphs=paragraphs)


def html_route(body: bytes, content_type: str = "text/html", **kwargs) -> Route:
    return Route(200, body, {"Content-Type": content_type}, **kwargs)


def build_fault_site() -> tuple[dict[str, Route | list[Route]], dict[str, Page], dict[str, Page]]:
    """(routes, pages that must be stored by fault name, pages that must not be)."""
    stored = {
        "control": Page(900001, *ENGLISH),
        "cp1252_undeclared": Page(900002, *FRENCH),
        "cp1256_wrong_header": Page(900003, *ARABIC),
        "cp1256_undeclared": Page(900004, *PERSIAN_1256),
        "utf8_bom_wrong_header": Page(900005, *FRENCH, slug="bom"),
        "meta_contradicts_header": Page(900006, *PERSIAN_UTF8),
        "cp1256_server_default": Page(900007, ARABIC[0] + " (2)", ARABIC[1] + " تحديث"),
        "truncated_markup": Page(900008, "A page cut off in the middle of its markup",
                                 "Its first paragraphs arrived whole."),  # + HALF_PARAGRAPH
        "retry_after": Page(900009, "Rate limited once, then served",
                            "The server asked the crawler to come back a second later."),
        "backoff": Page(900010, "Failed twice with 500, then served",
                        "The crawler waited longer after each failure."),
    }
    lost = {name: Page(900100 + n, f"Lost {name}", "Never stored.") for n, name in enumerate((
        "empty", "binary", "oversize", "cut_connection", "not_found", "gone", "too_long_wait",
        "timeout", "loop", "file_scheme", "ftp_scheme", "robots"))}
    page = stored["control"].html().encode()
    routes: dict[str, Route | list[Route]] = {
        stored["control"].path: html_route(page, "text/html; charset=utf-8"),
        stored["cp1252_undeclared"].path:
            html_route(stored["cp1252_undeclared"].html(lang="fr").encode("cp1252")),
        stored["cp1256_wrong_header"].path: html_route(
            stored["cp1256_wrong_header"].html(lang="ar", meta='<meta charset="windows-1256">')
            .encode("cp1256"), "text/html; charset=utf-8"),
        stored["cp1256_undeclared"].path:
            html_route(stored["cp1256_undeclared"].html(lang="fa").encode("cp1256")),
        stored["utf8_bom_wrong_header"].path: html_route(
            b"\xef\xbb\xbf" + stored["utf8_bom_wrong_header"].html(lang="fr").encode(),
            "text/html; charset=windows-1252"),
        stored["meta_contradicts_header"].path: html_route(
            stored["meta_contradicts_header"].html(lang="fa", meta='<meta charset="utf-8">').encode(),
            "text/html; charset=iso-8859-1"),
        stored["cp1256_server_default"].path: html_route(
            stored["cp1256_server_default"].html(lang="ar").encode("cp1256"),
            "text/html; charset=windows-1252"),
        stored["truncated_markup"].path: html_route(
            stored["truncated_markup"].html().rsplit("</div>", 1)[0].encode()
            + f"<p>{HALF_PARAGRAPH}".encode(), "text/html; charset=utf-8"),
        stored["retry_after"].path: [
            Route(429, b"slow down", {"Retry-After": str(RETRY_AFTER)}),
            html_route(stored["retry_after"].html().encode())],
        stored["backoff"].path: [Route(500, b"oops"), Route(500, b"oops"),
                                 html_route(stored["backoff"].html().encode())],
        lost["empty"].path: html_route(b"", "text/html; charset=utf-8"),
        lost["binary"].path: html_route(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        lost["oversize"].path: html_route(lost["oversize"].html().replace(
            "</div>", "<p>" + "padding " * 10_000 + "</p></div>").encode()),
        lost["cut_connection"].path: html_route(lost["cut_connection"].html().encode(),
                                                truncate_at=300),
        lost["not_found"].path: Route(404, b"not here"),
        lost["gone"].path: Route(410, b"gone for good"),
        lost["too_long_wait"].path: Route(503, b"maintenance",
                                          {"Retry-After": str(TOO_LONG_RETRY_AFTER)}),
        lost["timeout"].path: html_route(lost["timeout"].html().encode(), delay=3),
        lost["loop"].path: Route.redirect("/Detail/2024/06/03/900199/loop-back"),
        "/Detail/2024/06/03/900199/loop-back": Route.redirect(lost["loop"].path),
        lost["file_scheme"].path: Route.redirect("file:///etc/passwd"),
        lost["ftp_scheme"].path: Route.redirect("ftp://127.0.0.1/pub/story"),
        "/robots.txt": Route(200, f"User-agent: *\nDisallow: {lost['robots'].path}\n".encode(),
                             {"Content-Type": "text/plain"}),
        # Discovery: the main feed lists every page; one section feed is not a feed at all;
        # the sitemap (walked on a backfill) is an HTML page.
        "/rss.xml": Route(200, _rss([*stored.values(), *lost.values()]),
                          {"Content-Type": "application/rss+xml"}),
        "/rss/rss-101.xml": html_route(b"<html><body><p>Feeds have moved</p>",
                                      "application/xml"),
        "/sitemap.xml": html_route(b"<html><body><h1>Site map</h1><a href='/'>Home</a></body></html>"),
    }
    for sid in range(102, 109):  # the other section feeds list nothing new
        routes[f"/rss/rss-{sid}.xml"] = Route(200, _rss([stored["control"]]),
                                              {"Content-Type": "application/rss+xml"})
    for sid in range(101, 109):  # section pages without articles
        routes[f"/Section/{sid}"] = html_route(b"<html><body><p>No stories</p></body></html>")
    return routes, stored, lost


def _rss(pages: list[Page]) -> bytes:
    items = "".join(f"<item><title>x</title><link>https://www.presstv.ir{page.path}</link></item>"
                    for page in pages)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
