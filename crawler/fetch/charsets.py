"""Which encoding an HTML page is really in, when its server and its markup disagree or say
nothing.

Scrapy trusts the HTTP header over the page's ``<meta charset>``, and guesses (poorly on a
short page) when neither is given. News sites get both wrong: a server default of ISO-8859-1
in front of UTF-8 pages, a template's stale meta, an old Arabic site that declares nothing.
The rules, in order:

1. a byte-order mark decides;
2. a body that is valid UTF-8 (and not plain ASCII) is UTF-8 — single-byte text is almost never
   valid UTF-8 by accident, while a wrong header in front of UTF-8 is common;
3. the declared encodings (header, then meta) that decode the body without error — except
   windows-1252 / ISO-8859-1 on a page whose language (``<html lang>``, else the source's) is
   written in another script: that is a server default, never right for Arabic text; when the
   encoding usual for the language is among them it wins, else the header's, as browsers do;
4. nothing declared fits: the legacy encoding usual for the page's language (windows-1256 for
   Arabic and Persian …), as a browser in that locale would, else windows-1252.
"""

from __future__ import annotations

import re

from w3lib.encoding import (html_body_declared_encoding, http_content_type_encoding, read_bom,
                            resolve_encoding)

# The WHATWG locale fallbacks (what browsers assume for undeclared legacy pages).
LEGACY_BY_LANGUAGE = {
    "ar": "cp1256", "fa": "cp1256", "ur": "cp1256", "ku": "cp1256",
    "ru": "cp1251", "uk": "cp1251", "be": "cp1251", "bg": "cp1251", "sr": "cp1251",
    "mk": "cp1251", "kk": "cp1251", "tr": "cp1254", "az": "cp1254", "el": "cp1253",
    "he": "cp1255", "lt": "cp1257", "lv": "cp1257", "et": "cp1257", "vi": "cp1258",
    "th": "cp874", "cs": "cp1250", "pl": "cp1250", "hu": "cp1250", "sk": "cp1250",
    "sl": "cp1250", "hr": "cp1250", "ro": "cp1250", "zh": "gb18030", "ja": "shift_jis",
    "ko": "euc_kr",
}
DEFAULT_LEGACY = "cp1252"
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.IGNORECASE)


def choose_encoding(body: bytes, content_type: str | None, language: str | None = None) -> str:
    """The encoding to read ``body`` with (a Python codec name)."""
    bom, _ = read_bom(body)
    if bom:
        return resolve_encoding(bom)
    if not body.isascii() and _decodes(body, "utf-8"):
        return "utf-8"
    legacy = LEGACY_BY_LANGUAGE.get(page_language(body) or (language or "")[:2].lower(),
                                    DEFAULT_LEGACY)
    header, meta = http_content_type_encoding(content_type), html_body_declared_encoding(body)
    declared = (resolve_encoding(name) for name in (header, meta) if name)
    fitting = [name for name in dict.fromkeys(declared) if name and _decodes(body, name)
               and not (name == DEFAULT_LEGACY != legacy)]  # windows-1252 on Arabic: a default
    if legacy in fitting or not fitting:
        return legacy
    return fitting[0]


def page_language(body: bytes) -> str | None:
    match = _HTML_LANG.search(body[:4096])
    return match.group(1).decode("ascii").lower()[:2] if match else None


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
