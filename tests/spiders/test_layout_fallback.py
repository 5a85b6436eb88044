"""A page of a layout its source does not recognise (a redesign, an older design) still gives the
article: title and body from the metadata or generic extraction, and the run's parser health
names the fields that fell back.

One hand-written page per layout family: a source with several layouts (BBC: a redesign none of
them matches), a coded source with one (Metro: its 2013 pages), a declared one (France 24).
"""

from __future__ import annotations


import pytest

from crawler.cli import main
from crawler.parsing import parse_page, read_page
from crawler.run.record import summarize
from crawler.sources import source_names, spider_class
from crawler.store import Store
from tests.helpers import FIXTURES, run_cli
from tests.sites.mirrors import source_mirror
from tests.sites.server import FixtureSite
from tests.sites.settings import settings_env

FALLBACK = FIXTURES / "fallback"

BBC_BODY = [
    "Two lighthouse keepers are to live on a remote Hebridean rock for the first time since the "
    "light was automated in 1998.",
    "The Northern Lighthouse Board said the keepers would spend six weeks at a time on the island, "
    "which has no harbour and is reached only by helicopter.",
    "Why now?",
    "Storms have damaged the automatic equipment three times in two winters, and each repair "
    "needed a crew to be flown out in calm weather.",
    "A keeper on the rock can mend faults the day they happen, the board said, and keep the light "
    "burning through the worst of the winter gales.",
]
# source: (title, body paragraphs, the fields that fell back)
CASES = {
    "bbc": ("Lighthouse keepers return to remote island", BBC_BODY, ["title", "body"]),
    "metro": ("Commuters stranded as snow shuts three lines", [
        "Thousands of commuters were stranded this morning after heavy snow closed three railway "
        "lines into London during the rush hour.",
        "Network Rail said drifts of up to a metre had built up overnight on the lines through "
        "Kent and Surrey, and that ploughs had been sent out before dawn.",
        "Passengers were told not to travel unless their journey was essential, and several "
        "stations closed their car parks as the snow kept falling."], ["body"]),
    "france24": ("Paris opens its first swimming spot in the Seine", [
        "Swimmers jumped into the Seine in central Paris on Saturday, the first time in a century "
        "that bathing in the river has been allowed.",
        "The city spent more than a billion euros on cleaning the water before the Olympic Games, "
        "and has opened three bathing spots along the banks for the summer.",
        "Lifeguards test the water every morning, and a flag on each pontoon shows whether "
        "swimming is allowed that day."], ["body"]),
}


@pytest.mark.parametrize("source", sorted(CASES))
def test_an_unrecognised_layout_still_gives_title_and_body(source):
    title, paragraphs, fell_back = CASES[source]
    article = parse_page(read_page(FALLBACK / f"{source}.html"), None, source)
    assert article.title == title
    # The story's paragraphs and subheadings, without the navigation, story links and footer.
    assert article.body.split("\n\n") == paragraphs
    assert article.fell_back == fell_back
    assert article.summary is None  # no standfirst found, and never the metadata's


def _fixture_pages() -> list:
    return [pytest.param(source, page, id=f"{source}:{page.name}") for source in source_names()
            for page in sorted((FIXTURES / source).glob("*.html"))]


@pytest.mark.parametrize("source, page", _fixture_pages())
def test_every_fixture_is_a_layout_its_source_recognises(source, page):
    assert parse_page(read_page(page), None, source).fell_back == []


def test_parser_health_names_the_field_that_fell_back():
    stats = {"articles/fetched": 10, "discovery/feed": 1, "parsed/articles": 10,
             "parser/fallback/body": 1}
    record = summarize(stats, "finished")
    assert (record["status"], record["reason"]) == (
        "ok", "parser health: layout not recognised, fallback for body on 1 of 10 article pages")
    record = summarize({**stats, "parser/fallback/body": 3, "parser/fallback/title": 1}, "finished")
    assert (record["status"], record["reason"]) == (
        "degraded", "parser health: layout not recognised, fallback for body on 3, title on 1 of "
                    "10 article pages")


def test_a_crawl_stores_the_article_and_its_run_names_the_fallback(tmp_path):
    url = "https://www.bbc.com/news/articles/c9x8y7z6w5vq"
    routes = source_mirror(spider_class("bbc")(), url, (FALLBACK / "bbc.html").read_bytes())
    db = tmp_path / "news.db"
    with FixtureSite(tmp_path / "site", routes) as site:
        result = run_cli("crawl", "bbc", "--base-url", site.url, "--db", str(db),
                         env=settings_env(AUTOTHROTTLE_ENABLED=False))
    assert result.returncode == 3, result.stderr  # degraded: every page fell back
    [row] = Store(db).articles("bbc")
    assert (row["url"], row["title"], row["body"].split("\n\n")) == (
        url, "Lighthouse keepers return to remote island", BBC_BODY)
    run = Store(db).last_run("bbc")
    assert (run["status"], run["reason"]) == (
        "degraded", "parser health: layout not recognised, fallback for body on 1, title on 1 of "
                    "1 article pages")


def test_check_fails_on_pages_whose_layout_fell_back(capsys):
    assert main(["check", "bbc", "--pages", str(FALLBACK / "bbc.html")]) == 3
    out, err = capsys.readouterr()
    assert out.rstrip().endswith("fallback title 1/1  fallback body 1/1")
    assert err.splitlines() == [
        "BELOW bbc: layout not recognised, title by fallback on 1/1 pages: bbc.html",
        "BELOW bbc: layout not recognised, body by fallback on 1/1 pages: bbc.html"]
