"""Page metadata from the markup publishers add for search engines and social networks.

Sources, strongest first: schema.org JSON-LD (the ``NewsArticle``/``Article``/... node, found at
top level, in a list, in ``@graph`` or under ``mainEntity``), OpenGraph and ``article:*`` meta
tags, then the older ``parsely-*``, ``sailthru.*`` and Dublin Core (``dc.*``) tags, microdata
(``itemprop``), ``<html lang>`` and ``<link rel=canonical>``.

``page_metadata(root)`` only reads the tree, so the same parsed page can then go to a text
extractor without being parsed again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from itertools import chain
from urllib.parse import urljoin

import lxml.html
from dateutil import parser as dateutil_parser
from lxml import etree

from crawler.extract.dates import format_utc, parse_datetime
from crawler.extract.text import html_paragraphs, join_paragraphs, normalize_text

# schema.org types whose node describes the article itself (compared lower-cased).
ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "backgroundnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "askpublicnewsarticle",
    "satiricalarticle", "advertisercontentarticle", "scholarlyarticle", "techarticle",
    "medicalscholarlyarticle", "report", "blogposting", "liveblogposting", "socialmediaposting",
})
# Page-level types: used only when a page has no article node (they still carry dates, title).
PAGE_TYPES = frozenset({"webpage", "itempage", "medicalwebpage"})

# Meta tag names (``property``, ``name`` or ``itemprop``, lower-cased) per field, in order of trust.
TITLE_KEYS = ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title",
              "dcterms.title", "headline")
SUMMARY_KEYS = ("og:description", "description", "twitter:description", "sailthru.description",
                "dc.description", "dcterms.description")
AUTHOR_KEYS = ("article:author", "og:article:author", "author", "parsely-author",
               "sailthru.author", "dc.creator", "dcterms.creator", "cxenseparse:author", "byl")
PUBLISHED_KEYS = ("article:published_time", "og:article:published_time", "og:published_time",
                  "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
                  "dcterms.created", "dc.date", "datepublished", "pubdate", "publishdate",
                  "publish-date", "publish_date", "date", "article.published")
MODIFIED_KEYS = ("article:modified_time", "og:article:modified_time", "og:updated_time",
                 "dc.date.modified", "dcterms.modified", "datemodified", "last-modified",
                 "article.updated")
SECTION_KEYS = ("article:section", "og:article:section", "parsely-section", "section",
                "article.section")
TAG_KEYS = ("article:tag", "og:article:tag")  # one tag per element
KEYWORD_KEYS = ("parsely-tags", "sailthru.tags", "news_keywords", "keywords", "dc.subject")
LANGUAGE_KEYS = ("content-language", "dc.language", "dcterms.language", "og:locale")
IMAGE_KEYS = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
              "twitter:image:src", "parsely-image-url", "sailthru.image.full")
CANONICAL_KEYS = ("og:url", "parsely-link")

_BYLINE_PREFIX = re.compile(r"^\s*(?:written\s+)?by[\s:]+", re.IGNORECASE)
# Separators between several names in one meta value ("A, B and C"); JSON-LD lists are kept as is.
_NAME_SEPARATORS = re.compile(r"\s*(?:[,;|&]|\band\b|\bund\b)\s*", re.IGNORECASE)
# article:author is often a profile URL, not a name.
_URL_LIKE = re.compile(r"^(?:https?:|www\.)|://|\.(?:com|org|net|html?)\b|/", re.IGNORECASE)
# An explicit zone on a timestamp: "Z", "+02:00", "-0500", "UTC", "GMT".
_EXPLICIT_ZONE = re.compile(r"(?:Z|[+-]\d\d:?\d\d|\bUTC|\bGMT)\s*$", re.IGNORECASE)
# Degrees and post-nominals that follow a name after a comma ("Jane Doe, MS, RDN"): not authors.
_CREDENTIALS = frozenset({
    "ms", "ma", "msc", "bsc", "ba", "md", "phd", "dphil", "rd", "rdn", "rn", "np", "mph", "mba",
    "jd", "do", "dds", "cpt", "cscs", "jr", "sr", "ii", "iii", "esq",
})
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)
# HTML-comment and CDATA wrappers some CMSs still put around JSON-LD.
_JSON_WRAPPERS = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
# Real JSON-LD nests a few levels (@graph, a node, its author); deeper is cut off when read.
JSONLD_MAX_DEPTH = 32
_TRUNCATED = ("...", "…")
# Time zones span UTC-12 to UTC+14: a naive stamp and a zoned one this close are the same moment.
_SAME_MOMENT = timedelta(hours=14)


def page_metadata(root, url: str | None = None) -> dict:
    """Title, summary, authors, dates, section, tags, language, image, canonical URL, JSON-LD body,
    and whether the page declares its article free to read (``free_access``).

    ``root`` is an lxml.html element of the whole page. ``url`` (the page address) makes
    relative image and canonical links absolute. Missing values are None, lists are empty.
    """
    tags = _collect_tags(root)
    metas = tags.metas
    article = _jsonld_article(tags.jsonld)
    page_zone = _page_zone(article, metas)
    base = url or getattr(root, "base_url", None)
    description = _first_text([article.get("description")], metas, SUMMARY_KEYS)
    return {
        "title": _title(article, tags, root),
        "summary": description,
        "description": description,
        "authors": _authors(article, metas, root),
        "published_at": _best_date(
            chain([article.get("datePublished"), article.get("dateCreated")],
                  _values(metas, PUBLISHED_KEYS), _microdata_dates(root, "datePublished")),
            page_zone),
        "modified_at": _best_date(
            chain([article.get("dateModified")], _values(metas, MODIFIED_KEYS),
                  _microdata_dates(root, "dateModified")),
            page_zone),
        "section": _section(article, metas),
        "tags": _tags(article, metas),
        "language": _language(root, article, metas),
        "image_url": _absolute(base, _first([*_jsonld_images(article.get("image")),
                                             *_values(metas, IMAGE_KEYS),
                                             *tags.links.get("image_src", ())])),
        "canonical_url": _absolute(base, _canonical(tags, article)),
        "article_body": _article_body(article.get("articleBody")),
        "free_access": _free_access(article, metas),
    }


# --- tags ---------------------------------------------------------------------------------------

@dataclass
class _PageTags:
    """What the page's <meta>, <link>, JSON-LD <script> and <title> elements say."""

    metas: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name -> contents
    links: dict[str, list[str]] = field(default_factory=dict)  # lower-cased rel -> hrefs
    jsonld: list[str] = field(default_factory=list)
    title: str = ""


