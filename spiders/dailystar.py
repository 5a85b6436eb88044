"""Daily Star (dailystar.co.uk): Reach plc's red-top tabloid, UK.

A Reach site: discovery, URLs and fields as in `spiders/reach.py`.
"""

from spiders.reach import ReachSpider


class DailyStarSpider(ReachSpider):
    name = "dailystar"
    origin = "https://www.dailystar.co.uk"
    host_aliases = ("dailystar.co.uk",)
