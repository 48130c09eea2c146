"""Text normalisation and hashed n-gram features.

Two invariants serve privacy:

* Features are hashed (``HashingVectorizer``), so no persisted object holds a vocabulary of
  training tokens (CVE-2024-5206 leaked one through ``stop_words_``). What remains in a model
  is per-bucket weights; someone holding the artifact can test whether a *guessed* token was
  frequent in training, which is why the model only ever sees redacted text.
* Normalisation is plain code outside the persisted pipeline (skops cannot persist functions),
  so every placeholder (``[Person A]``, ``[EMAIL]``) becomes one fixed token and digits
  become ``0``: identifiers that slipped past redaction do not become distinct features.

:class:`FeatureVectoriser` recomputes exactly what the fitted stock ``FeatureUnion`` computes,
for one text, without scikit-learn's per-call validation overhead (tests check equality).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils import murmurhash3_32

from triage_models.errors import TrainingError
from triage_models.identity import LEXICON_DIGEST

NORMALISER_VERSION: Final = f"norm-v1+identity-{LEXICON_DIGEST}"
"""Recorded with every model; bump it whenever :func:`normalise` changes behaviour. It carries
the digest of the identity list (:mod:`triage_models.identity`), which shapes the
identity-blind view."""

PLACEHOLDER_PREFIX: Final = "zzph"
_PLACEHOLDER = re.compile(r"\[(?:Person\s+[A-Z]{1,3}|([A-Z][A-Z_]{1,40}))\]")
_DIGIT = re.compile(r"\d")
_DISPLAY = re.compile(rf"\b{PLACEHOLDER_PREFIX}([a-z_]+)\b")

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _placeholder_token(match: re.Match[str]) -> str:
    entity = match.group(1) or "PERSON"
    return f" {PLACEHOLDER_PREFIX}{entity.lower()} "


def normalise(text: str) -> str:
    """Map redacted text to the form the features are computed on.

    NFKC-normalises, turns every placeholder into one token per entity type (pseudonym
    letters are dropped), lower-cases, maps digits to ``0`` and collapses whitespace.

    Args:
        text: Redacted report text.

    Returns:
        The normalised text; deterministic, so training and prediction agree.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _PLACEHOLDER.sub(_placeholder_token, text)
    text = _DIGIT.sub("0", text.lower())
    return " ".join(text.split())


def display_term(term: str) -> str:
    """Render a normalised term for humans: placeholder tokens become ``[PERSON]`` etc."""
    return _DISPLAY.sub(lambda m: f"[{m.group(1).upper()}]", term)


def build_feature_union(
    *, word_bits: int, char_bits: int, char_ngrams: tuple[int, int] = (3, 4)
) -> FeatureUnion:
    """Build the unfitted, stock feature extractor persisted inside every model.

    Word 1-2-grams and ``char_wb`` n-grams (3-4 by default) are hashed (no vocabulary), then
    weighted by a sublinear TF-IDF and L2-normalised per block.

    Args:
        word_bits: log2 of the word-block width.
        char_bits: log2 of the character-block width.
        char_ngrams: Smallest and largest character n-gram.

    Returns:
        A ``FeatureUnion`` of two ``Pipeline(hash, tfidf)`` blocks named ``word`` and ``char``.
    """

    def block(analyzer: str, ngrams: tuple[int, int], bits: int) -> Pipeline:
        hasher = HashingVectorizer(
            analyzer=analyzer,
            ngram_range=ngrams,
            n_features=2**bits,
            alternate_sign=False,
            norm=None,
            lowercase=False,
        )
        return Pipeline([("hash", hasher), ("tfidf", TfidfTransformer(sublinear_tf=True))])

    return FeatureUnion(
        [
            ("word", block("word", (1, 2), word_bits)),
            ("char", block("char_wb", (char_ngrams[0], char_ngrams[1]), char_bits)),
        ]
    )


