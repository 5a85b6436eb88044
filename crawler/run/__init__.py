"""One Scrapy process: runner, locks, run record, progress, parse workers, start-up."""
