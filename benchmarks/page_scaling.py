"""How a page's parse time grows with its size, per layout: a ratio near the size ratio is
linear, near its square quadratic.

    python benchmarks/page_scaling.py [--sizes 2000 4000 8000] [--source presstv]

Each layout is a Press TV-shaped page whose body holds N repeats of one pattern (captions
between paragraphs, line breaks, inline links, nested lists, ...); it is parsed and cleaned as a
crawl does (``crawler.parsing.parse_page``), best of three, and the time at each size is printed
with its ratio to the smallest.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.parsing import parse_page  # noqa: E402
from tests.sites.faults import Page  # noqa: E402

LAYOUTS = {
    "captions": lambda n: "<p>Lead. " + "<figure>Photo</figure>\n tail words " * n + "</p>",
    "scripts": lambda n: "<p>Lead. " + "<script>x()</script> tail words " * n + "</p>",
    "line breaks": lambda n: "A line of the story <br>" * n,
    "inline links": lambda n: "<p>" + "<b>bold</b> and <a href='#'>a link</a> " * n + "</p>",
    "link lists": lambda n: "<ul>" + "<li><a href='/x'>Read more</a></li>" * n + "</ul>",
    "paragraphs": lambda n: "<div><p>A paragraph of the story in its own div.</p></div>" * n,
}


def seconds(html: bytes, url: str, source: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parse_page(html, url, source)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 4000, 8000])
    parser.add_argument("--source", default="presstv")
    args = parser.parse_args()
    page = Page(1, "A page that grows", "Its first paragraph.")
    for name, pattern in LAYOUTS.items():
        times = []
        for size in args.sizes:
            html = page.html().replace("</div>\n</body>", pattern(size) + "</div>\n</body>")
            times.append((len(html) // 1000, seconds(html.encode(), page.canonical, args.source)))
        first = times[0][1]
        cells = "  ".join(f"{kb} KB {t:.3f} s (×{t / first:.1f})" for kb, t in times)
        print(f"{name:13} {cells}")


if __name__ == "__main__":
    main()
