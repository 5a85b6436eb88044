"""A Press TV-shaped site whose pages and archives are hostile: JSON-LD nested thousands deep,
a canonical link that is no URL, offsets of a whole day, markup nested past lxml's limits,
thousands of captions, redirects to other local servers and to the cloud metadata address,
and, behind its sitemap index, a sitemap with a bad date, a gzip bomb, an entity bomb, an index
that always names a new one and a sitemap over the entries cap.

``build_hostile_site(other_port)`` returns the routes for ``FixtureSite``, the pages that must
be stored (with their exact title and body) and the paths that must never be fetched.
``other_port`` is a second local server's, which a redirect must not reach.
"""

from __future__ import annotations

import struct
import zlib

from tests.sites.faults import ENGLISH, Page, html_route
from tests.sites.server import Route

ARCHIVE_SETTINGS = {  # lowered so that the caps are hit by small fixtures
    "SITEMAP_MAX_URLS": 5,
    "SITEMAP_MAX_DEPTH": 2,
}
ENDLESS = 20  # indexes /sm/endless/<n>.xml, each naming the next
BOMB_BYTES = 1024 * 1024 * 1024  # what the gzip bomb inflates to (a megabyte compressed)
DAY_OFFSET = "2024-06-03T10:00:00+24:00"


def nested(html: str, depth: int, tag: str = "div") -> str:
    return f"<{tag}>" * depth + html + f"</{tag}>" * depth


def deep_jsonld(depth: int) -> str:
    """A NewsArticle whose ``about`` nests ``depth`` objects deep (written out: json.dumps
    itself recurses)."""
    about = '{"@type": "Thing", "about": ' * depth + '{"name": "bottom"}' + "}" * depth
    return ('{"@context": "https://schema.org", "@type": "NewsArticle", '
            f'"headline": "From JSON-LD", "about": {about}}}')


def article_pages() -> dict[str, Page]:
    return {name: Page(910000 + n, f"{title} ({n})", paragraph) for n, (name, title, paragraph) in
            enumerate((("control", *ENGLISH),
                       ("deep_jsonld", "JSON-LD nested thousands deep", "Its metadata nests."),
                       ("bad_canonical", "A canonical link that is no URL", "It is unclosed."),
                       ("day_offset", "Dates a whole day off UTC", "Its offsets are +24:00."),
                       ("deep_markup", "Markup nested a thousand deep", "Deep in its divs."),
                       ("deeper_markup", "Markup nested past lxml's limit", "Deeper still."),
                       ("captions", "Thousands of captions", "The photos come first."),
                       ("feed_after_bad_date", "Listed after a bad date", "The feed goes on.")))}


def archive_pages() -> dict[str, Page]:
    """Articles only the sitemaps list: four in the sitemap with a bad date, five in the
    sitemap over the cap (whose two last entries are not read)."""
    return {f"sitemap_{n}": Page(920000 + n, f"Listed by a sitemap ({n})",
                                 f"Sitemap story {n}.") for n in range(9)}


def _page_html(name: str, page: Page) -> str:
    head, html = "", page.html()
    if name == "deep_jsonld":
        head = "".join(f'<script type="application/ld+json">{deep_jsonld(depth)}</script>'
                       for depth in (990, 5000))  # past Python's stack, past json's
    elif name == "bad_canonical":
        head = '<link rel="canonical" href="http://[::1"><meta property="og:url" content="http://[::1">'
    elif name == "day_offset":
        head = (f'<meta property="article:published_time" content="{DAY_OFFSET}">'
                f'<script type="application/ld+json">{{"@type": "NewsArticle", '
                f'"datePublished": "{DAY_OFFSET}", "dateModified": "{DAY_OFFSET}"}}</script>')
    html = page.html(meta=head)
    paragraphs = "\n".join(f"<p>{text}</p>" for text in page.paragraphs)
    if name == "deep_markup":
        html = html.replace(paragraphs, nested(paragraphs, 1000))
    elif name == "deeper_markup":
        html = html.replace(paragraphs, nested(paragraphs, 3000, "span"))
    elif name == "captions":
        html = html.replace(paragraphs, '<figure class="image-caption">Photo</figure>\n' * 20_000
                            + paragraphs)
    return html


def _rss(entries: list[tuple[Page, str]]) -> bytes:
    items = "".join(f"<item><title>x</title><link>https://www.presstv.ir{page.path}</link>"
                    f"<pubDate>{published}</pubDate></item>" for page, published in entries)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            f'</channel></rss>').encode()


def _urlset(entries: list[tuple[Page, str]]) -> bytes:
    urls = "".join(f"<url><loc>https://www.presstv.ir{page.path}</loc><lastmod>{lastmod}</lastmod></url>"
                   for page, lastmod in entries)
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>').encode()


