"""Sites with many plain articles, one per declared source, for tests that write one database
from several crawls at once (or fail its writes and check the next run).

Each site has a sitemap of its articles (``lastmod`` in 2024, long before any run) and a feed
of the first few. Every article's text is its own (seeded words), so nothing is a near
duplicate of anything, within a source or across them.
"""

from __future__ import annotations

import random
from contextlib import ExitStack, contextmanager
from html import escape
from pathlib import Path

from tests.sites.server import FixtureSite

VOCABULARY = [f"{a}{b}" for a in ("bar", "cor", "dun", "fel", "gim", "hol", "jat", "kep",
                                  "lum", "mor", "nix", "pav", "quo", "ros", "sel", "tor")
              for b in ("a", "en", "ix", "o", "um", "ar", "et", "is")]
FEED_ITEMS = 5
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
</head><body><h1>{title}</h1><time datetime="{published}">{published}</time>
<article>{paragraphs}</article></body></html>"""


def article_text(source: str, n: int) -> tuple[str, list[str]]:
    rng = random.Random(f"{source}/{n}")
    title = f"{source} story {n}: " + " ".join(rng.sample(VOCABULARY, 5))
    paragraphs = [" ".join(rng.choices(VOCABULARY, k=40)).capitalize() + "." for _ in range(4)]
    return title, paragraphs


def build_site(root: Path, source: str, count: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "news").mkdir(exist_ok=True)
    entries = []
    for n in range(count):
        title, paragraphs = article_text(source, n)
        published = f"2024-05-{n % 28 + 1:02d}T08:00:00Z"
        (root / "news" / f"story-{n}.html").write_text(PAGE.format(
            title=escape(title), published=published,
            paragraphs="".join(f"<p>{escape(p)}</p>" for p in paragraphs)), encoding="utf-8")
        entries.append((f"/news/story-{n}", published))
    urls = "".join(f"<url><loc>{{base}}{path}</loc><lastmod>{published}</lastmod></url>"
                   for path, published in entries)
    (root / "sitemap.xml.in").write_text(
        '<?xml version="1.0" encoding="utf-8"?><urlset '
        f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>', encoding="utf-8")
    items = "".join(f"<item><title>story {n}</title><link>{{base}}/news/story-{n}</link></item>"
                    for n in range(min(FEED_ITEMS, count)))
    (root / "feed.xml.in").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{source}</title>{items}'
        f"</channel></rss>", encoding="utf-8")


@contextmanager
def bulk_sites(root: Path, sources: dict[str, int]):
    """Serve one site per source (name -> article count) on 127.0.0.1; yields the sites by
    name and the sources file declaring them."""
    with ExitStack() as stack:
        sites, declarations = {}, []
        for source, count in sources.items():
            folder = root / source
            build_site(folder, source, count)
            site = stack.enter_context(FixtureSite(folder))
            for name in ("sitemap.xml", "feed.xml"):
                text = (folder / f"{name}.in").read_text(encoding="utf-8")
                (folder / name).write_text(text.replace("{base}", site.url), encoding="utf-8")
            sites[source] = site
            declarations.append(
                f'[{source}]\norigin = "{site.url}"\nfeeds = ["/feed.xml"]\n'
                f'sitemaps = ["/sitemap.xml"]\narticle_url = "/news/story-"\n'
                f'[{source}.selectors]\ntitle = "h1"\nbody = "article p"\n'
                f'published_at = "time::attr(datetime)"\n')
        sources_file = root / "sources.toml"
        sources_file.write_text("\n".join(declarations), encoding="utf-8")
        yield sites, sources_file


def served_urls(site: FixtureSite, count: int) -> set[str]:
    return {f"{site.url}/news/story-{n}" for n in range(count)}
