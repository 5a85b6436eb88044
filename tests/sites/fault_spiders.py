"""A source with bugs, for the tests of what a crawl does when its own code fails: Press TV,
whose parser raises, loops or gets stuck on a page that asks for it
(``<meta name="fault" content="raise|loop|stuck">``), whose ``canonical_url`` raises on a URL
with ``bug=`` in it, and which also answers to ``localhost`` (a host whose address is private).

Found by Scrapy when ``SPIDER_MODULES`` names this module (``tests.sites.settings``). Its
parse hooks run with the source's parser as ``self`` (spiders/parser.py), hence no super().
"""

from __future__ import annotations

import signal
import time

from spiders.parser import ArticleParser
from spiders.presstv import PressTVSpider


class BuggySpider(PressTVSpider):
    name = "buggy"
    host_aliases = (*PressTVSpider.host_aliases, "localhost")

    def extract_section(self, response, css):
        fault = response.css("meta[name=fault]::attr(content)").get()
        if fault == "raise":
            raise LookupError("a bug in a selector")
        if fault == "loop":
            while True:  # a parse that never ends: the time limit stops it
                pass
        if fault == "stuck":  # as if inside one C call: no signal reaches the parse
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(60)
        return ArticleParser.extract_section(self, response, css)  # self: the source's parser

    def canonical_url(self, url: str) -> str:
        if "bug=" in url:
            raise KeyError("a bug in canonical_url")
        return PressTVSpider.canonical_url(self, url)
