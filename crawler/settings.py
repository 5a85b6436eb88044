"""Scrapy settings for every source; a spider's ``custom_settings`` only where a site needs it.

Read top to bottom, this is the way a request travels: the spider yields it (spiders/), the
spider middlewares and the scheduler let it through, the downloader middlewares prepare it
(lowest number first) and the download, the response goes back through them (highest number
first) to the spider's callback, the page is parsed into an article, and the item pipelines
take it to the store. The extensions watch the whole run. Every component is a module of
crawler/fetch/ or crawler/run/ (or pipelines/) whose docstring lists the settings it reads.
"""

import os

from scrapy.settings import default_settings

from crawler.run.startup import extensions_base

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# --- 1. The spider yields a request (spiders/base.py: discovery) ------------------------------
SPIDER_MIDDLEWARES = {
    "crawler.warc.writer.WarcCaptureMiddleware": 900,  # only with WARC_DIR
    # First to see what the spider yields: a request for an article the store has is dropped,
    # and nothing once the article budget is spent.
    "crawler.fetch.drop_stored.DropStoredArticlesMiddleware": 950,
    # First to see what a callback raised.
    "crawler.fetch.callbacks.CallbackExceptionsMiddleware": 960,
}
# Incremental runs: a stored article younger than the window (by published_at, else
# first_seen_at) is fetched again when its last fetch is older than the interval, to catch
# edits; an older one never is (crawler/fetch/stored.py).
REVISIT_WINDOW_HOURS = 48
REVISIT_INTERVAL_HOURS = 6
# At most this many article pages downloaded per source per run (0: no cap; CLI
# --max-articles): crawler/fetch/drop_stored.py for discovery, crawler/fetch/budget.py.
MAX_ARTICLES = 0
# Hostile archives (spiders/base.py), each counted as errors/limit/<name> when hit: a sitemap
# over this many bytes, uncompressed (the protocol's limit: 50 MB), or with more entries (the
# protocol's 50,000); indexes within indexes deeper than this; sitemaps fetched per source per
# run. A sitemap with a DTD is refused (errors/limit/sitemap_dtd).
SITEMAP_MAX_SIZE = 50 * 1024 * 1024
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_DEPTH = 2
SITEMAPS_PER_RUN = 10_000

# --- 2. The scheduler: duplicate discovery requests (the spider dedupes articles) -------------
DUPEFILTER_CLASS = "crawler.fetch.dupefilter.DiscoveryDupeFilter"

# --- 3. The downloader middlewares: requests from the lowest number up, responses down --------
DOWNLOADER_MIDDLEWARES = {
    "crawler.fetch.render.RenderArticlesMiddleware": 40,  # a rendering source's article pages
    "crawler.fetch.stored.SkipStoredArticlesMiddleware": 50,  # a redirect to a stored article
    "crawler.fetch.budget.ArticleBudgetMiddleware": 55,  # MAX_ARTICLES
    "crawler.fetch.conditional.ConditionalDiscoveryMiddleware": 60,  # feeds, sitemaps: 304s
    # Scrapy's own in between: robots.txt (100) … retry (550), meta refresh (580),
    # compression (590), redirect (600), HTTP proxy (750). RetryAfter waits before
    # RetryMiddleware retries; HtmlResponse sees bodies after HttpCompression unpacked them
    # and before MetaRefresh reads them; SafeTargets sees redirects before Redirect follows
    # them; SourceProxy names the proxy before HttpProxyMiddleware uses it.
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "crawler.fetch.useragent.ContactUserAgentMiddleware": 500,
    "crawler.fetch.retry_after.RetryAfterMiddleware": 560,
    "crawler.fetch.html.HtmlResponseMiddleware": 585,
    "crawler.fetch.safe_targets.SafeTargetsMiddleware": 610,
    "crawler.fetch.proxy.SourceProxyMiddleware": 740,
}
# Sources with render = True: the Chromium that renders their article pages, and how long a
# page may take to load (crawler/fetch/render.py).
CHROMIUM = os.environ.get("CRAWLER_CHROMIUM") or None
RENDER_TIMEOUT = 30
# Sitemap entries whose lastmod is older than the last complete run's reading of their
# sitemap, minus the slack, are skipped (crawler/fetch/conditional.py).
SITEMAP_LASTMOD_SLACK_HOURS = 24
# Who is crawling, and how to reach them: set CONTACT once (an e-mail address or a web page,
# also $CRAWLER_CONTACT) and it goes into every request's User-Agent
# (crawler/fetch/useragent.py).
USER_AGENT = "newscrawler/0.1 (+https://github.com/newscrawler/newscrawler; news archiving)"
CONTACT = os.environ.get("CRAWLER_CONTACT") or None
ROBOTSTXT_USER_AGENT = "newscrawler"  # the token robots.txt rules name us by
ROBOTSTXT_OBEY = True
# An HTTP(S) proxy for every source without one of its own (crawler/fetch/proxy.py).
PROXY = os.environ.get("CRAWLER_PROXY") or None
# Refuses a name that resolves to a private address at connection time
# (crawler/fetch/safe_targets.py).
TWISTED_DNS_RESOLVER = "crawler.fetch.safe_targets.SafeResolver"
# Politeness, for real newsrooms' servers (docs/politeness.md says why these numbers): at most
# one request a second to a site and two at a time, slower when the site slows down, asks for
# it in robots.txt (Crawl-delay, Request-rate) or answers 429/503 (crawler/fetch/throttle.py,
# an extension below). Local test sites and benchmarks set their own fast values
# (benchmarks/local_settings.py).
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0  # the delay is a floor, not an average (0.5x would break it)
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# A 429/503 raises the site's delay for the rest of the run (to its Retry-After, else twice
# the delay, at least this); this many in a row stop the source's run as "throttled".
THROTTLE_BACKOFF_MIN = 1.0
THROTTLE_STOP_AFTER = 5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
REDIRECT_MAX_TIMES = 5
# A 429/503's Retry-After is honoured up to this many seconds (longer: not retried this run);
# without one, retries wait RETRY_BACKOFF_BASE seconds, doubled each time
# (crawler/fetch/retry_after.py).
RETRY_AFTER_MAX = 60
RETRY_BACKOFF_BASE = 1.0