def _collect_tags(root) -> _PageTags:
    """One walk over the tree (in C, by tag name) instead of one XPath scan per source."""
    tags = _PageTags()
    for element in root.iter("meta", "link", "script", "title"):
        if element.tag == "meta":
            _add_meta(tags.metas, element)
        elif element.tag == "link":
            href = (element.get("href") or "").strip()
            for rel in (element.get("rel") or "").lower().split():
                if href:
                    tags.links.setdefault(rel, []).append(href)
        elif element.tag == "script":
            if (element.get("type") or "").strip().lower() == "application/ld+json":
                tags.jsonld.append(element.text or "")
        elif not tags.title:
            tags.title = normalize_text(element.text_content())
    return tags


def _add_meta(metas: dict[str, list[str]], meta) -> None:
    """A ``<meta>`` content under its lower-cased property / name / itemprop / http-equiv."""
    content = (meta.get("content") or "").strip()
    if not content:
        return
    for attribute in ("property", "name", "itemprop", "http-equiv"):
        key = meta.get(attribute)
        if key:
            metas.setdefault(key.strip().lower(), []).append(content)


def _values(metas: dict[str, list[str]], keys) -> list[str]:
    return [value for key in keys for value in metas.get(key, ())]


def _first(candidates) -> str | None:
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return None


def _first_text(preferred: list, metas, keys) -> str | None:
    """The first non-empty candidate, as plain text (JSON-LD strings may carry entities/tags)."""
    value = _first([*preferred, *_values(metas, keys)])
    return (_plain(value) or None) if value else None


def _plain(value: str) -> str:
    """Text of a metadata string that may contain HTML tags or entities."""
    if "<" in value or "&" in value:
        try:
            value = lxml.html.fragment_fromstring(value, create_parent="div").text_content()
        except (ValueError, etree.ParserError):
            pass
    return normalize_text(value)


def _absolute(base: str | None, link: str | None) -> str | None:
    if not link:
        return None
    try:
        return urljoin(base, link) if base else link
    except ValueError:  # not a URL at all ("http://[::1": an unclosed IPv6 bracket)
        return None


