"""The generic extractor's rules, each on a small hand-written page showing its case.

Every page mirrors how news pages are built (a CMS article template with its furniture);
none copies a real page. Each test checks the body and what the decision recorded.
"""

from __future__ import annotations

import json

import lxml.html
from lxml import etree

from crawler.extract import generic
from crawler.extract.generic import Decision, extract

URL = "https://courier.example/news/2024/03/05/bridge"
P1 = ("The harbour bridge reopened to traffic on Tuesday morning, six weeks after engineers "
      "closed it to replace corroded cables and resurface the deck.")
P2 = ("City officials said the repairs cost 4.2 million euros, slightly less than the budget "
      "approved by the council in January after a long debate.")
P3 = ("Commuters who had used the ferry during the closure welcomed the news, although some "
      "complained that the replacement service had been crowded at peak hours.")
P4 = ("The bridge carries about 30,000 vehicles a day and is the only road link between the "
      "old town and the northern districts of the city.")


def page(article: str, head: str = "", around: str = "") -> str:
    return (f"<html><head><title>Harbour bridge reopens | Courier</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<main><article><h1>Harbour bridge reopens</h1>{article}</article></main>"
            f"{around}</body></html>")


def run(html: str):
    result = extract(html, URL)
    return result.article["body"] or "", result.decision


def removed_by(decision: Decision, rule: str) -> list[str]:
    return [text for name, text in decision.removed if name == rule]


def test_interface_labels_go_wherever_they_are():
    body, decision = run(page(
        f"<p>{P1}</p><p>Advertisement</p><p>{P2}</p><p>Story continues below</p>"
        f"<p>{P3}</p><p>Share this article</p><p>{P4}</p>"))
    assert body.split("\n\n") == [P1, P2, P3, P4]
    assert removed_by(decision, "interface") == [
        "Advertisement", "Story continues below", "Share this article"]


def test_share_reprint_and_permalink_lines_go():
    body, decision = run(page(
        f"<p>{P1}</p><p>{P2}</p><p>Permalink</p><p>Reprints &amp; Permissions</p>"
        f"<p>{P3}</p><p>Copy link</p><p>{P4}</p>"))
    assert body.split("\n\n") == [P1, P2, P3, P4]
    assert len(removed_by(decision, "interface")) == 3


def test_a_newsletter_box_in_the_middle_goes():
    box = "Sign up for our morning newsletter and get the day's top stories in your inbox."
    body, decision = run(page(f"<p>{P1}</p><p>{P2}</p><p>{box}</p><p>{P3}</p><p>{P4}</p>"))
    assert box not in body and P3 in body and P4 in body
    assert removed_by(decision, "promotion") == [box]


def test_credited_captions_go_but_prose_about_photos_stays():
    prose = ("The photographer said the picture of the bridge at dawn took three mornings to "
             "get right, because of the fog.")
    body, decision = run(page(
        f"<p>{P1}</p><p>Workers on the deck in February (Photo: Jane Doe/Agency)</p>"
        f"<p>{P2}</p><p>Photo: AFP</p><p>{prose}</p><p>{P3}</p>"))
    assert "Jane Doe" not in body and "Photo: AFP" not in body
    assert prose in body
    assert len(removed_by(decision, "caption")) == 2


def test_a_related_stories_list_goes():
    teasers = "".join(
        f'<h3><a href="/news/{n}">{title}</a></h3><p>{blurb}</p>' for n, (title, blurb) in
        enumerate([("Ferry fares to rise in spring", "Operators blame fuel prices."),
                   ("Council approves bridge budget", "The vote was close.")]))
    body, decision = run(page(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p>"
                              f"<h2>More from the Courier</h2>{teasers}"))
    assert body.split("\n\n") == [P1, P2, P3, P4]
    assert removed_by(decision, "related")[0] == "More from the Courier"


