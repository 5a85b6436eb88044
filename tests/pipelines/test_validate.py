import pytest
from scrapy.exceptions import DropItem

from pipelines.validate import ValidatePipeline
from tests.helpers import make_article


@pytest.mark.parametrize("field", ["url", "title", "body"])
def test_missing_required_field_is_dropped_and_counted(crawler, field):
    pipeline = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match=f"missing_{field}"):
        pipeline.process_item(make_article(**{field: None if field != "body" else ""}))
    assert crawler.stats.get_value(f"dropped/missing_{field}") == 1


def test_complete_article_passes_and_missing_date_is_only_counted(crawler):
    pipeline = ValidatePipeline.from_crawler(crawler)
    item = make_article()
    assert pipeline.process_item(item) is item
    assert crawler.stats.get_value("parsed/missing_published_at") == 1
    assert crawler.stats.get_value("parsed/articles") == 1
    assert not any(key.startswith("dropped/") for key in crawler.stats.get_stats())


def test_a_paywalled_teaser_is_counted_apart_from_parser_health(crawler):
    pipeline = ValidatePipeline.from_crawler(crawler)
    teaser = make_article(free_access=False)
    assert pipeline.process_item(teaser) is teaser
    assert crawler.stats.get_value("parsed/paywalled") == 1
    assert crawler.stats.get_value("parsed/missing_published_at") is None