# --- JSON-LD -----------------------------------------------------------------------------------

def _jsonld_article(scripts: list[str]) -> dict:
    """The schema.org node describing this page's article, or {} when there is none.

    Author and publisher references (``{"@id": ...}``) are resolved against the page's graph.
    """
    top_level: list[dict] = []
    by_id: dict[str, dict] = {}
    for text in scripts:
        data = _load_json(text)
        for node in _top_level_nodes(data):
            top_level.append(node)
        _index_ids(data, by_id)
    articles = [node for node in top_level if _types(node) & ARTICLE_TYPES]
    pages = [node for node in top_level if _types(node) & PAGE_TYPES]
    best = max(articles or pages, key=_completeness, default=None)
    if best is None:
        return {}
    return {key: _resolve(value, by_id) for key, value in best.items()}


def _load_json(text: str | None):
    if not text or not text.strip():
        return None
    text = _JSON_WRAPPERS.sub("", text.strip())
    try:
        # strict=False: raw newlines and tabs inside strings are common in CMS output.
        return _trimmed(json.loads(text, strict=False))
    except (ValueError, RecursionError):  # RecursionError: nested deeper than Python's stack
        return None


def _trimmed(data):
    """``data`` with what lies more than ``JSONLD_MAX_DEPTH`` objects or lists deep cut off (None),
    so that the readers below, which recurse, never run out of stack."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = (value.items() if isinstance(value, dict)
                    else enumerate(value) if isinstance(value, list) else ())
        for key, child in list(children):
            if isinstance(child, (dict, list)):
                if depth >= JSONLD_MAX_DEPTH:
                    value[key] = None
                else:
                    stack.append((child, depth + 1))
    return data


def _top_level_nodes(data):
    """Nodes a page states about itself: the root, list members, ``@graph``, ``mainEntity``.

    Nested values such as ``hasPart`` or ``itemListElement`` are not followed: they describe
    related articles, not this one.
    """
    if isinstance(data, list):
        for item in data:
            yield from _top_level_nodes(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _top_level_nodes(data["@graph"])
        if "@type" in data:
            yield data
        for key in ("mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (dict, list)):
                yield from _top_level_nodes(data[key])


def _index_ids(data, by_id: dict[str, dict]) -> None:
    if isinstance(data, list):
        for item in data:
            _index_ids(item, by_id)
    elif isinstance(data, dict):
        node_id = data.get("@id")
        # Keep the fullest description of an id: references repeat it with only "@id".
        if isinstance(node_id, str) and len(data) > len(by_id.get(node_id, {})):
            by_id[node_id] = data
        for value in data.values():
            if isinstance(value, (dict, list)):
                _index_ids(value, by_id)


def _resolve(value, by_id: dict[str, dict]):
    """Replace ``{"@id": x}`` references (and lists of them) by the node they point to."""
    if isinstance(value, list):
        return [_resolve(item, by_id) for item in value]
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id") in by_id:
        return by_id[value["@id"]]
    return value


def _types(node: dict) -> set[str]:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return {t.lower().rsplit("/", 1)[-1] for t in types if isinstance(t, str)}


def _completeness(node: dict) -> int:
    """How much a node says about an article: picks the main one among several."""
    return sum(1 for key in ("headline", "datePublished", "author", "articleBody") if node.get(key))


def _jsonld_images(image) -> list[str]:
    if isinstance(image, str):
        return [image]
    if isinstance(image, dict):
        return [u for u in (image.get("url"), image.get("contentUrl")) if isinstance(u, str)]
    if isinstance(image, list):
        return [url for item in image for url in _jsonld_images(item)]
    return []


def _jsonld_names(value) -> list[str]:
    """Names in an author value: a string, a Person/Organization node, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        parts = [value.get(k) for k in ("givenName", "familyName") if isinstance(value.get(k), str)]
        return [" ".join(parts)] if parts else []
    if isinstance(value, list):
        return [name for item in value for name in _jsonld_names(item)]
    return []


def _article_body(value) -> str | None:
    """JSON-LD ``articleBody`` as clean paragraphs; some publishers put HTML in it."""
    if not isinstance(value, str) or not value.strip():
        return None
    if re.search(r"<(?:p|br|div|h\d)\b", value, re.IGNORECASE):
        try:
            fragment = lxml.html.fragment_fromstring(value, create_parent="div")
        except (ValueError, etree.ParserError):
            return None
        return join_paragraphs(html_paragraphs(fragment)) or None
    paragraphs = [normalize_text(_plain(chunk)) for chunk in re.split(r"\n\s*\n|\r?\n", value)]
    return join_paragraphs(paragraphs) or None


