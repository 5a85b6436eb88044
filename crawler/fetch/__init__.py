"""The Scrapy components a request passes on its way to a page and back, one per module."""
