"""Score article extraction against reference pages.

``python benchmarks/extraction.py``
    The whole dev set in one run: ``--aeb ../shared/pages/aeb-dev`` then
    ``--fundus ../shared/pages/fundus --source-less`` (every real page on this machine, the
    Fundus ones through the generic extractor).

``python benchmarks/extraction.py --aeb DIR``
    The Article Extraction Benchmark (github.com/scrapinghub/article-extraction-benchmark):
    ``DIR/ground-truth.json`` = {id: {"url", "articleBody"}} and ``DIR/html/<id>.html.gz``.
    Scores our ``extract_article``, trafilatura (``trafilatura.extract(html, url=...,
    include_comments=False)``, otherwise its defaults), trafilatura's fast mode (``fast=True``,
    formerly ``no_fallback``) and readability-lxml (``Document(html).summary()`` as paragraphs)
    on the same pages in the same run and prints precision, recall, F1 and milliseconds per
    page for each. The metric is the benchmark's own: 4-word shingles of ``\\w+`` tokens (case
    kept, as upstream's ``re.findall`` keeps it); per page the matched / extra / missing
    shingle counts are scaled to sum to 1; precision and recall are averaged over pages (pages
    with nothing predicted count for recall only, as upstream); F1 = 2PR / (P + R) of the two
    means.

``python benchmarks/extraction.py --fundus DIR [--source-less]``
    Pages from the Fundus project's test data: ``DIR/<Publisher>/meta.json`` (files -> url,
    expected_key) and ``DIR/<Publisher>/<Publisher>.json`` (expected title, authors,
    publishing_date, body {summary, sections [{headline, paragraphs}]}). Each page goes
    through ``crawler.parsing.parse_page`` with the publisher's source name, or through the
    generic ``extract_article`` when there is no parser for it (the table says which), or for
    every page with ``--source-less``. Prints per-field accuracy of ours: title (exact), date
    (same instant to the minute), authors (same list), body (same paragraphs after whitespace
    folding; the summary may lead the body or be left out of it), summary (pages that have
    one); and the body's shingle P/R/F1 and ms/page of every extractor above (against the
    summary and sections when the output starts with the summary, else the sections).

``python benchmarks/extraction.py --ablation``
    Ours on both sets with each of its rules and checks left out in turn: F1 per set and the
    number of pages each one helps and hurts (F1 moved by more than 0.001).

Timings are wall-clock per page, each extractor run on the same bytes, alternating which goes
first; one untimed warm-up page precedes them, and what loads once per process (the language
model, jusText's stop lists) is loaded before. ``--repeat N`` times each page N times.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import logging
import json
import re
import statistics
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from crawler.extract.generic import extract_article  # noqa: E402
from crawler.extract.language import detect_language  # noqa: E402
from crawler.extract.text import normalize_text, split_paragraphs  # noqa: E402

SHINGLE_SIZE = 4
logging.getLogger("readability").setLevel(logging.ERROR)  # it logs every page it rejects
SHARED = REPO.parent / "shared" / "pages"  # the reference pages, beside the repository
_TOKEN = re.compile(r"\w+")

# Fundus publisher folders -> our source names: each publisher's ``meta.json`` names the source
# (``"source"``) that must parse its pages.
def fundus_sources(directory: Path) -> dict[str, str]:
    """{publisher folder: source name} for every publisher under ``directory``."""
    sources = {}
    for publisher_dir in sorted(p for p in directory.iterdir() if (p / "meta.json").is_file()):
        meta = json.loads((publisher_dir / "meta.json").read_text(encoding="utf-8"))
        sources[publisher_dir.name] = meta["source"]
    return sources


# --- the AEB metric ------------------------------------------------------------------------------

def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter:
    """Counts of ``size``-token shingles; a text shorter than ``size`` tokens is one shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i:i + size]) for i in range(max(1, len(tokens) - size + 1)))


