import sqlite3

import pytest

from crawler.run.record import summarize
from crawler.store import Store
from pipelines.store import StorePipeline
from tests.helpers import make_article


def test_items_are_written_in_batches_and_on_close(crawler):
    crawler.settings.frozen = False
    crawler.settings.set("STORE_BATCH_SIZE", 3)
    crawler.settings.set("STORE_BATCH_SECONDS", 3600)
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    reader = Store(crawler.settings["CRAWLER_DB"])
    for n in range(4):
        pipeline.process_item(make_article(n))
    assert reader.count_articles("presstv") == 3  # one batch of three committed, one pending
    pipeline.close_spider()
    assert reader.count_articles("presstv") == 4
    assert crawler.stats.get_value("articles/new") == 4


def test_changed_article_is_updated_and_unchanged_is_counted(crawler):
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.process_item(make_article(1))
    pipeline.process_item(make_article(2))
    pipeline.flush()
    pipeline.process_item(make_article(1, body="Edited.", content_hash="edited"))
    pipeline.process_item(make_article(2))
    pipeline.close_spider()
    stats = crawler.stats.get_stats()
    assert (stats["articles/new"], stats["articles/updated"], stats["articles/unchanged"]) == (2, 1, 1)
    rows = {row["url"][-1]: row for row in Store(crawler.settings["CRAWLER_DB"]).articles("presstv")}
    assert rows["1"]["body"] == "Edited."


def test_a_failed_write_is_counted_and_fails_the_run(crawler):
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.process_item(make_article(1))
    pipeline.flush()
    # A real SQLite error on the next write, as a full disk or a broken file would raise.
    Store(crawler.settings["CRAWLER_DB"]).db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON presstv BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    pipeline.process_item(make_article(2))
    pipeline.process_item(make_article(3))
    with pytest.raises(sqlite3.IntegrityError, match="disk full"):
        pipeline.flush()
    stats = crawler.stats.get_stats()
    assert stats["errors/store_failed"] == 2
    assert Store(crawler.settings["CRAWLER_DB"]).count_articles("presstv") == 1
    record = summarize({**stats, "discovery/feed": 1, "articles/fetched": 3, "parsed/articles": 3},
                       "finished")
    assert record["status"] == "failed" and "2 articles could not be written" in record["reason"]
