"""Article extraction for any page: metadata from markup, main text from trafilatura.

The page is decoded and parsed once; the same lxml tree feeds ``page_metadata`` and then
trafilatura (which copies it before cleaning). Trafilatura's own metadata pass is skipped, as
it would read the same tags a second time.

The body is trafilatura's main-content extraction, corrected with what the page says about
itself and with conventions all news pages share (see ``extract_body``).
"""

from __future__ import annotations

import html
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import trafilatura
import trafilatura.utils
from htmldate import find_date
from lxml import etree, html as lxml_html
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt
from w3lib.encoding import html_body_declared_encoding, read_bom

from crawler.extract.dates import date_from_url, to_utc_iso
from crawler.extract.markup import flatten, stopped_too_deep
from crawler.extract.metadata import page_metadata
from crawler.extract.language import settle_language
from crawler.extract.text import html_paragraphs, join_paragraphs, normalize_text, outermost
from crawler.items import LIST_FIELDS, PAGE_FIELDS

# The page fields, the stated description and the paywall flag (``extract_article``), the URL.
FIELDS = (*PAGE_FIELDS, "description", "free_access", "canonical_url")

# trafilatura and htmldate log every page they cannot use at WARNING: a crawl would drown.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)
# Trafilatura's page parser (load_html reads it from its module), with huge_tree: without it
# libxml2 stops at 256 nested elements, and the rest of the page, often its body, is lost.
trafilatura.utils.HTML_PARSER = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
    remove_pis=True, huge_tree=True)

# Trafilatura's own cut-off for a short extraction (characters). Below it the fast extraction may
# have missed the article, so the full cascade runs too; and below it a text must contain a
# sentence to count as an article.
SHORT_EXTRACTION = trafilatura.settings.DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE")
# Trafilatura's cascade takes readability's text over its own when it is this many times longer.
READABILITY_ADVANTAGE = 2
# A line reads as prose with this many words and a sentence end; a fast extraction with less
# than this share of its text in such lines is a menu or a teaser list: the cascade is tried.
PROSE_LINE_MIN_WORDS = 8
MIN_PROSE_SHARE = 0.5
# A block is a link when link text makes up this share of it (a label like "Read more" aside).
LINK_BLOCK_SHARE = 0.8
# A linked block of this many words and two sentences is prose, not a headline.
LINKED_PROSE_MIN_WORDS = 30
# "Read more: <linked headline>": a label of at most this many words, a link of at least that many.
LABEL_MAX_WORDS = 3
LINKED_HEADLINE_MIN_WORDS = 3
# Sizes (words) up to which a block can be a label, a promotion box, a caption, a teaser item.
LABEL_LINE_MAX_WORDS = 6
PROMO_MAX_WORDS = 40
CAPTION_MAX_WORDS = 60
RELATED_ITEM_MAX_WORDS = 25
# A teaser's link text is at least this share of it (cards often repeat the linked headline).
TEASER_LINK_SHARE = 0.4
# How far up the page the sibling rule looks for the other parts of a split body.
SIBLING_LEVELS = 3
# A subheading is at most this long (words).
SUBHEADING_MAX_WORDS = 15
_SUBHEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Outside these, in document order: paragraphs, headings or what is marked as one, links and
# list items (a link or list after a heading makes it a box's title, not a subheading).
_OUTSIDE_ARTICLE = ("ancestor::aside or ancestor::nav or ancestor::figure or ancestor::footer"
                    " or ancestor::form or ancestor::blockquote")
_ARTICLE_ELEMENTS = etree.XPath(
    f"(.//p[not(ancestor::a or ancestor::li)] | .//a | .//li | .//h2 | .//h3 | .//h4 | .//h5"
    f" | .//h6 | .//*[@role='heading'] | .//div[contains(@class, 'head') or"
    f" contains(@class, 'Head') or contains(@class, 'title')] | .//span[contains(@class, 'head')"
    f" or contains(@class, 'Head')])[not({_OUTSIDE_ARTICLE} or ancestor::a or ancestor::li)]")
_SUBHEADING_CLASS = re.compile(r"(?:^|[\s_-])(?:sub-?head(?:ing|line)?|heading|crosshead|inter-?title)"
                               r"(?:$|[\s_-])", re.IGNORECASE)
# A closing block longer than this is prose, whatever words it contains.
TRAILING_MAX_WORDS = 60
# An author bio names the author within its first words.
BIO_NAME_WITHIN = 12
# Share of a leading heading's shingles the description must hold for the heading to be the dek.
DEK_OVERLAP = 0.8
# Share of a quote's shingles the rest of the text must hold for the quote to be a pull quote,
# and the words a quote needs to be judged (a short one may repeat a phrase by chance).
PULL_QUOTE_OVERLAP = 0.8
PULL_QUOTE_MIN_WORDS = 8
# Share of the extracted text the JSON-LD articleBody must contain to be taken as complete,
# and the share of its own text it may have that the page does not show.
DECLARED_BODY_COVERAGE = 0.9
DECLARED_OFF_PAGE = 0.1

_WHITESPACE = re.compile(r"\s+")
_FOLDABLE = re.compile(r"\s\s|[^\S ]")  # whitespace that is not one plain space
_PARAGRAPH_TEXT = etree.XPath("//p//text()", smart_strings=False)
# Where a page shows its article's text (JSON-LD and other scripts left out).
_BLOCK_TEXT = etree.XPath("//p//text() | //h2//text() | //h3//text() | //li//text()"
                          " | //blockquote//text()", smart_strings=False)
_WORD = re.compile(r"\w+")
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")
_HAS_ALPHANUMERIC = re.compile(r"[^\W_]")
# A sentence ends in its script's full stop, question or exclamation mark, maybe before a quote.
_SENTENCE_END = re.compile(r"\w[.!?…。！？।؟።][\"'”’»)\]]*(?:\s|$)")
# Han, kana and their punctuation: scripts written without spaces between words (not Hangul).
_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_CHARS = re.compile(f"[{_CJK}]")
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
# Inside a paragraph: elements hidden until hovered or clicked (cards, tooltips, pop-ups).
_HIDDEN_INLINE = etree.XPath(
    "//p//*[@hidden or @aria-hidden='true' or @role='tooltip' or @role='dialog'"
    " or contains(translate(@style, ' ', ''), 'display:none')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' tooltip ')"
    " or contains(@class, 'hovercard') or contains(@class, 'hover-card')"
    " or contains(@class, 'popover') or contains(@class, 'popup')]")
