"""One spider per news source; shared behaviour lives in ``spiders.base``."""
