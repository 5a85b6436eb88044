from crawler.items import Article
from crawler.extract.clean import CleaningRules, clean_article, content_hash
from pipelines.clean import CleanPipeline


def article(**fields):
    return Article(source="presstv", url="https://www.presstv.ir/Detail/2024/05/01/1", **fields)


def test_captions_share_lines_and_footer_go():
    body = "\n\n".join([
        "Lead paragraph.",
        "Iraqi Prime Minister Haider al-Abadi (AFP Photo)",
        "READ MORE: Something else entirely",
        "Share this article",
        "Second paragraph (with an aside).",
        "Press TV’s website can also be accessed at the following alternate addresses:",
        "www.presstv.co.uk",
        "Press TV News Roku",
    ])
    rules = CleaningRules(footer_markers=("Press TV’s website can also be accessed",))
    cleaned = clean_article(article(title="T", body=body), rules)
    assert cleaned.body == "Lead paragraph.\n\nSecond paragraph (with an aside)."


def test_whitespace_folded_inside_paragraphs_and_nfc_kept():
    body = "  Sinirliog\u0306lu   said\n“such\u00a0a request”  \n\n\n\n  Second\tline "
    cleaned = clean_article(article(title="  A\n title ", body=body))
    assert cleaned.title == "A title"
    assert cleaned.body == "Sinirlioğlu said “such a request”\n\nSecond line"
    assert cleaned.word_count == 7


def test_site_suffix_stripped_from_title():
    rules = CleaningRules(title_suffix=r"\s*[-|]\s*PressTV$|^PressTV\s*-\s*")
    assert clean_article(article(title="Story - PressTV", body="b"), rules).title == "Story"
    assert clean_article(article(title="PressTV-Story", body="b"), rules).title == "Story"


def test_dates_become_utc_iso_and_bad_ones_vanish():
    cleaned = clean_article(article(title="T", body="b", published_at="2024-05-01T10:30:00+03:30",
                                    modified_at="not a date"))
    assert cleaned.published_at == "2024-05-01T07:00:00Z"
    assert cleaned.modified_at is None


def test_authors_lose_by_prefix_and_duplicates():
    cleaned = clean_article(article(title="T", body="b", authors=["By Jane Doe", "Jane Doe", " ", "John  Roe"]))
    assert cleaned.authors == ["Jane Doe", "John Roe"]


def test_content_hash_ignores_spacing_and_case_only():
    assert content_hash("Title", "A  b\n\nC") == content_hash("title", "a b c")
    assert content_hash("Title", "A b C") != content_hash("Title", "A b D")


def test_empty_and_missing_values_do_not_crash(crawler):
    pipeline = CleanPipeline.from_crawler(crawler)
    pipeline.open_spider()
    cleaned = pipeline.process_item(article(title=None, body=None))
    assert cleaned.title is None and cleaned.body is None and cleaned.word_count == 0
    # The spider's own rules are used: its footer marker ends the body.
    cleaned = pipeline.process_item(article(title="T", body="Text.\n\nPress TV’s website can also be accessed here"))
    assert cleaned.body == "Text."


def test_an_article_cleaned_where_it_was_parsed_is_passed_as_it_is(crawler):
    pipeline = CleanPipeline.from_crawler(crawler)
    pipeline.open_spider()
    cleaned = clean_article(article(title="T", body="Text.\n\nPress TV News Roku"),
                            CleaningRules.of(crawler.spider))
    again = pipeline.process_item(cleaned)
    assert again is cleaned and again.body == "Text."
