"""Ottawa Citizen (ottawacitizen.com): Postmedia's Ottawa daily.

A Postmedia site: discovery, URLs and fields as in `spiders/postmedia.py`, but for its feed:
the reference lists none, so it reads the Atom feed its pages link (`/feed/atom`).
"""

from spiders.postmedia import PostmediaSpider


class OttawaCitizenSpider(PostmediaSpider):
    name = "ottawacitizen"
    origin = "https://ottawacitizen.com"
    host_aliases = ("www.ottawacitizen.com",)
    feeds = ("/feed/atom",)