def shingle_match(true: str | None, pred: str | None) -> tuple[float, float, float]:
    """(matched, extra, missing) shingle counts of one page, scaled to sum to 1."""
    expected, predicted = shingles(true), shingles(pred)
    matched = sum((expected & predicted).values())
    extra = sum((predicted - expected).values())
    missing = sum((expected - predicted).values())
    total = matched + extra + missing
    if total == 0:
        return 0.0, 0.0, 0.0
    return matched / total, extra / total, missing / total


def page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def precision_recall_f1(matches: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision over pages that predicted something, mean recall over pages that expected
    something, and the F1 of the two means (the benchmark's definition)."""
    precisions = [page_precision(*m) for m in matches if m[0] + m[1] > 0]
    recalls = [page_recall(*m) for m in matches if m[0] + m[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- extractors ----------------------------------------------------------------------------------

def ours(html: bytes, url: str) -> str:
    return extract_article(html, url)["body"] or ""


def plain_trafilatura(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False) or ""


def fast_trafilatura(html: bytes, url: str) -> str:
    """Trafilatura without its fallback extractors (``no_fallback``, now called ``fast``)."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, fast=True) or ""


def readability_lxml(html: bytes, url: str) -> str:
    """readability-lxml's main-content HTML, as paragraphs."""
    import lxml.html
    from readability import Document

    from crawler.extract.text import html_paragraphs, join_paragraphs

    text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    summary = Document(text, url=url).summary(html_partial=True)
    if not summary.strip():
        return ""
    return join_paragraphs(html_paragraphs(lxml.html.fragment_fromstring(
        summary, create_parent="div")))


EXTRACTORS = {"ours (extract_article)": ours, "trafilatura": plain_trafilatura,
              "trafilatura fast": fast_trafilatura}
if importlib.util.find_spec("readability") is not None:  # the `bench` extra
    EXTRACTORS["readability-lxml"] = readability_lxml
else:
    print("readability-lxml is not installed (pip install 'readability-lxml<0.9'): left out",
          file=sys.stderr)


def run_timed(extractors: dict, pages: list[tuple[str, bytes, str]], repeat: int) -> dict:
    """{name: {"outputs": {page_id: text}, "seconds": total}} with interleaved timing."""
    results = {name: {"outputs": {}, "seconds": 0.0} for name in extractors}
    names = list(extractors)
    if pages:  # warm-up: imports, compiled patterns, stop lists, the language model
        for name in names:
            extractors[name](pages[0][1], pages[0][2])
        detect_language("A page in a language its markup does not state.")  # loads once
        _load_justext_stoplists()
    for index, (page_id, html, url) in enumerate(pages):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            for _ in range(repeat):
                start = time.perf_counter()
                output = extractors[name](html, url)
                results[name]["seconds"] += time.perf_counter() - start
            results[name]["outputs"][page_id] = output
    return results


def _load_justext_stoplists() -> None:
    """Trafilatura reads every jusText stop list the first time its cascade reaches jusText, in
    whichever extractor that is: a one-off cost of the process, not of that page."""
    import trafilatura.external

    if not getattr(trafilatura.external, "JT_STOPLIST", True):
        trafilatura.external.jt_stoplist_init()


# --- AEB -----------------------------------------------------------------------------------------

def load_aeb(directory: Path) -> tuple[dict, list[tuple[str, bytes, str]]]:
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        html = gzip.decompress((directory / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, html, item["url"]))
    return truth, pages


def score_aeb(directory: Path, repeat: int, per_page: bool) -> None:
    truth, pages = load_aeb(directory)
    results = run_timed(EXTRACTORS, pages, repeat)
    rows = []
    for name, result in results.items():
        matches = {pid: shingle_match(truth[pid].get("articleBody", ""), text)
                   for pid, text in result["outputs"].items()}
        precision, recall, f1 = precision_recall_f1(list(matches.values()))
        ms = 1000 * result["seconds"] / (len(pages) * repeat) if pages else 0.0
        rows.append((name, f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}", f"{ms:.1f}"))
        result["matches"] = matches
    print(f"Article Extraction Benchmark: {len(pages)} pages in {directory}")
    print_table(("extractor", "precision", "recall", "F1", "ms/page"), rows)
    if per_page:
        print()
        names = list(results)
        header = ("page", *(f"{n.split()[0]} F1" for n in names), "url")
        page_rows = []
        for page_id, _, url in pages:
            cells = [f"{_page_f1(results[n]['matches'][page_id]):.3f}" for n in names]
            page_rows.append((page_id[:10], *cells, url[:70]))
        print_table(header, page_rows)


def _page_f1(match: tuple[float, float, float]) -> float:
    precision, recall = page_precision(*match), page_recall(*match)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- fundus --------------------------------------------------------------------------------------

def load_fundus(directory: Path) -> list[dict]:
    """One dict per page: publisher, file, url, html, expected block."""
    pages = []
    for publisher_dir in sorted(p for p in directory.iterdir() if (p / "meta.json").is_file()):
        meta = json.loads((publisher_dir / "meta.json").read_text(encoding="utf-8"))
        expected_file = meta.get("expected_json") or f"{publisher_dir.name}.json"
        blocks = json.loads((publisher_dir / expected_file).read_text(encoding="utf-8"))
        for file_name, info in sorted(meta["files"].items()):
            raw = (publisher_dir / file_name).read_bytes()
            html = gzip.decompress(raw) if file_name.endswith(".gz") else raw
            pages.append({
                "publisher": publisher_dir.name, "file": file_name, "url": info["url"],
                "html": html, "expected": blocks[info["expected_key"]],
            })
    return pages


def _parser_for(publisher: str, source_less: bool, sources: dict[str, str]):
    """(callable(html, url) -> article fields dict, label for the table)."""
    def generic(html: bytes, url: str) -> dict:
        return extract_article(html, url)

    if source_less:
        return generic, "generic (--source-less)"
    source = sources.get(publisher)
    if source is None:
        return generic, "generic (unknown publisher)"
    try:
        from crawler.parsing import parse_page
    except ImportError as error:
        return generic, f"generic (no crawler.parsing: {error.__class__.__name__})"
    if not _has_source(source):
        return generic, f"generic (no {source!r} parser)"

    def dedicated(html: bytes, url: str) -> dict:
        return vars(parse_page(html, url, source))

    return dedicated, f"parse_page({source!r})"


def _has_source(source: str) -> bool:
    """Whether the crawler has a spider (parser) of that name."""
    try:
        from crawler.sources import source_names
    except ImportError:
        return True  # let parse_page decide
    try:
        return source in source_names()
    except Exception:  # a broken project setup: fall back to generic rather than stop
        return False


def expected_paragraphs(expected: dict) -> tuple[list[str], list[str]]:
    """(summary paragraphs, section headlines and paragraphs), whitespace folded."""
    body = expected.get("body") or {}
    summary = [normalize_text(p) for p in body.get("summary", [])]
    sections = [normalize_text(text) for section in body.get("sections", [])
                for text in (*section.get("headline", []), *section.get("paragraphs", []))]
    return [p for p in summary if p], [p for p in sections if p]


def _expected_instant(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _our_instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _minute(moment: datetime | None) -> datetime | None:
    """The instant to the minute, in UTC: the references keep seconds and milliseconds that pages
    state in one place and not in another."""
    return moment.astimezone(timezone.utc).replace(second=0, microsecond=0) if moment else None


def fundus_checks(article: dict, expected: dict) -> dict[str, bool | None]:
    """Per field: True / False, or None where the reference has nothing to compare."""
    summary, sections = expected_paragraphs(expected)
    ours_body = split_paragraphs(article.get("body"))
    checks: dict[str, bool | None] = {
        "title": normalize_text(article.get("title")) == normalize_text(expected.get("title")),
        "date": _minute(_our_instant(article.get("published_at")))
        == _minute(_expected_instant(expected.get("publishing_date"))),
        "authors": [normalize_text(a) for a in article.get("authors") or []]
        == [normalize_text(a) for a in expected.get("authors") or []],
        # The lead may be stored as summary or as the body's first paragraphs: both are right.
        "body": ours_body in (sections, summary + sections),
        "summary": None,
    }
    if summary:
        checks["summary"] = normalize_text(article.get("summary")) == " ".join(summary) or (
            ours_body[: len(summary)] == summary)
    return checks


def score_fundus(directory: Path, source_less: bool, repeat: int) -> None:
    """Field accuracy of our parser per page, and body P/R/F1 and ms/page of every extractor."""
    pages = load_fundus(directory)
    sources = fundus_sources(directory)
    fields = ("title", "date", "authors", "body", "summary")
    parsers = {page["url"]: _parser_for(page["publisher"], source_less, sources) for page in pages}
    extractors = {"ours (extract_article)": lambda html, url: parsers[url][0](html, url),
                  **{name: run for name, run in EXTRACTORS.items() if run is not ours}}
    results = run_timed(extractors, [(page["url"], page["html"], page["url"]) for page in pages],
                        repeat)
    rows, totals = [], {f: [] for f in fields}
    for page in pages:
        article = results["ours (extract_article)"]["outputs"][page["url"]]
        checks = fundus_checks(article, page["expected"])
        for field in fields:
            if checks[field] is not None:
                totals[field].append(checks[field])
        f1s = [f"{_page_f1(_fundus_match(output, page['expected'])):.3f}"
               for output in (results[name]["outputs"][page["url"]] for name in extractors)]
        rows.append((page["file"].removesuffix(".html.gz"), parsers[page["url"]][1],
                     *(_mark(checks[f]) for f in fields), *f1s))
    print(f"Fundus pages: {len(pages)} in {directory}")
    print_table(("page", "parser", *fields, *(f"{n.split()[0]} {n.split()[-1][:4]} F1"
                                              for n in extractors)), rows)
    accuracy = [f"{sum(v)}/{len(v)}" if v else "-" for v in totals.values()]
    print()
    print_table(("accuracy (ours)", *fields), [("all pages", *accuracy)])
    print()
    comparison = []
    for name, result in results.items():
        matches = [_fundus_match(result["outputs"][page["url"]], page["expected"])
                   for page in pages]
        precision, recall, f1 = precision_recall_f1(matches)
        ms = 1000 * result["seconds"] / max(1, len(pages) * repeat)
        comparison.append((name, f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}", f"{ms:.1f}"))
    print_table(("body extractor", "precision", "recall", "F1", "ms/page"), comparison)


def _fundus_match(output, expected: dict) -> tuple[float, float, float]:
    """Shingle match of an extractor's output (an article dict or a text) with the reference."""
    body = output.get("body") if isinstance(output, dict) else output
    return shingle_match(_expected_body(body, expected), body)


def _expected_body(body: str | None, expected: dict) -> str:
    """The reference body to score against: with the summary when the output starts with it."""
    summary, sections = expected_paragraphs(expected)
    found = split_paragraphs(body)
    leads_with_summary = bool(summary) and (
        found[: len(summary)] == summary
        or normalize_text(body).startswith(" ".join(summary)))
    return "\n\n".join(summary + sections if leads_with_summary else sections)


def _mark(value: bool | None) -> str:
    return "-" if value is None else "ok" if value else "FAIL"


# --- ablation ----------------------------------------------------------------------------------

def ablations() -> dict:
    """{name: what to patch in crawler.extract.generic to run without that rule or check}."""
    from crawler.extract import generic

    never = re.compile(r"(?!)")
    table = {f"rule {rule.__name__}": {"RULES": tuple(r for r in generic.RULES if r is not rule)}
             for rule in generic.RULES}
    table.update({
        "candidate by quality (back to: longer wins)": {
            "_prose_share": lambda text: 1.0, "_quality": len},
        "declared body: markup cleaned/refused": {"_MARKUP_RESIDUE": never},
        "declared body: off-page text refused": {"_off_page_share": lambda stated, tree: 0.0},
        "declared body: lost subheadings refused": {"_loses_subheadings": lambda a, b: False},
        "declared body: rules applied to it": {
            "_apply_rules": lambda declared, tree, meta, decision: declared},
        "hover cards / hidden inline": {"_drop_hidden_inline": lambda tree: None},
    })
    return table


def score_ablation(aeb_dir: Path, fundus_dir: Path) -> None:
    """F1 of ours on both sets with each rule left out, and how many pages it moves."""
    from crawler.extract import generic

    truth, aeb_pages = load_aeb(aeb_dir)
    fundus_pages = load_fundus(fundus_dir)

    def run() -> tuple[list, list]:
        aeb = [shingle_match(truth[pid].get("articleBody", ""), ours(html, url))
               for pid, html, url in aeb_pages]
        fundus = [_fundus_match(extract_article(page["html"], page["url"]), page["expected"])
                  for page in fundus_pages]
        return aeb, fundus

    base_aeb, base_fundus = run()
    rows = [("all rules", f"{precision_recall_f1(base_aeb)[2]:.3f}",
             f"{precision_recall_f1(base_fundus)[2]:.3f}", "", "")]
    for name, patches in ablations().items():
        saved = {attribute: getattr(generic, attribute) for attribute in patches}
        for attribute, value in patches.items():
            setattr(generic, attribute, value)
        try:
            aeb, fundus = run()
        finally:
            for attribute, value in saved.items():
                setattr(generic, attribute, value)
        helped = hurt = 0
        for before, after in zip(base_aeb + base_fundus, aeb + fundus):
            delta = _page_f1(before) - _page_f1(after)
            helped += delta > 0.001
            hurt += delta < -0.001
        rows.append((f"without {name}", f"{precision_recall_f1(aeb)[2]:.3f}",
                     f"{precision_recall_f1(fundus)[2]:.3f}", str(helped), str(hurt)))
    print(f"Ablation: {len(aeb_pages)} aeb-dev pages, {len(fundus_pages)} Fundus pages (generic)")
    print_table(("configuration", "aeb F1", "fundus F1", "pages it helps", "pages it hurts"),
                rows)


# --- output --------------------------------------------------------------------------------------

def print_table(header: tuple, rows: list[tuple]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aeb", type=Path, metavar="DIR",
                        help="Article Extraction Benchmark folder (ground-truth.json, html/)")
    parser.add_argument("--fundus", type=Path, metavar="DIR",
                        help="fundus-format folder (<Publisher>/meta.json, <Publisher>.json)")
    parser.add_argument("--source-less", action="store_true",
                        help="with --fundus: score the generic extractor on every page")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="time each page N times (default 1)")
    parser.add_argument("--per-page", action="store_true", help="with --aeb: F1 of every page")
    parser.add_argument("--ablation", action="store_true",
                        help="F1 of ours on both sets with each rule left out, in turn")
    args = parser.parse_args(argv)
    if args.ablation:
        score_ablation(args.aeb or SHARED / "aeb-dev", args.fundus or SHARED / "fundus")
        return 0
    if not args.aeb and not args.fundus:
        # The whole dev set: every real page on this machine, the Fundus ones run generically.
        args.aeb, args.fundus, args.source_less = SHARED / "aeb-dev", SHARED / "fundus", True
        missing = [str(d) for d in (args.aeb, args.fundus) if not d.is_dir()]
        if missing:
            parser.error(f"no {' or '.join(missing)}: give --aeb DIR and/or --fundus DIR")
    if args.aeb:
        score_aeb(args.aeb, max(1, args.repeat), args.per_page)
    if args.fundus:
        if args.aeb:
            print()
        score_fundus(args.fundus, args.source_less, max(1, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