def _index(paths: list[str]) -> bytes:
    entries = "".join(f"<sitemap><loc>https://www.presstv.ir{path}</loc></sitemap>" for path in paths)
    return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>').encode()


def gzip_bomb(size: int = BOMB_BYTES) -> bytes:
    """A gzip file of a urlset that opens like a sitemap and inflates to ``size`` bytes of
    spaces: a megabyte of them compressed once and repeated (after a full flush the deflate
    stream forgets what came before, so every megabyte compresses to the same bytes)."""
    start = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    chunk = b" " * (1024 * 1024)
    chunks = size // len(chunk)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw: we frame it
    head = deflate.compress(start) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(start)
    for _ in range(chunks):
        crc = zlib.crc32(chunk, crc)
    trailer = struct.pack("<II", crc, (len(start) + chunks * len(chunk)) & 0xFFFFFFFF)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + head + block * chunks
            + deflate.flush() + trailer)


ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY a "https://www.presstv.ir/Detail/2024/06/03/929999/lol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&d;</loc></url></urlset>"""


def build_hostile_site(other_port: int):
    """(routes, pages that must be stored by name, paths that must never be fetched)."""
    pages = article_pages()
    archive = archive_pages()
    to_other_port = Page(910100, "Lost: redirected to another local server", "Never.")
    to_metadata = Page(910102, "Lost: redirected to the metadata service", "Never.")
    routes: dict[str, Route | list[Route]] = {
        path: html_route(_page_html(name, page).encode(), "text/html; charset=utf-8")
        for name, page in pages.items() for path in [page.path]}
    for page in archive.values():
        routes[page.path] = html_route(page.html().encode(), "text/html; charset=utf-8")
    # Redirects out of the source's own server, to another port on loopback and to the cloud
    # metadata address: refused before any connection.
    routes[to_other_port.path] = Route.redirect(f"http://127.0.0.1:{other_port}{to_other_port.path}")
    routes[to_metadata.path] = Route.redirect("http://169.254.169.254/latest/meta-data/")
    good_date = "Mon, 03 Jun 2024 10:00:00 +0000"
    feed = [(pages["control"], good_date), (pages["deep_jsonld"], "Mon, 03 Jun 2024 10:00:00 +2400"),
            *((page, good_date) for name, page in pages.items()
              if name not in ("control", "deep_jsonld")),
            (to_other_port, good_date), (to_metadata, good_date)]
    routes["/rss.xml"] = Route(200, _rss(feed), {"Content-Type": "application/rss+xml"})
    for sid in range(101, 109):  # the other feeds and the sections list nothing new
        routes[f"/rss/rss-{sid}.xml"] = Route(200, _rss([(pages["control"], good_date)]),
                                              {"Content-Type": "application/rss+xml"})
        routes[f"/Section/{sid}"] = html_route(b"<html><body><p>No stories</p></body></html>")
    sitemap_pages = list(archive.values())
    xml = {"Content-Type": "application/xml"}
    routes["/sitemap.xml"] = Route(200, _index(["/sm/bad-date.xml", "/sm/bomb.xml.gz",
                                                 "/sm/entities.xml", "/sm/endless/1.xml",
                                                 "/sm/long.xml"]), xml)
    routes["/sm/bad-date.xml"] = Route(200, _urlset(
        [(sitemap_pages[0], "2024-06-03"), (sitemap_pages[1], DAY_OFFSET),
         (sitemap_pages[2], "2024-06-03T10:00:00+02:00"), (sitemap_pages[3], "2024-06-03")]), xml)
    routes["/sm/bomb.xml.gz"] = Route(200, gzip_bomb(), {"Content-Type": "application/x-gzip"})
    routes["/sm/entities.xml"] = Route(200, ENTITY_BOMB, xml)
    for n in range(1, ENDLESS + 1):
        routes[f"/sm/endless/{n}.xml"] = Route(200, _index([f"/sm/endless/{n + 1}.xml"]), xml)
    long_entries = [(page, "2024-06-03") for page in sitemap_pages[4:]]
    unread = [Page(920100 + n, "Past the cap", "Not read.") for n in range(2)]
    routes["/sm/long.xml"] = Route(200, _urlset(long_entries + [(page, "2024-06-03")
                                                                for page in unread]), xml)
    for page in unread:
        routes[page.path] = html_route(page.html().encode())
    never = [*(page.path for page in unread), *(f"/sm/endless/{n}.xml" for n in range(3, ENDLESS + 1))]
    return routes, {**pages, **archive}, never
