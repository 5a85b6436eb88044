"""canada.com (o.canada.com): Postmedia's national lifestyle, travel and shopping site.

A Postmedia site: discovery, URLs and fields as in `spiders/postmedia.py`.
"""

from spiders.postmedia import PostmediaSpider


class CanadaComSpider(PostmediaSpider):
    name = "canadacom"
    origin = "https://o.canada.com"
    host_aliases = ("canada.com", "www.canada.com")
