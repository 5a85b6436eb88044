"""The User-Agent of every request: the crawler's name, and who runs it.

Newsrooms look at their logs before they block an address; a name and a way to reach the
person crawling make a question more likely than a block. Settings: ``USER_AGENT`` (the
product part), ``CONTACT`` (an e-mail address or web page; ``$CRAWLER_CONTACT``).
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware


def user_agent(base: str, contact: str | None) -> str:
    """``base`` with the contact inside its comment: ``name/1.0 (+site; contact: x@y.org)``."""
    if not contact:
        return base
    if base.endswith(")"):
        return f"{base[:-1]}; contact: {contact})"
    return f"{base} (contact: {contact})"


class ContactUserAgentMiddleware(UserAgentMiddleware):
    @classmethod
    def from_crawler(cls, crawler):
        return cls(user_agent(crawler.settings["USER_AGENT"], crawler.settings.get("CONTACT")))