# --- fields ------------------------------------------------------------------------------------

def _title(article: dict, tags: _PageTags, root) -> str | None:
    headline = article.get("headline") or article.get("name")
    if isinstance(headline, str) and headline.strip().endswith(_TRUNCATED):
        headline = None  # schema.org asks for <= 110 characters, so long headlines get cut
    title = _first_text([headline], tags.metas, TITLE_KEYS) or tags.title
    if title:
        return _strip_site_name(title, tags.metas)
    heading = next(root.iter("h1"), None)
    return (normalize_text(heading.text_content()) or None) if heading is not None else None


def _strip_site_name(title: str, metas) -> str:
    """'Headline | Site' -> 'Headline', when the suffix is the site's name (og:site_name)."""
    for site in _values(metas, ("og:site_name", "application-name")):
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            suffix = separator + site
            if title.lower().endswith(suffix.lower()) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
    return title


def _authors(article: dict, metas, root) -> list[str]:
    """Names from the first source that has any, cleaned: no URLs, no 'By ', no duplicates."""
    for names, may_list_several in _author_sources(article, metas, root):
        cleaned = _clean_names(names, may_list_several)
        if cleaned:
            return cleaned
    return []


def _author_sources(article: dict, metas, root):
    """(names, may_list_several) per source; the page-wide microdata scan only if reached."""
    jsonld = article.get("author") or article.get("creator")
    # A node's name is one name ("Associated Press in Valencia"); a bare string may list several.
    yield _jsonld_names(jsonld), isinstance(jsonld, str)
    for value in _values(metas, AUTHOR_KEYS):
        yield [value], True
    yield [e.text_content() for e in root.xpath(
        '//*[@itemprop="author"]//*[@itemprop="name"] | //a[@rel="author"]')], False


def _clean_names(names: list[str], split: bool) -> list[str]:
    result: list[str] = []
    seen: set[str] = set()
    for raw in names:
        raw = _BYLINE_PREFIX.sub("", _plain(raw))
        if _URL_LIKE.search(raw):
            continue
        for name in (_NAME_SEPARATORS.split(raw) if split else [raw]):
            name = _BYLINE_PREFIX.sub("", name).strip(" ,;:-–—")
            if not _is_name(name) or name.lower() in seen:
                continue
            seen.add(name.lower())
            result.append(name)
    return result


def _is_name(text: str) -> bool:
    return (
        1 < len(text) <= 80
        and text.lower().replace(".", "") not in _CREDENTIALS
        and any(c.isalpha() for c in text)
        and "@" not in text
        and not _URL_LIKE.search(text)
    )


def _section(article: dict, metas) -> str | None:
    section = article.get("articleSection")
    if isinstance(section, list):
        section = _first(section)
    return _first_text([section], metas, SECTION_KEYS)


def _tags(article: dict, metas) -> list[str]:
    """Tags from the first source that has any: article:tag, then keyword lists.

    Keyword values are comma-separated lists. So is a lone article:tag on some sites
    ("Spain,Europe,World news"); when there are several, each is one tag ("Washington, D.C.").
    """
    article_tags = _values(metas, TAG_KEYS)
    keywords = article.get("keywords")
    sources = [
        (article_tags, len(article_tags) == 1),
        (keywords if isinstance(keywords, list) else [keywords], True),
        *((metas.get(key, []), True) for key in KEYWORD_KEYS),
    ]
    for values, comma_separated in sources:
        tags = [normalize_text(_plain(part)) for value in values if isinstance(value, str)
                for part in (value.split(",") if comma_separated else [value])]
        # "@river", "@post-id:1" and the like are CMS routing flags, not topics.
        tags = _unique([tag for tag in tags if tag and not tag.startswith("@")])
        if tags:
            return tags
    return []


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    return [v for v in values if not (v.lower() in seen or seen.add(v.lower()))]


def _language(root, article: dict, metas) -> str | None:
    in_language = article.get("inLanguage")
    if isinstance(in_language, dict):
        in_language = in_language.get("alternateName") or in_language.get("name")
    candidates = [
        root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"), in_language,
        *_values(metas, LANGUAGE_KEYS),
    ]
    for candidate in candidates:
        if isinstance(candidate, str):
            match = _LANGUAGE.match(candidate.strip())
            if match:
                return match.group(1).lower()
    return None


