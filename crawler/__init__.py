"""A news crawler: Scrapy spiders per source, cleaning pipelines, one SQLite store."""
