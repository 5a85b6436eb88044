"""A mixin for sources whose summary must be the page's visible standfirst or nothing.

The base class fills a summary no selector found from the page's metadata (og:description),
which on these sites is a rewrite for social cards, not the standfirst readers see.
"""

from __future__ import annotations


class VisibleSummaryOnly:
    """Put before ``NewsSpider`` in the bases: no summary from the metadata."""

    def fallback_fields(self, response) -> dict:
        return {**super().fallback_fields(response), "summary": None}