def test_a_related_heading_mid_article_takes_no_prose_with_it():
    body, decision = run(page(f"<p>{P1}</p><p>{P2}</p><h2>Most read</h2><p>{P3}</p><p>{P4}</p>"))
    assert body.split("\n\n") == [P1, P2, P3, P4]
    assert removed_by(decision, "related") == ["Most read"]


def test_a_list_of_story_cards_goes_an_article_list_stays():
    cards = "".join(  # a card: one link around a thumbnail and a headline block
        f"<li class='card'><a href='/news/{n}'> <picture><img src='/thumbs/{n}.jpg' alt=''>"
        f"</picture> <div class='card__title'><span>{headline}</span></div> </a></li>"
        for n, headline in enumerate(["Council approves the new ferry timetable for spring",
                                      "Ten years of the harbour festival in pictures"]))
    cards += ("<li class='card'><div class='ad'><div class='ad__label'>Story continues below"
              "</div></div></li>")  # an ad slot among the cards
    steps = ("<ul><li>The northbound lane opens on Tuesday at six in the morning.</li>"
             "<li>The southbound lane follows a week later, after the last inspection.</li></ul>")
    body, decision = run(page(
        f"<p>{P1}</p><p>{P2}</p>{steps}<p>{P3}</p><ol class='more'>{cards}</ol><p>{P4}</p>"))
    assert "Council approves" not in body and "harbour festival" not in body
    assert "The northbound lane opens on Tuesday" in body  # no thumbnails: the article's list
    assert body.split("\n\n")[-1] == P4
    assert removed_by(decision, "teaser-list") == [
        "Council approves the new ferry timetable for spring Ten years of the harbour festival "
        "in pictures"]


