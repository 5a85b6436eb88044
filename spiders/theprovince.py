"""The Province (theprovince.com): Postmedia's Vancouver tabloid.

A Postmedia site: discovery, URLs and fields as in `spiders/postmedia.py`.
"""

from spiders.postmedia import PostmediaSpider


class TheProvinceSpider(PostmediaSpider):
    name = "theprovince"
    origin = "https://theprovince.com"
    host_aliases = ("www.theprovince.com",)