# --- 4. The response reaches the spider's callback: the page parsed ---------------------------
# Article pages are parsed in this many forked worker processes, off the reactor thread
# (-1: one per core but one; 0: in the reactor thread, as `scrapy crawl` does;
# crawler/run/parse_workers.py).
PARSE_PROCESSES = -1
# A page whose parse takes longer is abandoned and counted (errors/parse_timeout); 0: no limit
# (crawler/timelimit.py).
PARSE_TIME_LIMIT = 20
# Items processed in parallel per response. Scrapy starts this many tasks for every callback
# output; an article callback yields one item, so Scrapy's default of 100 is pure overhead.
CONCURRENT_ITEMS = 16

# --- 5. The item pipelines, in this order, to the store (crawler/store.py) --------------------
ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.warc.WarcPipeline": 350,  # only with WARC_DIR: what is about to be stored
    "pipelines.store.StorePipeline": 400,
}
# The SQLite file; the CLI's --db and the CRAWLER_DB environment variable set it.
CRAWLER_DB = None
# Batched writes: a transaction per this many articles, or per this many seconds.
STORE_BATCH_SIZE = 200
STORE_BATCH_SECONDS = 2.0
# Seconds a write waits for another process's write (another source's cron job) to finish.
STORE_BUSY_TIMEOUT = 30.0
# WARC out (crawler/warc/writer.py): a folder makes every crawl archive the responses it stored
# articles from there, a new file per WARC_MAX_SIZE bytes (off when empty).
WARC_DIR = None
WARC_MAX_SIZE = 1024 * 1024 * 1024

# --- 6. The extensions, watching the run ------------------------------------------------------
# No listening ports on a cron box (the extensions are also left out below).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Those turned off above (and AutoThrottle, replaced below) are left out
# (crawler/run/startup.py).
EXTENSIONS_BASE = extensions_base(default_settings.EXTENSIONS_BASE)
EXTENSIONS = {
    "crawler.fetch.throttle.AutoThrottle": 0,
    "crawler.run.record.RunRecorder": 0,
    "crawler.run.progress.ProgressLine": 500,
}
# A run is "degraded" when more than this share of article pages lack title, body or date
# (crawler/run/record.py).
HEALTH_MISSING_SHARE = 0.2
# The live progress line on stderr; the CLI turns it on when stderr is a terminal
# (crawler/run/progress.py).
PROGRESS = False
PROGRESS_INTERVAL = 1.0

# --- The process: how many crawls at once, and crawls across machines ------------------------
# At most this many crawl processes at once on one database (0: no cap); one more waits up to
# CRAWL_SLOT_WAIT seconds for one to finish, then exits with 75 (crawler/run/locks.py).
MAX_CONCURRENT_CRAWLS = 4
CRAWL_SLOT_WAIT = 600
# Distributed crawls (`crawl --redis URL`, see crawler/distributed): the CLI sets REDIS_URL.
# A crawl's keys in Redis expire this long after its last activity, if no worker deleted them.
REDIS_URL = None
STORE_RELAY = None  # a worker's: its writes go to the writer (crawler.distributed.relay)
REDIS_CRAWL_TTL = 24 * 3600
# Workers share one throttle per site (crawler/distributed/throttle.py); a 429/503 slows every
# worker for this long.
THROTTLE_SHARED_BACKOFF_TTL = 3600
# REDIS_URL without the CLI (a Scrapyd job): one job per source under a Redis lock that
# expires this long after its job stops renewing it (crawler/distributed/lock.py).
REDIS_SHARED_CRAWL = False
REDIS_LOCK_TTL_MS = 60_000
ADDONS = {"crawler.distributed.NodeAddon": 0}
# Where `crawler backfill --cc-news` finds CC-NEWS: its crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz
# listings and the files they name (crawler/warc/reader.py).
CC_NEWS_BASE_URL = "https://data.commoncrawl.org"
# A backfill holds this many records read back, so that copies of one URL out of date order
# within them are stored oldest first (crawler/warc/order.py).
WARC_REORDER_WINDOW = 64
