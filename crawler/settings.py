"""Scrapy settings for every source; a spider's ``custom_settings`` only where a site needs it."""

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
USER_AGENT = "newscrawler/0.1 (+https://github.com/newscrawler/newscrawler; news archiving)"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
ROBOTSTXT_OBEY = True
# No listening ports on a cron box.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Politeness: a few requests at a time per site, slowed down when the site slows down.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
REDIRECT_MAX_TIMES = 5

# The SQLite file; the CLI's --db and the CRAWLER_DB environment variable set it.
CRAWLER_DB = None
# Batched writes: a transaction per this many articles, or per this many seconds.
STORE_BATCH_SIZE = 200
STORE_BATCH_SECONDS = 2.0
# A run is "degraded" when more than this share of article pages lack title, body or date.
HEALTH_MISSING_SHARE = 0.2

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.SkipStoredArticlesMiddleware": 50,
}
ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.store.StorePipeline": 400,
}
EXTENSIONS = {
    "crawler.runs.RunRecorder": 0,
}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
