"""The Mirror (mirror.co.uk): Reach plc's national tabloid, UK.

A Reach site: discovery, URLs and fields as in `spiders/reach.py`.
"""

from spiders.reach import ReachSpider


class TheMirrorSpider(ReachSpider):
    name = "themirror"
    origin = "https://www.mirror.co.uk"
    host_aliases = ("mirror.co.uk",)
