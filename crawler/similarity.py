"""When two texts are the same story: normalised comparison, word shingles, MinHash and LSH.

- ``same_text``: an edit a reader would not call an edit (spacing, case, a share or comment
  counter) leaves the comparable words unchanged.
- ``fingerprint``: the 5-word shingles of an article and its LSH band keys. Articles whose
  shingle sets have a Jaccard similarity of 0.9 or more almost surely share two band keys
  (MinHash, 16 bands of 4 rows: a pair at 0.9 is missed with probability ~1e-6), so the
  store finds candidates by an indexed lookup of 16 keys and ``jaccard`` verifies them.

Fixed hash seeds and defined 64-bit arithmetic, so band keys stored today match those
computed next year. The signature is computed with numpy: 64 permutations of a few
hundred shingles is the one part of dedupe that costs real time per article.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.ma  # noqa: F401  np.unique's first call imports it: mid-crawl, in every process

SHINGLE_WORDS = 5
NEAR_DUPLICATE = 0.9  # Jaccard similarity of shingle sets from which two texts are one story
BANDS, ROWS = 16, 4
# Candidates must share two band keys, not one: a pair at 0.9 still does with probability
# 1 − 1e-6, while pairs that merely share a template (Jaccard ~0.3–0.5) are verified 2–16
# times less often — the Jaccard checks were most of the pipeline's time.
MIN_SHARED_BANDS = 2
_MERSENNE = (1 << 61) - 1
_MERSENNE_U64 = np.uint64(_MERSENNE)
# Counters pages re-render on every view: "1,234 shares", "5 comments", "12K views".
_COUNTER = re.compile(
    r"\b\d[\d,.]*\s*[km]?\s+(?:shares?|comments?|views?|likes?|reads?|reactions?|retweets?)\b",
    re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _constant(name: str) -> int:
    """A fixed pseudo-random number below 2^61 − 1: the same in every process and version, as
    the band keys stored by earlier runs must match those computed now."""
    digest = hashlib.blake2b(name.encode("ascii"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % _MERSENNE or 1


# h(x) = (a·x + b) mod (2^61 − 1), one per MinHash row, as datasketch computes it: in unsigned
# 64-bit arithmetic, whose wrap-around is defined (so keys are stable) and keeps the family
# well mixed. Multipliers below 2^31, which would avoid the wrap, are not: pages sharing a
# template then crowd the same buckets.
_A = np.array([_constant(f"a{i}") for i in range(BANDS * ROWS)], dtype=np.uint64)[:, None]
_B = np.array([_constant(f"b{i}") for i in range(BANDS * ROWS)], dtype=np.uint64)[:, None]


def comparable_words(text: str | None) -> list[str]:
    """The words of ``text`` that matter for comparing versions: lower case, no counters."""
    return _WORD.findall(_COUNTER.sub(" ", text or "").lower())


def same_text(old_title: str | None, old_body: str | None,
              new_title: str | None, new_body: str | None) -> bool:
    """Whether a new version differs from the old one only trivially (spacing, case, counters)."""
    return (comparable_words(old_title) == comparable_words(new_title)
            and comparable_words(old_body) == comparable_words(new_body))


@dataclass(frozen=True, eq=False)
class Fingerprint:
    # Sorted distinct shingle hashes: a tenth of a frozenset's memory (the dedupe pipeline
    # holds a thousand of them) and one buffer to pickle when a parse worker sends it.
    shingles: np.ndarray  # uint32
    band_keys: tuple[tuple[int, int], ...]  # (band, hash) pairs, one per band

    def __eq__(self, other) -> bool:
        return (isinstance(other, Fingerprint) and self.band_keys == other.band_keys
                and np.array_equal(self.shingles, other.shingles))


def fingerprint(title: str | None, body: str | None) -> Fingerprint:
    hashes = shingles(f"{title or ''}\n{body or ''}")
    return Fingerprint(hashes, band_keys(minhash(hashes)))


class Recent(OrderedDict):
    """The latest ``capacity`` keys remembered, each with the value it was first given."""

    def __init__(self, capacity: int):
        super().__init__()
        self.capacity = capacity

    def remember(self, key, value=None) -> None:
        if key not in self:
            self[key] = value
            if len(self) > self.capacity:
                self.popitem(last=False)


def shingles(text: str) -> np.ndarray:
    """Hashes (CRC-32) of every run of ``SHINGLE_WORDS`` consecutive comparable words, sorted
    and distinct."""
    words = comparable_words(text)
    runs = (map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS))))
            if len(words) >= SHINGLE_WORDS else [" ".join(words)])
    return np.unique(np.fromiter(map(zlib.crc32, map(str.encode, runs)), dtype=np.uint32))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Of two ``shingles`` arrays (sorted, distinct)."""
    if not a.size and not b.size:
        return 1.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared)


def minhash(hashes: np.ndarray) -> tuple[int, ...]:
    """One minimum per permutation h(x) = (a·x + b) mod (2^61 − 1)."""
    if not hashes.size:
        return (0,) * len(_A)
    with np.errstate(over="ignore"):  # the wrap-around is part of the hash
        x = _A * hashes.astype(np.uint64)
        x += _B
    # x mod (2^61 − 1) without a division, as 2^61 ≡ 1: the low 61 bits plus the high 3 are
    # below twice the modulus, so one subtraction finishes it.
    h = x & _MERSENNE_U64
    x >>= np.uint64(61)
    h += x
    h[h >= _MERSENNE_U64] -= _MERSENNE_U64
    return tuple(h.min(axis=1).tolist())


def band_keys(signature: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    """Per band, a signed 64-bit hash of its rows (SQLite's INTEGER range)."""
    return tuple(
        (band, _hash64(struct.pack(f"<{ROWS}Q", *signature[band * ROWS:(band + 1) * ROWS]),
                       signed=True))
        for band in range(BANDS))


def _hash64(data: bytes, signed: bool = False) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=signed)


class LshIndex:
    """Band keys to ids, in memory: this run's articles that the store may not have yet.

    Only the latest ``capacity`` are kept, so memory stays flat on a long crawl: older ones
    are committed (the store pipeline writes every ``STORE_BATCH_SIZE`` articles) and found
    through the store's band index.
    """

    def __init__(self, capacity: int = 1000):
        self.capacity = capacity
        self._buckets: dict[tuple[int, int], set] = defaultdict(set)
        self._texts: dict = {}  # id -> Fingerprint, oldest first

    def add(self, key, text: Fingerprint) -> None:
        self._texts[key] = text
        for band_key in text.band_keys:
            self._buckets[band_key].add(key)
        if len(self._texts) > self.capacity:
            self._forget(next(iter(self._texts)))

    def _forget(self, key) -> None:
        for band_key in self._texts.pop(key).band_keys:
            bucket = self._buckets[band_key]
            bucket.discard(key)
            if not bucket:
                del self._buckets[band_key]

    def near_duplicates(self, text: Fingerprint) -> list:
        """Ids of the indexed texts at least ``NEAR_DUPLICATE`` similar to ``text``."""
        shared = Counter(key for band_key in text.band_keys
                         for key in self._buckets.get(band_key, ()))
        return [key for key, bands in shared.items() if bands >= MIN_SHARED_BANDS
                and jaccard(self._texts[key].shingles, text.shingles) >= NEAR_DUPLICATE]