def _free_access(article: dict, metas) -> bool | None:
    """False when the page declares its article paywalled, True when it declares it free.

    Google's paywall markup: ``isAccessibleForFree`` on the article, or on a ``hasPart`` node
    (with the ``cssSelector`` of the paywalled part); otherwise the ``article:content_tier``
    meta tag ("locked" / "free"; "metered" readers get the text, so it says nothing).
    """
    parts = article.get("hasPart")
    parts = parts if isinstance(parts, list) else [parts]
    stated = [article.get("isAccessibleForFree"),
              *(part.get("isAccessibleForFree") for part in parts if isinstance(part, dict)),
              *_values(metas, ("isaccessibleforfree",))]
    flags = [flag for flag in map(_boolean, stated) if flag is not None]
    if flags:
        return all(flags)
    tier = _first(_values(metas, ("article:content_tier", "og:article:content_tier")))
    return {"locked": False, "free": True}.get((tier or "").lower())


def _boolean(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return {"true": True, "yes": True, "false": False, "no": False}.get(value.strip().lower())
    return None


def _canonical(tags: _PageTags, article: dict) -> str | None:
    entity = article.get("mainEntityOfPage")
    if isinstance(entity, dict):
        # A node id is a URL plus a fragment naming the node ("...#webpage"): not a page address.
        entity = entity.get("url") or (entity.get("@id") or "").split("#")[0]
    return _first([
        *tags.links.get("canonical", ()),
        *_values(tags.metas, CANONICAL_KEYS),
        article.get("url"),
        entity,
    ])


# --- dates -------------------------------------------------------------------------------------

def _microdata_dates(root, prop: str):
    """``<time itemprop="datePublished" datetime=...>`` and the like (meta tags are read apart).

    A generator: the page-wide scan runs only when no earlier candidate was usable.
    """
    yield from root.xpath(f'//*[@itemprop="{prop}" and not(self::meta)]/@datetime')


def _has_zone(value: str) -> bool:
    return bool(_EXPLICIT_ZONE.search(value.strip()))


def _page_zone(article: dict, metas) -> timezone | None:
    """The UTC offset the page writes its timestamps in, from the first one that states it.

    A page uses one zone for all its stamps, so a stamp written without an offset is read in
    the zone of its siblings rather than assumed to be UTC.
    """
    candidates = [article.get("datePublished"), article.get("dateModified"),
                  *_values(metas, PUBLISHED_KEYS), *_values(metas, MODIFIED_KEYS)]
    for value in candidates:
        if isinstance(value, str) and _has_zone(value):
            moment = _parse(value)
            try:
                offset = moment.utcoffset() if moment is not None else None
            except ValueError:  # an offset of a day or more ("+24:00")
                continue
            if offset is not None:
                return timezone(offset)
    return None


def _parse(value: str) -> datetime | None:
    value = value.strip()
    try:
        # Most stamps are ISO 8601, which the standard library reads far faster than dateutil.
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dateutil_parser.parse(value)
    except (ValueError, OverflowError):
        return None


def _moment(value, page_zone: timezone | None) -> datetime | None:
    """A candidate as a plausible aware datetime; a naive one is read in the page's zone."""
    if not isinstance(value, str) or not value.strip():
        return None
    moment = _parse(value)
    if moment is None:
        return None
    if moment.tzinfo is None and page_zone is not None:
        moment = moment.replace(tzinfo=page_zone)
    return parse_datetime(moment)  # naive without a page zone: UTC; implausible: None


def _best_date(candidates, page_zone: timezone | None) -> str | None:
    """The first plausible candidate, in order of trust, as UTC ISO 8601.

    If it carries no zone, a later candidate that does and names the same moment (within the
    span of time zones) replaces it: "12:00" is only as precise as "12:00+03:00" says.
    """
    chosen = None
    for value in candidates:
        moment = _moment(value, page_zone)
        if moment is None:
            continue
        if chosen is None:
            chosen = moment
            if _has_zone(value):
                break
        elif _has_zone(value) and abs(moment - chosen) <= _SAME_MOMENT:
            chosen = moment
            break
    return format_utc(chosen) if chosen else None