def hash_many(hasher: HashingVectorizer, texts: Sequence[str]) -> sp.csr_matrix:
    """Return ``hasher.transform(texts)`` as CSR, computed fast for ``char_wb`` hashers.

    ``char_wb`` n-grams never cross whitespace, so a text's counts are the sum over its
    whitespace-separated words of each word's counts: ``X = W @ C`` with ``W`` the
    text-by-distinct-word counts and ``C = hasher.transform(distinct words)``. A large corpus
    has far fewer distinct words than word occurrences, so this hashes each word once instead
    of every time it appears (tests check equality with the stock transform). The word list
    exists only during the call; nothing is stored.

    Args:
        hasher: A stock ``HashingVectorizer`` (``norm=None``, not binary, for the fast path).
        texts: Normalised texts.

    Returns:
        The hashed counts, one row per text.
    """
    if hasher.analyzer != "char_wb" or hasher.norm is not None or hasher.binary:
        return hasher.transform(texts).tocsr()
    ids: dict[str, int] = {}
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    indices: list[int] = []
    for row, text in enumerate(texts):
        indices.extend([ids.setdefault(w, len(ids)) for w in text.split()])
        indptr[row + 1] = len(indices)
    words = sp.csr_matrix(
        (np.ones(len(indices)), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(texts), len(ids)),
    )
    words.sum_duplicates()
    per_word = hasher.transform(list(ids)).tocsr()
    hashed = (words @ per_word).tocsr()
    hashed.sort_indices()
    return hashed


def _char_wb_count(padded_length: int, ngram_range: tuple[int, int]) -> int:
    """Number of n-grams scikit-learn's ``char_wb`` analyzer emits for one padded word."""
    total = 0
    for n in range(ngram_range[0], ngram_range[1] + 1):
        if padded_length <= n:  # a short word is emitted once, whole, and stops the loop
            return total + 1
        total += padded_length - n + 1
    return total


@dataclass(frozen=True)
class Occurrences:
    """The n-grams of one text in one block, grouped by the unit that produced them.

    Units are distinct terms (word block) or distinct whitespace-separated words (character
    block). Arrays run over (unit, n-gram) occurrences.

    Attributes:
        units: The distinct units of the text.
        unit: Index into ``units`` of each occurrence.
        column: Union column of each occurrence.
        weight: How many times the occurrence counts (its unit's frequency in the text).
    """

    units: list[str]
    unit: IntArray
    column: IntArray
    weight: FloatArray


@dataclass(frozen=True)
class HashedBlock:
    """One fitted block of the union, reduced to what per-text vectorising needs.

    Attributes:
        kind: The hasher's analyzer (``word`` or ``char_wb``).
        analyzer: Text to n-grams, exactly as the fitted hasher does it.
        n_features: Width of the block.
        offset: Column of the block's first feature in the union output.
        idf: The fitted inverse document frequencies.
        sublinear: Whether term counts are replaced by ``1 + log(count)``.
        ngram_range: The hasher's n-gram range.
    """

    kind: str
    analyzer: Callable[[str], list[str]]
    n_features: int
    offset: int
    idf: FloatArray
    sublinear: bool
    ngram_range: tuple[int, int] = (1, 1)

    def buckets(self, terms: Sequence[str], memo: dict[str, int] | None = None) -> IntArray:
        """Return the union column of each term (same hash as ``FeatureHasher``).

        ``memo`` shares hashes between the views and passages of one report (see
        :meth:`TriageModel._score <triage_models.model.TriageModel>`); it lives for the
        scoring of that one report only.
        """
        n = self.n_features
        if memo is None:
            return np.fromiter(
                (self.offset + abs(murmurhash3_32(t, 0)) % n for t in terms),
                dtype=np.int64,
                count=len(terms),
            )
        for t in terms:
            if t not in memo:
                memo[t] = self.offset + abs(murmurhash3_32(t, 0)) % n
        return np.fromiter((memo[t] for t in terms), dtype=np.int64, count=len(terms))

    def occurrences(self, text: str, memo: dict[str, int] | None = None) -> Occurrences:
        """Split one normalised text into units and the hashed n-grams of each unit."""
        if self.kind != "char_wb":
            counts = Counter(self.analyzer(text))
            units = list(counts)
            return Occurrences(
                units=units,
                unit=np.arange(len(units), dtype=np.int64),
                column=self.buckets(units, memo),
                weight=np.fromiter(counts.values(), dtype=np.float64, count=len(units)),
            )
        # char_wb n-grams never cross whitespace, so analysing the distinct words once gives
        # each word's n-grams in order; word frequencies then weight them.
        words = Counter(text.split())
        units = list(words)
        flat = self.analyzer(" ".join(units))
        sizes = np.fromiter(
            (_char_wb_count(len(w) + 2, self.ngram_range) for w in units),
            dtype=np.int64,
            count=len(units),
        )
        if int(sizes.sum()) != len(flat):  # pragma: no cover - guards a scikit-learn change
            raise TrainingError("char_wb n-gram layout differs from the expected one")
        distinct = list(dict.fromkeys(flat))
        column_of = dict(zip(distinct, self.buckets(distinct, memo).tolist(), strict=True))
        unit = np.repeat(np.arange(len(units), dtype=np.int64), sizes)
        frequency = np.fromiter(words.values(), dtype=np.float64, count=len(units))
        return Occurrences(
            units=units,
            unit=unit,
            column=np.fromiter((column_of[g] for g in flat), dtype=np.int64, count=len(flat)),
            weight=frequency[unit],
        )

    def vectorise(self, occ: Occurrences) -> tuple[IntArray, FloatArray, IntArray, FloatArray]:
        """Return sorted columns, TF-IDF values, occurrence-to-column index, column counts."""
        if not len(occ.column):
            empty_i, empty_f = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
            return empty_i, empty_f, empty_i, empty_f
        uniq, inverse = np.unique(occ.column, return_inverse=True)
        tf = np.bincount(inverse, weights=occ.weight).astype(np.float64)
        scaled = np.log(tf) + 1.0 if self.sublinear else tf
        values = scaled * self.idf[uniq - self.offset]
        norm = float(np.sqrt(values @ values))
        if norm > 0.0:
            values = values / norm
        return uniq, values, inverse.astype(np.int64), tf


