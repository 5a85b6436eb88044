"""Financial Post (financialpost.com): Postmedia's national business daily.

A Postmedia site: discovery, URLs and fields as in `spiders/postmedia.py`.
"""

from spiders.postmedia import PostmediaSpider


class FinancialPostSpider(PostmediaSpider):
    name = "financialpost"
    origin = "https://financialpost.com"
    host_aliases = ("www.financialpost.com",)
