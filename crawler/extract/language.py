"""An article's language: what its markup says when the text agrees, else what the text is in.

Pages copy ``<html lang="en">`` from a template whatever the story's language, so the stated
language is checked against the body with py3langid (a maintained langid.py: n-gram Naive
Bayes, 97 languages, no network, its model shipped in the package). The model loads once per
process, on first use.
"""

from __future__ import annotations

from functools import lru_cache

# Text this short says too little to overrule the markup (characters).
MIN_DETECTION_CHARS = 200
# The body's opening this long is enough to tell its language, and keeps detection cheap.
SAMPLE_CHARS = 300
# The detector must be this sure (normalised probability) to replace a stated language, or
# to give one where the markup states none.
OVERRULE_CONFIDENCE = 0.95
DETECT_CONFIDENCE = 0.8
# The commonest words of a few languages: this many distinct ones in the opening confirm the
# stated language cheaply (they are rare in the others' running text).
FUNCTION_WORDS = {
    "en": frozenset("the and of to in that is was for with on said".split()),
    "fr": frozenset("le la les des et est une dans pour que qui sur".split()),
    "de": frozenset("der die das und ist nicht mit den von sich auf dem".split()),
    "es": frozenset("el los las del que y en por con una para se".split()),
}
AGREEING_WORDS = 4


def settle_language(stated: str | None, body: str | None) -> str | None:
    """The ISO 639-1 code of the article: ``stated`` (from markup) unless the body is clearly
    in another language; the detected one when nothing is stated."""
    if not body or len(body) < MIN_DETECTION_CHARS:
        return stated
    if stated in FUNCTION_WORDS and len(
            FUNCTION_WORDS[stated] & set(body[:SAMPLE_CHARS].lower().split())) >= AGREEING_WORDS:
        return stated  # the text is plainly in that language: no need to ask the model
    detected, confidence = detect_language(body)
    if stated is None:
        return detected if confidence >= DETECT_CONFIDENCE else None
    if detected != stated and confidence >= OVERRULE_CONFIDENCE:
        return detected
    return stated


def detect_language(text: str) -> tuple[str, float]:
    """(language code, probability) of a text's opening."""
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return language, float(probability)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