@dataclass(frozen=True)
class TextFeatures:
    """Features of one normalised text, with what explanations need to map them back.

    Attributes:
        columns: Non-zero union columns, ascending.
        values: Their values (exactly the stock union's output).
        blocks: Per block: occurrences, the position of each occurrence in ``columns``, and
            the total count of that occurrence's column.
    """

    columns: IntArray
    values: FloatArray
    blocks: tuple[tuple[Occurrences, IntArray, FloatArray], ...]


class FeatureVectoriser:
    """Fast, exact re-implementation of a fitted union's ``transform`` for one text.

    Invariant: ``analyse(t).columns/values`` equal the non-zero entries of
    ``union.transform([t])``.
    """

    def __init__(self, union: FeatureUnion) -> None:
        blocks: list[HashedBlock] = []
        offset = 0
        for name, block in union.transformer_list:
            hasher, tfidf = block.named_steps["hash"], block.named_steps["tfidf"]
            if not isinstance(hasher, HashingVectorizer) or not isinstance(tfidf, TfidfTransformer):
                raise TrainingError(f"feature block {name!r} is not hash + tfidf")
            if hasher.alternate_sign or hasher.norm is not None or tfidf.norm != "l2":
                raise TrainingError(f"feature block {name!r} has unsupported settings")
            if hasher.analyzer not in ("word", "char_wb") or hasher.lowercase:
                raise TrainingError(f"feature block {name!r} has unsupported settings")
            blocks.append(
                HashedBlock(
                    kind=str(hasher.analyzer),
                    analyzer=hasher.build_analyzer(),
                    n_features=int(hasher.n_features),
                    offset=offset,
                    idf=np.asarray(tfidf.idf_, dtype=np.float64),
                    sublinear=bool(tfidf.sublinear_tf),
                    ngram_range=(int(hasher.ngram_range[0]), int(hasher.ngram_range[1])),
                )
            )
            offset += int(hasher.n_features)
        self.blocks: tuple[HashedBlock, ...] = tuple(blocks)
        self.n_features = offset

    def analyse(self, text: str, memos: Sequence[dict[str, int]] | None = None) -> TextFeatures:
        """Compute the union's features of one normalised text."""
        columns: list[IntArray] = []
        values: list[FloatArray] = []
        parts: list[tuple[Occurrences, IntArray, FloatArray]] = []
        base = 0
        for index, block in enumerate(self.blocks):
            occ = block.occurrences(text, None if memos is None else memos[index])
            cols, vals, position, tf = block.vectorise(occ)
            columns.append(cols)
            values.append(vals)
            parts.append((occ, position + base, tf[position]))
            base += len(cols)
        return TextFeatures(
            columns=np.concatenate(columns), values=np.concatenate(values), blocks=tuple(parts)
        )
