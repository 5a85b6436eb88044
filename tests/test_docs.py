"""The documentation that is generated from the code is current."""

from pathlib import Path

from crawler.catalog import sources_page

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_sources_page_is_current():
    assert (DOCS / "sources.md").read_text(encoding="utf-8") == sources_page(), (
        "docs/sources.md is stale: run `python -m crawler.catalog > docs/sources.md`")


def test_sources_page_names_every_source_with_its_discovery():
    page = sources_page()
    assert "## `presstv`" in page and "<https://www.presstv.ir/rss.xml>" in page
    assert "## `dw`" in page and "Declared in `sources.toml`." in page