def test_author_bios_and_about_sections_go():
    bio = ("Maria Lopez is a transport reporter for the Courier who has covered the city's "
           "roads and bridges since 2015.")
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"author": {"@type": "Person", "name": "Maria Lopez"}}</script>')
    body, decision = run(page(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p><p>{bio}</p>", head))
    assert bio not in body and body.endswith(P4)
    assert removed_by(decision, "bio") == [bio]

    about = ("Courier Media is an independent publisher of local news, founded in 1921 and "
             "owned by a foundation.")
    body, decision = run(page(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p>"
                              f"<h2>About Courier Media</h2><p>{about}</p>"))
    assert about not in body and body.endswith(P4)


def test_a_leading_dek_that_repeats_the_description_is_the_summary_not_the_body():
    dek = "Engineers replaced every cable of the harbour bridge in six weeks of night work."
    head = f'<meta property="og:description" content="{dek}">'
    result = extract(page(f'<h2 class="standfirst">{dek}</h2><p>{P1}</p><p>{P2}</p>'
                          f"<p>{P3}</p>", head), URL)
    assert dek not in result.article["body"]
    assert result.article["summary"] == dek
    assert result.article["description"] == dek
    assert ("dek", dek) in result.decision.removed


def test_a_pull_quote_repeating_the_text_goes_an_embedded_quote_stays():
    letter = ("We ask the council to keep the ferry running on weekends until the bridge has "
              "carried a full season of traffic without new repairs.")
    pull = "“The repairs cost 4.2 million euros, slightly less than the budget approved”"
    body, decision = run(page(
        f"<p>{P1}</p><blockquote class='pullquote'><p>{pull}</p></blockquote>"
        f"<p>{P2}</p><p>Residents sent the council a letter:</p>"
        f"<blockquote><p>{letter}</p></blockquote><p>{P3}</p><p>{P4}</p>"))
    paragraphs = body.split("\n\n")
    assert pull not in paragraphs  # set large, and said again: the text has it
    assert letter in paragraphs  # quoted, said nowhere else: the article's own text
    assert paragraphs[0] == P1 and paragraphs[1] == P2 and paragraphs[-1] == P4
    assert removed_by(decision, "pull-quote") == [pull]


def test_a_long_paragraph_wrapped_in_one_link_is_article_text():
    linked = f"{P2} It was the first full repair since the bridge opened in 1968."
    body = etree.fromstring(
        f'<body><p>{P1}</p><p><ref target="/history">{linked}</ref></p>'
        '<p>Read more: <ref target="/x">Council approves bridge budget</ref></p>'
        '<item><ref target="/y">Ferry fares to rise in spring</ref></item></body>')
    decision = Decision()
    generic.drop_link_blocks(body, generic._Page(None, {}), decision)
    assert [generic._text(block) for block in body] == [P1, linked]
    assert removed_by(decision, "link-block") == [
        "Read more: Council approves bridge budget", "Ferry fares to rise in spring"]


def test_hover_cards_inside_paragraphs_are_not_text():
    card = ('<span class="person-card" aria-hidden="true"><span>Maria Lopez</span>'
            "<span>Transport reporter. 212 articles. Follow</span></span>")
    body, _ = run(page(f"<p>The mayor, Ann Berg{card}, said the bridge would stay open all "
                       f"summer while the last repairs are finished at night.</p><p>{P2}</p>"
                       f"<p>{P3}</p>"))
    assert "212 articles" not in body
    assert ("The mayor, Ann Berg, said the bridge would stay open all summer while the last "
            "repairs are finished at night.") in body


def test_links_inside_chinese_and_japanese_text_add_no_space():
    html = page("<p>东京大学的研究团队<a href='/a'>宣布</a>\n了新材料的开发，"
                "研究人员在记者会上<a href='/b'>说明</a>\n了成果。" * 6 + "</p>")
    body, _ = run(html)
    assert "宣布了新材料" in body and "说明了成果" in body
    assert " 了" not in body


def test_korean_keeps_its_spaces():
    assert generic._join_cjk("서울 시청 앞") == "서울 시청 앞"
    assert generic._join_cjk("東京 大学") == "東京大学"


# --- restored text --------------------------------------------------------------------------

def _trafilatura_body(*blocks: tuple[str, str]):
    body = etree.Element("body")
    for tag, text in blocks:
        etree.SubElement(body, tag).text = text
    return body


def test_a_subheading_between_two_extracted_paragraphs_is_put_back():
    tree = lxml.html.fromstring(
        f"<html><body><div class='story'><p>{P1}</p><div class='subheading'>Night work</div>"
        f"<p>{P2}</p><h3>What comes next</h3><p>{P3}</p></div></body></html>")
    body = _trafilatura_body(("p", P1), ("p", P2), ("p", P3))
    decision = Decision()
    generic.restore_dropped_text(body, generic._Page(tree, {}), decision)
    assert [(b.tag, b.text) for b in body] == [
        ("p", P1), ("head", "Night work"), ("p", P2), ("head", "What comes next"), ("p", P3)]
    assert decision.restored == [("subheading", "Night work"), ("subheading", "What comes next")]


def test_teaser_headings_are_not_subheadings():
    tree = lxml.html.fromstring(
        f"<html><body><div class='story'><p>{P1}</p><p>{P2}</p><h2>Most read</h2>"
        "<h3>Ferry fares to rise</h3><p>Operators blame fuel.</p></div></body></html>")
    body = _trafilatura_body(("p", P1), ("p", P2))
    generic.restore_dropped_text(body, generic._Page(tree, {}), Decision())
    assert [b.text for b in body] == [P1, P2]


def test_paragraphs_of_a_sibling_container_after_an_ad_are_put_back():
    tree = lxml.html.fromstring(
        f"<html><body><article><div class='article-body'><p>{P1}</p><p>{P2}</p></div>"
        "<div class='ad-slot'><p>Advertisement</p></div>"
        f"<div class='article-body'><p>{P3}</p><p>{P4}</p></div>"
        "<div class='newsletter'><p>Sign up to our newsletter for more news like this every "
        "day of the week.</p></div></article></body></html>")
    body = _trafilatura_body(("p", P1), ("p", P2))
    decision = Decision()
    generic.restore_dropped_text(body, generic._Page(tree, {}), decision)
    assert [b.text for b in body] == [P1, P2, P3, P4]
    assert [kind for kind, _ in decision.restored] == ["sibling", "sibling"]


# --- candidates -----------------------------------------------------------------------------

def test_candidate_quality_prefers_prose_to_a_longer_menu():
    menu = "\n".join(["Home", "News", "Sport", "Subscribe", "Sign in", "Today's paper"] * 20)
    article = "\n".join([P1, P2, P3])
    assert len(menu) > len(article)
    assert generic._quality(article) > generic._quality(menu)
    assert generic._prose_share(menu) < generic.MIN_PROSE_SHARE <= generic._prose_share(article)


def test_a_menu_taken_by_the_fast_extraction_sends_the_page_to_the_full_cascade():
    menu = "".join(f"<a href='/s{n}'>Section {n}</a><br>" for n in range(120))
    html = (f"<html><head><title>Bridge</title></head><body><div id='top'>{menu}</div>"
            f"<div><div><p>{P1}</p></div><div><p>{P2}</p></div><div><p>{P3}</p></div>"
            f"<div><p>{P4}</p></div></div></body></html>")
    body, decision = run(html)
    assert P1 in body
    if decision.candidate == "full cascade":  # the fast one took the menu
        assert "full cascade tried" in decision.notes[0]
    assert "Section 7" not in body


# --- the declared body ----------------------------------------------------------------------

def _with_declared(article_body: str, visible: str) -> str:
    script = json.dumps({"@type": "NewsArticle", "headline": "Harbour bridge reopens",
                         "articleBody": article_body})
    return page(visible, f'<script type="application/ld+json">{script}</script>')


def test_a_declared_body_with_escaped_entities_is_cleaned_or_refused():
    declared = "\n\n".join([P1.replace("the", "&amp;quot;the&amp;quot;", 1), P2, P3])
    body, decision = run(_with_declared(declared, f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"))
    assert "&quot;" not in body and "&amp;" not in body
    assert any("markup" in note for note in decision.notes)


def test_a_declared_body_with_text_not_on_the_page_loses():
    promo = ("Subscribe today for unlimited access to award-winning journalism and the daily "
             "crossword, all for one low monthly price that you can cancel whenever you like.")
    declared = "\n\n".join([P1, P2, P3, promo])
    body, decision = run(_with_declared(declared, f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"))
    assert "unlimited access" not in body
    assert decision.candidate != "declared body"
    assert any("not on the page" in note for note in decision.notes)


def test_a_declared_body_without_the_subheadings_loses():
    long = [" ".join(f"On day {10 * i + j} the crew {verb} cable {i}{j}." for j in range(12))
            for i, verb in enumerate(("lifted", "tested", "painted", "fixed"))]
    declared = "\n\n".join(long)
    extracted = "\n\n".join([long[0], "Six weeks of night work", long[1], long[2],
                              "What commuters say", long[3]])
    decision = Decision()
    assert generic._prefer_declared_body(extracted, declared, None, decision) == extracted
    assert any("subheadings" in note for note in decision.notes)
    # Without subheadings in the extraction either, the complete declared body wins.
    plain = "\n\n".join(long[:3])
    assert generic._prefer_declared_body(plain, declared) == declared


def test_a_complete_clean_declared_body_still_wins_and_gets_the_rules():
    declared = "\n\n".join([P1, P2, "Advertisement", P3])
    body, decision = run(_with_declared(declared, f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"
                                        "<figure><figcaption>A caption</figcaption></figure>"))
    assert decision.candidate == "declared body"
    assert body.split("\n\n") == [P1, P2, P3]
    assert removed_by(decision, "interface") == ["Advertisement"]


# --- explanation ----------------------------------------------------------------------------

def test_the_decision_explains_itself_in_lines():
    _, decision = run(page(f"<p>{P1}</p><p>Advertisement</p><p>{P2}</p><p>{P3}</p>"))
    lines = decision.lines()
    assert lines[0] == "candidate: fast"
    assert "removed by interface: Advertisement" in lines
    assert "removed by headline: Harbour bridge reopens" in lines
