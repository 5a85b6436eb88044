"""Parser health: a run whose article pages lack title, body or date is `degraded`, exit 3."""

from crawler.run.record import summarize
from crawler.store import Store
from tests.helpers import run_cli
from tests.sites.generic_news import generic_news_site, news_stories


def parsed(pages: int, **missing: int) -> dict:
    """The Scrapy stats of a finished run that parsed ``pages`` article pages."""
    stats = {"discovery/feed": 1, "articles/fetched": pages, "parsed/articles": pages}
    stats.update({f"parsed/missing_{name}": count for name, count in missing.items()})
    return stats


def test_more_than_the_threshold_missing_a_field_is_degraded_and_names_it():
    record = summarize(parsed(10, title=1, published_at=3), "finished")
    assert record["status"] == "degraded"
    assert record["reason"] == "parser health: 30% of 10 article pages had no published_at"
    assert summarize(parsed(10, body=3), "finished")["reason"].endswith("had no body")


def test_up_to_the_threshold_is_still_ok():
    assert summarize(parsed(10, published_at=2), "finished")["status"] == "ok"
    stricter = summarize(parsed(10, published_at=2), "finished", health_threshold=0.1)
    assert stricter["status"] == "degraded"


def test_a_redesigned_site_gives_a_degraded_run_and_exit_3(tmp_path):
    """The site dropped its JSON-LD and meta tags and prints only "2 hours ago": the articles
    are stored, but the run says the dates are gone."""
    db = tmp_path / "news.db"
    with generic_news_site(tmp_path / "site", news_stories(4), redesigned=True) as site:
        result = run_cli("crawl", "--name", "redesigned", "--feed", f"{site.url}/feed.xml",
                         "--db", str(db))
    assert result.returncode == 3, result.stderr
    reason = "parser health: 100% of 3 article pages had no published_at"
    assert f"DEGRADED redesigned: {reason}" in result.stderr.splitlines()
    assert "redesigned degraded: +3 new" in result.stdout
    run = Store(db).last_run("redesigned")
    assert run["status"] == "degraded" and run["reason"] == reason
    rows = list(Store(db).articles("redesigned"))
    assert len(rows) == 3 and all(row["title"] and row["body"] for row in rows)
    assert not any(row["published_at"] for row in rows)
