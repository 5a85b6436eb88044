import feedparser
import pytest

from crawler.extract.feeds import FeedEntry, _read_with_lxml, read_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
<link>https://news.example/</link>
<item><title>dated</title><link>
  https://news.example/a/1</link><pubDate>Tue, 24 Nov 2026 10:00:00 +0000</pubDate></item>
<item><title>dc date</title><link>https://news.example/a/2</link><dc:date>2026-11-24T09:00:00Z</dc:date></item>
<item><title>guid only</title><guid>https://news.example/a/3</guid></item>
<item><title>both</title><link>https://news.example/a/4</link><guid isPermaLink="false">id-4</guid>
  <pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate><dc:date>2026-11-22T00:00:00Z</dc:date></item>
<item><title><![CDATA[cdata & <b>html</b>]]></title><link><![CDATA[https://news.example/a/5?x=1&y=2]]></link></item>
<item><title>no link</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:feed</id>
<entry><title>alternate</title><id>urn:1</id>
  <link rel="self" href="https://news.example/feed/1"/>
  <link rel="enclosure" type="image/jpeg" href="https://news.example/1.jpg"/>
  <link href="https://news.example/b/1"/>
  <published>2026-11-24T10:00:00Z</published><updated>2026-11-25T10:00:00Z</updated></entry>
<entry><title>typed alternate after another type</title><id>urn:2</id>
  <link rel="alternate" type="application/pdf" href="https://news.example/b/2.pdf"/>
  <link rel="alternate" type="text/html" href="https://news.example/b/2"/>
  <updated>2026-11-23T10:00:00Z</updated></entry>
<entry><title>id only</title><id>https://news.example/b/3</id></entry>
</feed>"""

EMPTY_CHANNEL = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
RSS_1 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://news.example/"><title>t</title></channel>
<item rdf:about="https://news.example/c/1"><title>a</title><link>https://news.example/c/1</link></item>
</rdf:RDF>"""
HTML_ENTITY = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
               b"<item><title>caf&eacute;&nbsp;news</title><link>https://news.example/d/1</link>"
               b"<pubDate>Tue, 24 Nov 2026 10:00:00 +0000</pubDate></item></channel></rss>")
UNCLOSED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>a</title><link>https://news.example/e/1</link></item><item><title>b")
XML_BASE = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
            b'xml:base="https://news.example/f/"><title>t</title>'
            b'<entry><id>urn:f1</id><link href="1"/></entry></feed>')
ITEMS_OUTSIDE_CHANNEL = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel>'
                         b"<item><link>https://news.example/i/1</link></item></rss>")
HTML_PAGE = b"<html><body><p>Feeds have moved</p></body></html>"
LATIN_1 = ('<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>t</title>'
           '<item><title>café</title><link>https://news.example/g/1</link></item>'
           "</channel></rss>").encode("iso-8859-1")

ALL = {"rss": RSS, "atom": ATOM, "empty_channel": EMPTY_CHANNEL, "rss_1": RSS_1,
       "html_entity": HTML_ENTITY, "unclosed": UNCLOSED, "xml_base": XML_BASE,
       "html_page": HTML_PAGE, "latin_1": LATIN_1, "items_outside_channel": ITEMS_OUTSIDE_CHANNEL}


def as_feedparser_reads_it(body: bytes) -> list[FeedEntry]:
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    return [FeedEntry(entry.get("link") or entry.get("id"),
                      entry.get("published") or entry.get("updated"))
            for entry in parsed.entries]


@pytest.mark.parametrize("name", ALL)
def test_entries_are_those_feedparser_reads(name):
    assert read_feed(ALL[name]).entries == as_feedparser_reads_it(ALL[name])


def test_rss_links_and_dates():
    assert read_feed(RSS).entries == [
        FeedEntry("https://news.example/a/1", "Tue, 24 Nov 2026 10:00:00 +0000"),
        FeedEntry("https://news.example/a/2", "2026-11-24T09:00:00Z"),
        FeedEntry("https://news.example/a/3", None),
        FeedEntry("https://news.example/a/4", "Mon, 23 Nov 2026 08:00:00 GMT"),
        FeedEntry("https://news.example/a/5?x=1&y=2", None),
        FeedEntry(None, None),
    ]


def test_atom_takes_the_html_alternate_link_and_the_published_date():
    assert read_feed(ATOM).entries == [
        FeedEntry("https://news.example/b/1", "2026-11-24T10:00:00Z"),
        FeedEntry("https://news.example/b/2", "2026-11-23T10:00:00Z"),
        FeedEntry("https://news.example/b/3", None),
    ]


@pytest.mark.parametrize("name", ["rss", "atom", "empty_channel", "latin_1"])
def test_well_formed_rss_and_atom_are_read_without_feedparser(name):
    assert _read_with_lxml(ALL[name]) is not None


@pytest.mark.parametrize("name", ["rss_1", "html_entity", "unclosed", "xml_base", "html_page"])
def test_other_documents_go_to_feedparser(name):
    assert _read_with_lxml(ALL[name]) is None


def test_a_feed_lxml_finds_no_entries_in_is_read_by_feedparser():
    assert _read_with_lxml(ITEMS_OUTSIDE_CHANNEL) == []
    assert read_feed(ITEMS_OUTSIDE_CHANNEL).entries == [FeedEntry("https://news.example/i/1", None)]


def test_broken_feeds_are_told_from_empty_ones():
    assert read_feed(EMPTY_CHANNEL) == ([], True)
    unclosed = read_feed(UNCLOSED)  # feedparser's loose parser still reads the first entry
    assert unclosed.well_formed is False
    assert unclosed.entries[0].link == "https://news.example/e/1"


def test_entities_of_a_feed_dtd_are_not_expanded():
    body = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<rss version="2.0"><channel><item><link>https://news.example/h/1&x;</link>'
            b"</item></channel></rss>")
    assert "root:" not in str(read_feed(body).entries)
