"""Ottawa Citizen (ottawacitizen.com): Postmedia's Ottawa daily.

A Postmedia site: discovery, URLs and fields as in `spiders/postmedia.py`.
It publishes no feed: the news sitemap alone lists today's stories.
"""

from spiders.postmedia import PostmediaSpider


class OttawaCitizenSpider(PostmediaSpider):
    name = "ottawacitizen"
    origin = "https://ottawacitizen.com"
    host_aliases = ("www.ottawacitizen.com",)
    feeds = ()
