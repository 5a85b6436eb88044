"""The Article Extraction Benchmark metric in benchmarks/extraction.py, on tiny strings."""

from __future__ import annotations

import gzip
import json

import pytest

from benchmarks.extraction import (
    main,
    precision_recall_f1,
    shingle_match,
    shingles,
)


def test_shingles_are_four_word_windows_of_word_tokens():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    # Punctuation separates tokens and is not one.
    assert shingles("it's-a b, c!") == {("it", "s", "a", "b"): 1, ("s", "a", "b", "c"): 1}


def test_case_is_kept_as_upstream_does():
    assert shingles("The cat sat down") != shingles("the cat sat down")


def test_short_text_is_one_shingle_and_empty_text_none():
    assert shingles("just two") == {("just", "two"): 1}
    assert shingles("") == {} and shingles(None) == {} and shingles(" ... ") == {}


def test_repeated_shingles_are_counted():
    assert shingles("x y z w x y z w")[("x", "y", "z", "w")] == 2


def test_perfect_match():
    assert shingle_match("one two three four five", "one two three four five") == (1.0, 0.0, 0.0)


def test_counts_are_scaled_to_sum_to_one():
    # truth: (a b c d), (b c d e); prediction adds (c d e f): 2 matched, 1 extra, 0 missing.
    matched, extra, missing = shingle_match("a b c d e", "a b c d e f")
    assert (matched, extra, missing) == pytest.approx((2 / 3, 1 / 3, 0.0))
    # prediction lacks (b c d e): 1 matched, 0 extra, 1 missing.
    assert shingle_match("a b c d e", "a b c d") == pytest.approx((0.5, 0.0, 0.5))


def test_repeats_beyond_the_truth_are_extra():
    # The doubled text has (p q r s) twice plus (q r s p), (r s p q), (s p q r): 1 matched,
    # 4 extra, nothing missing.
    assert shingle_match("p q r s", "p q r s p q r s") == pytest.approx((0.2, 0.8, 0.0))


def test_empty_prediction_counts_for_recall_only():
    pages = [shingle_match("a b c d e", "a b c d e"), shingle_match("a b c d e", "")]
    precision, recall, f1 = precision_recall_f1(pages)
    assert precision == 1.0  # the empty page is not averaged into precision
    assert recall == 0.5
    assert f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_f1_is_of_the_means_not_the_mean_of_f1s():
    pages = [(1.0, 0.0, 0.0), (0.5, 0.5, 0.0), (0.5, 0.0, 0.5)]
    precision, recall, f1 = precision_recall_f1(pages)
    assert precision == pytest.approx((1 + 0.5 + 1) / 3)
    assert recall == pytest.approx((1 + 1 + 0.5) / 3)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_aeb_command_prints_both_extractors(tmp_path, capsys):
    page = ("<html><head><title>Ferry timetable changes</title></head><body><article>"
            "<h1>Ferry timetable changes</h1>"
            "<p>The island ferry will sail every forty minutes from Monday, the operator said, "
            "after complaints about crowded crossings during the summer season.</p>"
            "<p>Evening sailings will continue to run hourly until the autumn.</p>"
            "</article></body></html>")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(page.encode()))
    truth = {"p1": {"url": "https://news.example/ferry", "articleBody":
                    "The island ferry will sail every forty minutes from Monday, the operator "
                    "said, after complaints about crowded crossings during the summer season.\n\n"
                    "Evening sailings will continue to run hourly until the autumn."}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth))
    assert main(["--aeb", str(tmp_path)]) == 0
    output = capsys.readouterr().out
    lines = {line.split("  ")[0]: line.split() for line in output.splitlines()}
    ours = lines["ours (extract_article)"]
    assert ours[-4:-1] == ["1.000", "1.000", "1.000"]  # headline dropped, paragraphs kept
    assert "trafilatura" in lines
