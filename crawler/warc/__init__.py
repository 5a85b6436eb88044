"""WARC archives in and out: backfill a source's table from WARC files (``crawler backfill``),
and keep the bytes behind every stored article in WARC files (``WARC_DIR``).

reader (records of local, gzipped or remote WARC files, CC-NEWS listings) · backfill (the
backfill crawl: its spider, the recorded-response middleware, the checkpoint) · writer (the
crawl's own archive). See docs/warc.md.
"""