# The page's furniture, as a whole short block.
_INTERFACE_LABEL = re.compile(
    r"""^(?:advertisement|advertising|sponsored(?:\s+content)?|ad|article\s+content
    | (?:the\s+)?story\s+continues(?:\s+below)?(?:\s+advertisement)?
    | (?:recommended|related|featured)\s+videos?|up\s+next|previous(?:\s+page)?|next(?:\s+page)?
    | skip\s+(?:to\s+content|ad|advertisement) | close | menu | search
    | share(?:\s+(?:this|the)\s+(?:article|story|page))?(?:\s+on\s+\w+)? | share\s+via\b.*
    | copy\s+(?:the\s+)?link | link\s+copied | permalink | reprints?(?:\s+(?:&|and)\s+permissions)?
    | print(?:\s+this\s+(?:article|page))? | e-?mail(?:\s+this\s+(?:article|story))?
    | listen\s+to\s+(?:this\s+)?(?:article|story) | \d+\s+min(?:ute)?s?\s+read
    | (?:show|load|see)\s+(?:more|all)(?:\s+comments)? | comments?(?:\s+\(\d+\))?
    )[\s.:!]*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Sign-up, subscription and comment boxes, and a video player's fallback text.
_PROMOTION = re.compile(
    r"""\b(?:sign\s+up|subscribe)\b[^.]{0,80}\b(?:newsletters?|inbox|alerts|updates|now)\b
    | \bnewsletters?\b[^.]{0,80}\b(?:sign\s+up|subscribe|inbox)\b | \bin\s+your\s+inbox\b
    | ^get\s+(?:the\s+|our\s+)?(?:daily|weekly|breaking|latest|top)\b[^.]{0,40}\b(?:news|headlines|updates)$
    | ^subscribe\s+now\b | ^sign\s+up\s+(?:for|to)\b
    | \bjoin\s+(?:our|the)\s+(?:commenting\s+forum|conversation|discussion)\b
    | \b(?:before|start)\s+commenting\b | \blog\s*out\s+and\s+then\s+log\s*in\b
    | ^supports\s+html5(?:\s+video)?$
    | \benable\s+javascript\b | \bsupports\s+html5\s+video\b
    | \bwe\s+may\s+earn\s+(?:an?\s+)?(?:affiliate\s+)?commission\b
    | \bmay\s+earn\s+(?:an?\s+)?(?:affiliate\s+)?commission\b | \bearn\s+us\s+a\s+commission\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Words one of those patterns needs (lower-cased): a cheap test before the patterns themselves.
_PROMOTION_WORDS = ("sign", "subscri", "newsletter", "inbox", "get", "join", "commenting",
                    "enable", "supports", "earn", "log")
# A photo credit, alone ("Photo: AFP") or closing a caption ("... (Picture: Getty Images)").
_CAPTION_CREDIT = re.compile(
    r"^(?:photo|picture|image|credit|illustration)s?\s*(?:credit)?\s*:\s*\S[^.]{0,60}$"
    r"|\((?:photo|picture|image|credit|illustration)s?\s*(?:credit)?\s*:[^)]{1,80}\)\s*$",
    re.IGNORECASE)
_CAPTION_WORDS = re.compile(r"photo|picture|image|credit|illustration", re.IGNORECASE)
# A heading that announces links to other stories.
_RELATED_HEADING = re.compile(
    r"""^(?:more\s+(?:from|on|about|in|stories|news|like\s+this)\b.*|related(?:\s+\w+){0,2}
    | (?:most\s+(?:read|popular|viewed|shared)|popular|trending|latest|top\s+stories)(?:\s+\w+){0,3}
    | (?:you\s+(?:may|might)\s+also\s+like|recommended(?:\s+for\s+you)?|also\s+read|read\s+next
    | further\s+reading|what\s+to\s+read\s+next|editor'?s?\s+picks?)
    )[\s.:!]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_NOT_NAMES = frozenset({"the", "a", "an", "by", "staff", "news", "our", "from"})
_ABOUT_HEADING = re.compile(r"^about\s+(?:the\s+)?\S.{0,60}$", re.IGNORECASE)
# What a bio says of its subject.
_BIO_VERB = re.compile(
    r"\b(?:is|was)\s+(?:an?|the)\b|\b(?:has|have)\s+(?:covered|written|reported|worked)\b"
    r"|\b(?:covers|writes\s+(?:about|for)|reports\s+on|joined)\b|\bmakes\s+frequent\s+appearances\b",
    re.IGNORECASE)
# The standfirst: looked for this many elements after the <h1>, of this length (characters).
STANDFIRST_WINDOW = 80
STANDFIRST_MIN_CHARS = 30
STANDFIRST_MAX_CHARS = 600
_STANDFIRST_NAME = re.compile(
    r"(?:^|[\s_-])(?:standfirst|dek|deck|subtitle|sub-?title|subhead(?:line|ing)?|sub-?headline"
    r"|strapline|summary|description|excerpt|intro|teaser|lead|lede|abstract)(?:$|[\s_-])",
    re.IGNORECASE)
_NOT_STANDFIRST = frozenset({"nav", "aside", "figure", "figcaption", "footer", "form", "button",
                             "script", "style", "noscript", "template", "ul", "ol", "li", "a",
                             "time", "img", "picture"})
_HTML_TAG = re.compile(r"</?(?:p|a|div|span|strong|em|br|h\d|i|b)\b[^>]*>", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((?:https?:)?/[^)\s]*\)")
_MARKDOWN_ATTRIBUTES = re.compile(r"\{:\s*[^}\n]{0,80}\}")
_MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}([^*\n]{1,200}?)\*{1,2}(?![\w*])")
_TEMPLATE_LINE = re.compile(r"^(?:\+\+\+[\w-]*|\[#\w+:[^\]]*\])$")
# Markup a declared body shows as text: entities, tags, markdown links, template codes.
_MARKUP_RESIDUE = re.compile(
    r"&(?:amp;)*(?:quot|amp|lt|gt|apos|nbsp|#\d+|#x[0-9a-f]+);|</?(?:p|a|div|span|strong|em|br)\b"
    r"|\[[^\]\n]{1,200}\]\((?:https?:)?/|^\+\+\+|\{:\s*[\w.-]",
    re.IGNORECASE | re.MULTILINE)
# What closes many news pages after the story: credits, calls to action, comment-box headers.
# Phrases rather than single words, and only applied to the closing run of short blocks.
_TRAILING_BOILERPLATE = re.compile(
    r"""
    ^(?:additional\s+)?(?:reporting|writing|editing)\b[^.]{0,80}?\bby\b
    | \bcontributed\s+(?:reporting\s+)?(?:to\s+)?(?:this|the)\s+(?:report|story|article)
    | ^(?:sources?|via|credits?)\s*:
    | ^(?:©|copyright\b) | \ball\s+rights\s+reserved
    | \b(?:sign\s+up|subscribe)\b[^.]{0,80}\b(?:newsletters?|inbox|alerts|podcast|channel)\b
    | \bnewsletters?\b[^.]{0,80}\b(?:sign\s+up|subscribe|inbox)\b | \bin\s+your\s+inbox\b
    | \bfollow\s+(?:us|him|her|them|@?[\w.']+)(?:\s+[\w.']+)?\s+on\s+
      (?:twitter|x|facebook|instagram|linkedin|tiktok|youtube|threads|bluesky|mastodon)\b
    | \bclick\s+here\b
    | \b(?:tell|let)\s+us\s+what\s+you\s+think\b | \bjoin\s+the\s+(?:conversation|discussion)\b
    | ^\d*\s*comments?\s*(?:\(\d+\))?$
    | \b(?:may|can)\s+be\s+reached\s+at\b | \bhave\s+a\s+(?:news\s+)?tip\b
    | ^(?:listen|watch)\s+(?:to|live|again|back)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


def extract_article(html: str | bytes, url: str) -> dict:
    """Title, summary, body and metadata of the article on a page.

    ``body`` is clean text, paragraphs separated by one blank line; dates are UTC ISO 8601
    strings; ``summary`` is the standfirst shown on the page, ``description`` the one its
    metadata states; ``free_access`` is False for a page that declares itself paywalled. A
    page with no readable article gives ``body`` None, its metadata still filled.
    """
    return extract(html, url).article


def extract(html: str | bytes, url: str) -> Extraction:
    """``extract_article``'s fields with the ``Decision`` that chose the body."""
    decision = Decision()
    tree = parse_html(html)
    if tree is None:
        return Extraction({field: [] if field in LIST_FIELDS else None for field in FIELDS},
                          decision)
    meta = page_metadata(tree, url)
    article = {field: meta.get(field) for field in FIELDS}
    article["summary"] = visible_standfirst(tree)
    article["body"] = extract_body(tree, meta, decision) or None
    article["language"] = settle_language(meta.get("language"), article["body"])
    if not article["published_at"]:
        # The page's markup states no date (what the CMS meant is best); the URL's, then the
        # visible text's.
        article["published_at"] = (date_from_url(url) if url else None) or _visible_date(tree, url)
    return Extraction(article, decision)


def parse_html(html: str | bytes):
    """The lxml tree of a page, or None. Bytes are decoded with their declared charset first."""
    if isinstance(html, bytes):
        tree = _parse_valid_bytes(html)
        if tree is not None:
            return tree
        html = _decode(html)
    if not html or not html.strip():
        return None
    tree = load_html(html)
    if tree is not None and stopped_too_deep(tree):  # deeper still: see crawler.extract.markup
        if isinstance(html, bytes):
            html = html.decode("utf-8", errors="replace")
        tree = load_html(flatten(html))
    return tree


def _parse_valid_bytes(content: bytes):
    """The tree of a page whose bytes libxml2 can read as they are, or None.

    That is a page valid in the charset it declares (or in UTF-8) and without what
    trafilatura's repair of page text would change: XML-invalid control characters, an
    XHTML-style doctype, a self-closed ``<html/>``. libxml2 decodes the bytes itself, and a
    scan for a few bytes replaces the repair's pass over the decoded text. Other pages (None)
    go the way trafilatura reads them.
    """
    declared, content = _declared_charset(content)
    encoding = declared or "utf-8"
    try:
        text = content.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None
    data = content if encoding == "utf-8" else text.encode("utf-8")  # the parser reads UTF-8
    if any(byte in data for byte in _XML_INVALID_BYTES) or (
            not text.isascii() and ("\ufffe" in text or "\uffff" in text)):
        return None
    if trafilatura.utils.DOCTYPE_TAG.match(text) or _SELF_CLOSED_HTML.search(text, 0, 4096):
        return None
    try:
        tree = lxml_html.fromstring(data, parser=trafilatura.utils.HTML_PARSER)
    except (ValueError, etree.ParserError):
        return None
    # What trafilatura would reject or repair: no elements, or a fragment rather than a page.
    if tree is None or len(tree) < 1 or stopped_too_deep(tree) or (
            trafilatura.utils.is_dubious_html(text[:50].lower()) and len(tree) < 2):
        return None
    return tree


# Characters XML forbids (libxml2 keeps them in the tree, where trafilatura fails on them);
# in UTF-8 each is one byte that no other character contains.
_XML_INVALID_BYTES = tuple(bytes([code]) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
# lxml reads a page in the XHTML namespace after a doctype with a slash in it (trafilatura's
# DOCTYPE_TAG, which it removes first), and stops at a self-closed <html/>.
_SELF_CLOSED_HTML = re.compile(r"<html\b[^>]*/>", re.IGNORECASE)


def _decode(content: bytes) -> str | bytes:
    """Text of a page in the encoding it declares (BOM, then <meta charset>).

    Undeclared pages go back as bytes: trafilatura then tries UTF-8 and guesses the rest.
    """
    declared, content = _declared_charset(content)
    if declared:
        try:
            return content.decode(declared, errors="replace")
        except LookupError:  # a charset name Python does not know
            pass
    return content


def _declared_charset(content: bytes) -> tuple[str | None, bytes]:
    """The charset a page declares (its BOM, else its <meta charset>), and the page without
    its BOM."""
    bom_encoding, bom = read_bom(content)
    if bom_encoding:
        return bom_encoding, content[len(bom):]
    return html_body_declared_encoding(content), content


def _visible_date(tree, url: str | None) -> str | None:
    """Publication date from the page's visible markup (htmldate), for pages without metadata.

    htmldate is told no upper bound, so that a future date comes back as itself (and is then
    rejected) rather than replaced by the first of its month; a date it completed with day 1
    from a bare year and month is not taken unless the page writes that day.
    """
    try:
        found = find_date(tree, url=url, extensive_search=False, original_date=True,
                          max_date=_NO_UPPER_BOUND, outputformat="%Y-%m-%dT%H:%M:%S%z")
    except (ValueError, TypeError):
        return None
    if not found or (found[8:19] == "01T00:00:00" and not _writes_first_of_month(tree, found)):
        return None
    return to_utc_iso(found)


_NO_UPPER_BOUND = datetime(2999, 12, 31)
_MONTHS = ("january february march april may june july august september october november "
           "december").split()


def _writes_first_of_month(tree, found: str) -> bool:
    """Whether the page states the 1st of the found month, in numbers or with its name."""
    year, month = found[:4], int(found[5:7])
    html = etree.tostring(tree, encoding="unicode").lower()
    name = _MONTHS[month - 1]
    return bool(re.search(
        rf"{year}[-/.]0?{month}[-/.]0?1\b|\b0?1[-/.]0?{month}[-/.]{year}"
        rf"|\b{name[:3]}\w*\.?\s+0?1(?:st)?\b|\b0?1(?:st)?\s+{name[:3]}", html))


# --- the standfirst ------------------------------------------------------------------------------

def visible_standfirst(tree) -> str | None:
    """The standfirst (dek, lead, subtitle) shown under the headline, or None.

    It is the first element after the page's first <h1>, within ``STANDFIRST_WINDOW``
    elements, that either is named for it (a class or id such as "standfirst", "dek",
    "subtitle", "summary", "lead"; ``itemprop="description"``) or is an <h2> or <p> directly
    following the headline in its own header. Menus, figures and asides are not looked in.
    """
    heading = next(tree.iter("h1"), None)
    if heading is None:
        return None
    for count, element in enumerate(_after(heading)):
        if count >= STANDFIRST_WINDOW:
            break
        if not isinstance(element.tag, str) or element.tag in _NOT_STANDFIRST:
            continue
        named = bool(_STANDFIRST_NAME.search(
            f"{element.get('class') or ''} {element.get('id') or ''}")) or (
            element.get("itemprop") == "description")
        if not named:
            continue
        if any(a.tag in _NOT_STANDFIRST for a in element.iterancestors()):
            continue
        text = normalize_text(element.text_content())
        if STANDFIRST_MIN_CHARS <= len(text) <= STANDFIRST_MAX_CHARS and \
                not element.xpath(".//p[2] | .//h1 | .//h2 | .//li"):
            return text
    return None


def _after(element):
    """Elements after ``element`` in document order, its own descendants left out."""
    while element is not None:
        for sibling in element.itersiblings():
            yield sibling
            yield from sibling.iterdescendants()
        element = element.getparent()


# --- the decision --------------------------------------------------------------------------------

@dataclass
class Decision:
    """How the body was chosen: which candidate, why, and what each rule removed.

    ``candidate`` is "fast" (trafilatura's fast extraction), "full cascade" (its comparison
    with readability and jusText), "declared body" (the page's JSON-LD ``articleBody``),
    "fallback" (the declared body where nothing could be extracted) or "none".
    """

    candidate: str = "none"
    notes: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, text removed)
    restored: list[tuple[str, str]] = field(default_factory=list)  # (rule, text put back)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def drop(self, rule: str, element) -> None:
        """Remove a block of the extraction, recording it under ``rule``."""
        self.removed.append((rule, _text(element)))
        _remove(element)

    def lines(self) -> list[str]:
        """The decision as lines of text, for ``crawler parse --explain``."""
        lines = [f"candidate: {self.candidate}", *(f"  {note}" for note in self.notes)]
        for verb, changes in (("restored", self.restored), ("removed", self.removed)):
            for rule, text in changes:
                lines.append(f"{verb} by {rule}: {text[:100]}{'…' if len(text) > 100 else ''}")
        return lines


@dataclass
class Extraction:
    """``extract``'s result: the article's fields and how its body was chosen."""

    article: dict
    decision: Decision


# --- body ----------------------------------------------------------------------------------------

def extract_body(tree, meta: dict, decision: Decision | None = None) -> str:
    """Main text of the page as paragraphs separated by blank lines ("" when there is none).

    Trafilatura finds the main content; then what it commonly keeps but is not article text
    goes (the ``RULES``, each recorded in ``decision``). A complete, clean JSON-LD
    ``articleBody`` wins over the result.
    """
    decision = decision if decision is not None else Decision()
    _drop_code_and_styles(tree)
    _drop_hidden_inline(tree)
    body = _main_content(tree, decision)
    if body is None:
        declared = meta.get("article_body") or ""
        if declared:
            decision.candidate = "fallback"
            decision.note("nothing extracted: the declared articleBody")
        return declared
    page = _Page(tree, meta)
    for rule in RULES:
        rule(body, page, decision)
    text = _render(body)
    if not _is_prose(text):
        decision.note("extraction is not prose (no sentence): dropped")
        decision.candidate = "none"
        text = ""
    chosen = _prefer_declared_body(text, meta.get("article_body"), tree, decision)
    if chosen is text:
        return text
    decision.candidate = "declared body"
    return _apply_rules(chosen, page, decision)


def _apply_rules(declared: str, page: _Page, decision: Decision) -> str:
    """The rules run on a declared body too: CMSs put captions, promotions and credits in it.
    ``page`` is the extraction's: its page elements' texts are not computed again."""
    body = etree.Element("body")
    for paragraph in declared.split("\n\n"):
        etree.SubElement(body, "p").text = paragraph
    for rule in RULES:
        rule(body, page, decision)
    return join_paragraphs(_text(block) for block in body)


def _main_content(tree, decision: Decision):
    """Trafilatura's main-content tree (its XML: p, head, list/item, quote, table, ref...).

    Trafilatura's fast mode first. Its full cascade (comparison with readability and justext)
    costs a second extraction, so it runs only where it can change the result: when the fast
    one found little, reads as a menu rather than prose, or may have caught only part of the
    article (see ``_may_be_partial``). The better of the two by ``_quality`` is kept.
    Links are kept (``ref``) so that link-only blocks can be recognised. No URL is passed: its
    only use would be making link targets absolute, which costs time, and targets are dropped.
    The "txt" format skips trafilatura's own text rendering; ``_render`` does it once at the end.
    """
    options = dict(url=None, include_comments=False, include_links=True, with_metadata=False,
                   output_format="txt")
    document = trafilatura.bare_extraction(tree, fast=True, **options)
    text = (document.raw_text or "") if document is not None else ""
    decision.candidate = "fast" if document is not None else "none"
    reason = ("it is short" if len(text) < SHORT_EXTRACTION
              else "it is mostly not prose" if _prose_share(text) < MIN_PROSE_SHARE
              else "a block elsewhere may hold more" if _may_be_partial(tree, len(text))
              else None)
    if reason is None:
        return document.body
    fuller = trafilatura.bare_extraction(tree, fast=False, **options)
    if fuller is not None:
        fast_score, full_score = _quality(text), _quality(fuller.raw_text or "")
        decision.note(f"full cascade tried: fast extraction {reason}; quality fast "
                      f"{fast_score:.0f}, full {full_score:.0f}")
        if full_score > fast_score:
            document, decision.candidate = fuller, "full cascade"
    return document.body if document is not None else None


def _prose_lines(text: str) -> tuple[int, int]:
    """(characters in lines that read as sentences, characters in all lines)."""
    prose = total = 0
    for line in text.splitlines():
        size = len(line.strip())
        total += size
        if size and (len(line.split()) >= PROSE_LINE_MIN_WORDS and _SENTENCE_END.search(line)
                     or _is_cjk_sentence(line)):
            prose += size
    return prose, total


def _is_cjk_sentence(line: str) -> bool:
    return len(_CJK_CHARS.findall(line)) >= PROSE_LINE_MIN_WORDS * 2 and bool(
        _SENTENCE_END.search(line) or line.rstrip().endswith(("。", "！", "？")))


def _prose_share(text: str) -> float:
    prose, total = _prose_lines(text)
    return prose / total if total else 0.0


def _quality(text: str) -> float:
    """How much article a candidate holds: its prose, less half of everything else (menus,
    link labels, teaser lists), so that a longer candidate only wins with more prose."""
    prose, total = _prose_lines(text)
    return prose - (total - prose) / 2


def _may_be_partial(tree, found: int) -> bool:
    """Whether trafilatura's full cascade could swap the fast extraction for readability's.

    It does so when readability's text is over twice as long. Readability builds its text
    around the element whose paragraphs (and, at half weight, its grandchildren's) hold the
    most text; unless some element holds twice what was found, the cascade would keep the
    fast result. The page's total paragraph text bounds that cheaply for most pages.
    """
    threshold = READABILITY_ADVANTAGE * found
    if sum(map(len, _PARAGRAPH_TEXT(tree))) <= threshold:
        return False
    held: dict = defaultdict(float)
    for paragraph in tree.iter("p"):
        length = len(paragraph.text_content())
        parent = paragraph.getparent()
        if parent is not None:
            held[parent] += length
            grandparent = parent.getparent()
            if grandparent is not None:
                held[grandparent] += length / 2
    return max(held.values(), default=0) > threshold


def _is_prose(text: str) -> bool:
    """Whether an extraction reads as an article rather than a menu or a list of teasers.

    Long text always does. A short one needs a sentence: trafilatura's last resort for pages
    without an article is the page's whole text, and on a section front that is link labels.
    """
    return len(text) >= SHORT_EXTRACTION or bool(_SENTENCE_END.search(text))


def _drop_code_and_styles(tree) -> None:
    """Scripts (JSON-LD and other data kept), style sheets, inline SVG drawings, form controls,
    frames, <noscript> and <link>: never the article's text (the metadata has been read), and
    trafilatura, which drops them too, copies the tree three times before it does."""
    for script in [e for e in tree.iter("script") if "json" not in (e.get("type") or "")]:
        _drop_keeping_tail(script)
    etree.strip_elements(tree, *_CODE_AND_STYLES, with_tail=False)


_CODE_AND_STYLES = ("style", "svg", "noscript", "iframe", "button", "select", "input", "link")


def _drop_hidden_inline(tree) -> None:
    """Hover cards and pop-ups inside paragraphs (a person's or company's card, a tooltip):
    hidden or marked as such, they are not part of the sentence they sit in. Their tail stays."""
    for element in _HIDDEN_INLINE(tree):
        _drop_keeping_tail(element)


def _drop_keeping_tail(element) -> None:
    """Remove an element; the text after it (its tail) stays where it was."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _render(body) -> str:
    """Plain text, one paragraph per block, link targets dropped."""
    etree.strip_tags(body, "ref")
    _fold_source_whitespace(body)
    lines = (_join_cjk(normalize_text(line)) for line in xmltotxt(body, False).splitlines())
    return join_paragraphs(line for line in lines if line)


def _fold_source_whitespace(body) -> None:
    """A line break in the HTML source is not a paragraph break. Trafilatura trims most text
    itself, but not the text around the links it keeps."""
    for element in body.iter():
        if element.tag == "code":  # preformatted: its line breaks are meant
            continue
        if element.text and _FOLDABLE.search(element.text):
            element.text = _WHITESPACE.sub(" ", element.text)
        if element.tail and _FOLDABLE.search(element.tail):
            element.tail = _WHITESPACE.sub(" ", element.tail)


def _join_cjk(line: str) -> str:
    """Chinese and Japanese put no space between words: a space between two of their
    characters comes from the source's line breaks (often where a link meets the text)."""
    return _CJK_SPACE.sub("", line) if _CJK_CHARS.search(line) else line


# --- rules ---------------------------------------------------------------------------------------
# Each takes (body, page, decision) and removes blocks of trafilatura's XML via
# ``decision.drop``. They run in the order of ``RULES``.

@dataclass
class _Page:
    """What the rules read besides the extraction: the page, its metadata, and the text of
    each block and page element (computed once: blocks keep their text while the rules remove
    others, and the page is not changed)."""

    tree: object
    meta: dict
    texts: dict = field(default_factory=dict)

    def text(self, element) -> str:
        text = self.texts.get(element)
        if text is None:
            text = self.texts[element] = _text(element)
        return text

    def blocks(self, body) -> list:
        """The extraction's text blocks in order (paragraphs, headings, list items, quotes)."""
        return [block for block in body.iter("p", "head", "item", "quote")
                if block.getparent() is not None and self.text(block)]

def _text(element) -> str:
    """An element's text, whitespace folded (the rules run before ``_render`` marks breaks)."""
    return " ".join(etree.tostring(element, method="text", encoding="unicode",
                                   with_tail=False).split())


def _link_chars(element) -> int:
    """Characters of link text (trafilatura's ``ref`` elements) inside an element."""
    return sum(len(_text(ref)) for ref in element.iter("ref"))


def _comparable(text: str | None) -> str:
    """Lower-case words only, to match a headline across its variants."""
    return " ".join(_WORD.findall((text or "").lower()))


def restore_dropped_text(body, page: _Page, decision: Decision) -> None:
    """subheading / sibling: put back article text trafilatura left out.

    Its paragraphs are matched to the page's <p> elements. A subheading between two of them
    (an <h2>-<h6>, or an element marked as a heading: ``role="heading"``, a class naming a
    subheading) is the article's own. And where the body is split into sibling containers of
    one tag and class (an ad or an embed between them), readability's sibling rule: their
    prose paragraphs belong to the article too.
    """
    blocks = {page.text(block): block for block in body.iter("p") if page.text(block)}
    if len(blocks) < 2:
        return
    # The page's <p> elements that the extraction holds, each with its block there.
    matched = {element: blocks[text] for element in page.tree.iter("p")
               if (text := page.text(element)) in blocks}
    if len(matched) < 2:
        return
    containers = defaultdict(int)
    for element in matched:
        containers[element.getparent()] += 1
    container = max(containers, key=containers.get)
    areas = _split_body(container)
    present = None  # the extraction's blocks as words, computed when first needed
    previous = None  # the body block after which the next restored text goes
    for area in areas:
        # Paragraphs and headings in order; links and list items too, as what a heading
        # announces when it heads a box of links rather than the article's next paragraph.
        sequence = _ARTICLE_ELEMENTS(area)
        for position, element in enumerate(sequence):
            if element in matched:
                previous = matched[element]
                continue
            if previous is None or element.tag in ("a", "li"):
                continue
            following = sequence[position + 1] if position + 1 < len(sequence) else None
            kind = _restorable(element, page, area is not container, following in matched)
            if not kind:
                continue
            if present is None:
                present = {_comparable(page.text(block)) for block in page.blocks(body)}
            text = page.text(element)
            if _comparable(text) in present:
                continue
            previous = _insert_after(previous, "head" if kind == "subheading" else "p", text)
            page.texts[previous] = text
            decision.restored.append((kind, text))


def _split_body(container) -> list:
    """The container and its like (same tag and class) under a near ancestor: the parts of
    one body that a template splits around ads, embeds or full-width media."""
    if not container.get("class"):
        return [container]
    scope = container
    for _ in range(SIBLING_LEVELS):
        scope = scope.getparent() if scope.getparent() is not None else scope
    areas = outermost(_ALIKE(scope, tag=container.tag, name=container.get("class")))
    return areas if container in areas else [container]


_ALIKE = etree.XPath("descendant-or-self::*[name() = $tag][@class = $name]")


def _is_heading(element) -> bool:
    return element.tag in _SUBHEADING_TAGS or element.get("role") == "heading" or (
        element.tag in ("div", "span") and bool(_SUBHEADING_CLASS.search(element.get("class") or "")))


def _restorable(element, page: _Page, in_sibling: bool, leads_to_text: bool) -> str | None:
    """"subheading" (a heading the article's next paragraph follows), "sibling" (a prose
    paragraph of a sibling container), or None."""
    if element.tag == "p":
        if not in_sibling:
            return None
        text = page.text(element)
        links = sum(len(page.text(a)) for a in element.iter("a"))
        if (len(text.split()) >= PROSE_LINE_MIN_WORDS and _SENTENCE_END.search(text)
                and links < LINK_BLOCK_SHARE / 2 * len(text)):
            return "sibling"
        return None
    if not leads_to_text or not _is_heading(element):
        return None
    text = page.text(element)
    if (0 < len(text.split()) <= SUBHEADING_MAX_WORDS and not _SENTENCE_END.search(text)
            and element.find(".//a") is None and not _RELATED_HEADING.search(text)
            and not _INTERFACE_LABEL.search(text)):
        return "subheading"
    return None


def _insert_after(block, tag: str, text: str):
    new = etree.Element(tag)
    new.text = text
    block.addnext(new)
    return new


def drop_leading_headline(body, page: _Page, decision: Decision) -> None:
    """headline: the extraction starts with the headline: it is the title, not the text."""
    variants = _headline_variants(page.tree, page.meta)
    for element in list(body)[:2]:
        text = _comparable("".join(element.itertext()))
        if text and text in variants:
            decision.drop("headline", element)
            return


def _headline_variants(tree, meta: dict) -> set[str]:
    """The ways a page writes its headline: metadata title, <title> and its parts, first <h1>."""
    title = next(tree.iter("title"), None)
    title = title.text_content() if title is not None else ""
    heading = next(tree.iter("h1"), None)
    variants = [meta.get("title"), title, *_TITLE_SEPARATOR.split(title),
                heading.text_content() if heading is not None else None]
    return {c for c in map(_comparable, variants) if c}


def drop_dek(body, page: _Page, decision: Decision) -> None:
    """dek: a leading heading that repeats the page's description is the standfirst (the
    ``summary``), not the first paragraph of the text."""
    description = _shingle_set(page.meta.get("summary") or "")
    if not description:
        return
    for block in page.blocks(body)[:2]:
        if block.tag != "head":
            continue
        if _mostly_within(_shingle_set(page.text(block)), description, DEK_OVERLAP):
            decision.drop("dek", block)
            return


def drop_pull_quotes(body, page: _Page, decision: Decision) -> None:
    """pull-quote: a quote that repeats a sentence of the article, set large to catch the eye,
    goes: the text has it already. A quote whose words are not elsewhere in the text (a
    letter, a statement, a post quoted) is the article's own and stays."""
    quotes = [quote for quote in body.iter("quote") if len(page.text(quote).split())
              >= PULL_QUOTE_MIN_WORDS]
    if not quotes:
        return
    rest = set()  # the shingles of the text outside quotes
    for block in page.blocks(body):
        if block.tag != "quote" and next(block.iterancestors("quote"), None) is None:
            rest |= _shingle_set(page.text(block))
    for quote in quotes:
        if _mostly_within(_shingle_set(page.text(quote)), rest, PULL_QUOTE_OVERLAP):
            decision.drop("pull-quote", quote)


def drop_link_blocks(body, page: _Page, decision: Decision) -> None:
    """link-block: paragraphs and list items that are only a link, or a label and a linked
    headline ("Read more: <Council approves bridge budget>"): both point to other pages. A
    long paragraph of several sentences wrapped in one link is still article text."""
    holders = {ref.getparent() for ref in body.iter("ref")}
    blocks = {_enclosing_block(holder) for holder in holders} - {None}
    for block in [element for element in body.iter("p", "item") if element in blocks]:
        text = page.text(block)
        if not text or _is_linked_prose(text):
            continue
        if _link_chars(block) >= LINK_BLOCK_SHARE * len(text) or _is_labelled_link(block, text):
            decision.drop("link-block", block)


def _is_linked_prose(text: str) -> bool:
    """A headline is one sentence of a dozen words; text past that is prose, linked or not."""
    return (len(text.split()) >= LINKED_PROSE_MIN_WORDS
            and len(_SENTENCE_END.findall(text)) >= 2)


def _is_labelled_link(block, text: str) -> bool:
    """"Label: <link of several words>" and nothing else ("Account: @name" is data, kept)."""
    label, colon, rest = text.partition(":")
    if not colon or not rest.strip() or len(label.split()) > LABEL_MAX_WORDS:
        return False
    rest = rest.strip()
    return len(rest.split()) >= LINKED_HEADLINE_MIN_WORDS and _link_chars(block) >= len(rest)


def _enclosing_block(element):
    while element is not None and element.tag not in ("p", "item"):
        element = element.getparent()
    return element


def _remove(element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def drop_interface_text(body, page: _Page, decision: Decision) -> None:
    """interface: what the page's furniture says wherever it sits in the text: labels
    ("Advertisement", "Story continues below", "Share"), sign-up and subscription boxes,
    player fallbacks ("enable JavaScript"), photo credits and credited captions."""
    for block in page.blocks(body):
        text = page.text(block)
        words = len(text.split())
        if words <= LABEL_LINE_MAX_WORDS and _INTERFACE_LABEL.search(text):
            decision.drop("interface", block)
        elif words <= PROMO_MAX_WORDS and _mentions(text, _PROMOTION_WORDS) and \
                _PROMOTION.search(text):
            decision.drop("promotion", block)
        elif words <= CAPTION_MAX_WORDS and ":" in text and _CAPTION_WORDS.search(text) and \
                _CAPTION_CREDIT.search(text):  # a credit has its colon
            decision.drop("caption", block)


def _mentions(text: str, words) -> bool:
    """Whether the lower-cased text contains one of the (lower-case) words, whole or not."""
    lowered = text.lower()
    return any(word in lowered for word in words)


def drop_related_lists(body, page: _Page, decision: Decision) -> None:
    """related: a heading that announces other stories ("More from ...", "Related",
    "Most read") and the teasers under it: linked or sentence-less headlines, each maybe with
    a one-line blurb. The first paragraph of prose that no headline follows ends the list."""
    blocks = page.blocks(body)
    index = 0
    while index < len(blocks):
        text = page.text(blocks[index])
        index += 1
        if len(text.split()) > LABEL_LINE_MAX_WORDS or not _RELATED_HEADING.search(text):
            continue
        decision.drop("related", blocks[index - 1])
        card = False  # the last block dropped was a linked headline: a short blurb may follow
        while index < len(blocks):
            block = blocks[index]
            if block.tag == "head":
                if not _is_linked(block, page):
                    break  # a section of the article
            elif not _is_teaser(block, page) and not (
                    card and len(page.text(block).split()) <= RELATED_ITEM_MAX_WORDS) and not (
                    index + 1 < len(blocks) and _is_teaser(blocks[index + 1], page)):
                break  # prose, and the article goes on
            card = _is_linked(block, page)
            decision.drop("related", blocks[index])
            index += 1


def drop_teaser_lists(body, page: _Page, decision: Decision) -> None:
    """teaser-list: a list of story cards, with or without a heading: items that open with a
    thumbnail link (a link without text) and hold a headline, no sentence. They point to other
    stories; an article's own list has no thumbnails, or says something in sentences."""
    for listing in outermost([listing for listing in body.iter("list")
                              if _is_teaser_list(listing, page)]):
        decision.drop("teaser-list", listing)


def _is_teaser_list(listing, page: _Page) -> bool:
    items = [item for item in listing if item.tag == "item"]
    cards = sum(not (item.text or "").strip() and len(item) > 0 and item[0].tag == "ref"
                and not page.text(item[0]) for item in items)
    return cards >= 2 and all(
        len(page.text(item).split()) <= RELATED_ITEM_MAX_WORDS
        and not _SENTENCE_END.search(page.text(item)) for item in items)


def _is_teaser(block, page: _Page) -> bool:
    """A linked block, or a short one without a sentence: a headline pointing elsewhere."""
    text = page.text(block)
    return len(text.split()) <= RELATED_ITEM_MAX_WORDS and (
        _is_linked(block, page) or not _SENTENCE_END.search(text))


def _is_linked(block, page: _Page) -> bool:
    return _link_chars(block) >= TEASER_LINK_SHARE * len(page.text(block))


def drop_bios(body, page: _Page, decision: Decision) -> None:
    """bio: the closing "About <company>" section, and closing paragraphs that introduce an
    author ("<Name> is a reporter ...", "..., Jane has covered ...")."""
    blocks = page.blocks(body)
    for position, block in enumerate(blocks):
        if block.tag == "head" and _ABOUT_HEADING.match(page.text(block)) and \
                position >= len(blocks) // 2:
            for later in blocks[position:]:
                decision.drop("bio", later)
            return
    names = set()
    for author in page.meta.get("authors") or ():
        words = author.split()
        names.add(author.lower())
        if 2 <= len(words) <= 3 and words[0][:1].isupper() and words[0].lower() not in _NOT_NAMES:
            names.add(words[0].lower())  # "..., Jane has covered": bios use the first name
    if not names:
        return
    named = None  # the names as a pattern, compiled for the first block that needs it
    for block in blocks[len(blocks) // 2:]:
        text = page.text(block)
        opening = " ".join(text.split()[:BIO_NAME_WITHIN])
        if len(text.split()) > TRAILING_MAX_WORDS * 2 or not _mentions(opening, names) or \
                not _BIO_VERB.search(text):
            continue
        if named is None:
            named = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b",
                               re.IGNORECASE)
        if named.search(opening):  # as a whole word
            decision.drop("bio", block)


def drop_trailing_boilerplate(body, page: _Page, decision: Decision) -> None:
    """trailing: the run of credit lines, promotions and link lines that ends the text."""
    for block in reversed(list(body.iter("p", "head", "item", "quote"))):
        if block.getparent() is None:
            continue
        text = page.text(block)
        if not text:
            continue
        if not _is_trailing_boilerplate(block, text):
            break
        decision.drop("trailing", block)


def _is_trailing_boilerplate(block, text: str) -> bool:
    if not _HAS_ALPHANUMERIC.search(text):  # "___", "***": separators
        return True
    words = text.split()
    if len(words) > TRAILING_MAX_WORDS:
        return False
    if len(words) <= 3 and text.endswith(":"):  # a label whose links are gone: "More:"
        return True
    return bool(_TRAILING_BOILERPLATE.search(text))


RULES = (restore_dropped_text, drop_leading_headline, drop_dek, drop_pull_quotes, drop_link_blocks,
         drop_interface_text, drop_related_lists, drop_teaser_lists, drop_bios,
         drop_trailing_boilerplate)


# --- the declared body ---------------------------------------------------------------------------

def _shingle_set(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 4:
        return {tuple(words)} if words else set()
    return set(zip(words, words[1:], words[2:], words[3:]))


def _mostly_within(found: set, other: set, share: float) -> bool:
    """At least ``share`` of the shingles ``found`` are in ``other`` (none found: no)."""
    return bool(found) and len(found & other) >= share * len(found)


def _prefer_declared_body(extracted: str, declared: str | None, tree=None,
                          decision: Decision | None = None) -> str:
    """The publisher's JSON-LD ``articleBody`` when it is complete and clean, else the
    extraction.

    Complete means it holds (nearly) all the text extracted from the page: a teaser or a
    truncated body does not, nor does the body of another article. It then beats the
    extraction, which may have kept a caption or lost a paragraph. It loses when it carries
    markup the page does not show (escaped HTML, entities, markdown, template codes), text
    that is not on the page (a promotion, a rewrite), or when it drops the subheadings the
    extraction has. When both hold the same text and the declared one is a single block,
    the extraction keeps its paragraph breaks.
    """
    decision = decision if decision is not None else Decision()
    if not declared:
        return extracted
    if _MARKUP_RESIDUE.search(declared):
        declared = _clean_declared(declared)
        decision.note("declared articleBody carries markup: cleaned before comparing")
        if not declared:
            return extracted
    found, stated = _shingle_set(extracted), _shingle_set(declared)
    shared = len(found & stated)
    if found and shared < DECLARED_BODY_COVERAGE * len(found):
        return extracted
    if extracted and _MARKUP_RESIDUE.search(declared):
        decision.note("declared articleBody not taken: markup is left in it")
        return extracted
    if extracted and tree is not None and _off_page_share(stated, tree) > DECLARED_OFF_PAGE:
        decision.note("declared articleBody not taken: part of it is not on the page")
        return extracted
    same_text = shared >= DECLARED_BODY_COVERAGE * len(stated)
    if same_text and "\n\n" not in declared and "\n\n" in extracted:
        return extracted
    if extracted and same_text and _loses_subheadings(extracted, declared):
        decision.note("declared articleBody not taken: it has no subheadings")
        return extracted
    return declared


def _clean_declared(declared: str) -> str:
    """A declared body without the markup some CMSs leave in it: escaped entities and tags,
    markdown links and emphasis, and lines of template codes ("+++dropcap", "{: .class}")."""
    for _ in range(2):  # "&amp;quot;" is escaped twice
        if "&" in declared:
            declared = html.unescape(declared)
    if _HTML_TAG.search(declared):
        try:
            fragment = lxml_html.fragment_fromstring(declared, create_parent="div")
            declared = join_paragraphs(html_paragraphs(fragment))
        except (ValueError, etree.ParserError):
            return ""
    declared = _MARKDOWN_LINK.sub(r"\1", declared)
    declared = _MARKDOWN_ATTRIBUTES.sub("", declared)
    declared = _MARKDOWN_EMPHASIS.sub(r"\1", declared)
    paragraphs = (normalize_text(p) for p in declared.split("\n"))
    return join_paragraphs(p for p in paragraphs if p and not _TEMPLATE_LINE.match(p))


def _off_page_share(stated: set, tree) -> float:
    """Share of the declared body's shingles that the page's text blocks do not hold."""
    if not stated:
        return 0.0
    return len(stated - _shingle_set(" ".join(_BLOCK_TEXT(tree)))) / len(stated)


def _loses_subheadings(extracted: str, declared: str) -> bool:
    """Whether the extraction has short heading-like paragraphs the declared body lacks."""
    paragraphs = set(declared.split("\n\n"))
    headings = [p for p in extracted.split("\n\n")
                if len(p.split()) <= LABEL_LINE_MAX_WORDS * 2 and not _SENTENCE_END.search(p)]
    return len(headings) >= 2 and sum(h not in paragraphs for h in headings) >= 2
