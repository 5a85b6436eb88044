"""National Post (nationalpost.com): Postmedia's national daily, Toronto.

A Postmedia site: discovery, URLs and fields as in `spiders/postmedia.py`.
"""

from spiders.postmedia import PostmediaSpider


class NationalPostSpider(PostmediaSpider):
    name = "nationalpost"
    origin = "https://nationalpost.com"
    host_aliases = ("www.nationalpost.com",)
