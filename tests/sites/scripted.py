"""A site whose article text is not in its HTML: a script inserts it once the page loads.

The page carries its title, date and author in JSON-LD (read without rendering); the story's
paragraphs are in the script, so only a browser sees them. Served on 127.0.0.1; the page loads
nothing from anywhere else.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

from tests.sites.server import FixtureSite

PARAGRAPHS = [
    "The harbour board voted on Tuesday to rebuild the old ferry pier before the summer season.",
    "Residents had asked for the repairs for years, the board's chair said after the meeting.",
    "Work is to start in March and the pier should reopen to ferries by the end of June.",
]
TITLE = "Harbour board votes to rebuild the ferry pier"
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script type="application/ld+json">{jsonld}</script></head>
<body><h1>{title}</h1><div id="story"><p class="loading">Loading…</p></div>
<script>
  const paragraphs = {paragraphs};
  window.addEventListener("DOMContentLoaded", () => {{
    document.getElementById("story").innerHTML =
      paragraphs.map(text => "<p>" + text + "</p>").join("");
  }});
</script></body></html>"""


def sources_toml(name: str, base: str, render: bool) -> str:
    return (f'[{name}]\norigin = "{base}"\nfeeds = ["/feed.xml"]\narticle_url = "/story/"\n'
            f'render = {str(render).lower()}\n\n[{name}.selectors]\nbody = "#story p"\n')


@contextmanager
def scripted_site(root: Path, stories: int = 2):
    site = FixtureSite(root)
    (root / "story").mkdir(parents=True, exist_ok=True)
    items = []
    for n in range(stories):
        jsonld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": f"{TITLE} {n}",
                  "datePublished": f"2024-05-0{n + 1}T08:00:00Z",
                  "author": {"@type": "Person", "name": "Ana Example"}}
        (root / "story" / f"{n}.html").write_text(PAGE.format(
            title=f"{TITLE} {n}", jsonld=json.dumps(jsonld), paragraphs=json.dumps(PARAGRAPHS)),
            encoding="utf-8")
        items.append(f"<item><title>{TITLE} {n}</title><link>{site.url}/story/{n}</link></item>")
    (root / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Scripted</title>'
        f'{"".join(items)}</channel></rss>', encoding="utf-8")
    with site:
        yield site
