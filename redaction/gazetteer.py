"""The name gazetteer and the English lexicon that tells names from ordinary words.

The gazetteer (``data/*.txt``) is our own list of given and family names across seven
origin groups, so that detection does not depend on how often a statistical model saw a
name in its (mostly anglophone) training data. The lexicon comes from the pinned spaCy
model's own tables: stop words and the WordNet lemma index (verbs, adjectives, adverbs
and, separately, nouns).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from redaction.keepwords import KEEP_WORDS
from redaction.pseudonyms import fold_name

MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
# Capitalised words frequent in reports that are neither names nor in WordNet.
NOT_NAMES: frozenset[str] = frozenset(
    "hr ok okay whatsapp instagram insta facebook twitter tiktok snapchat linkedin teams zoom "
    "slack outlook gmail google youtube reddit discord uber tesco asda amazon nhs uk usa us "
    "eu gp ae a&e covid ive im id dm dms pm am re fw fwd btw lol omg tbh idk asap etc eg ie "
    "mr mrs ms mx dr prof sir".split()
)


# Regular English inflections (suffix, replacement) tried against the lemma index.
_INFLECTIONS: tuple[tuple[str, str], ...] = (
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("er", ""),
    ("ers", ""),
)


def _read_words(name: str) -> frozenset[str]:
    raw = resources.files("redaction").joinpath("data", name).read_text(encoding="utf-8")
    words: set[str] = set()
    for line in raw.splitlines():
        line = line.split("#", 1)[0]
        words.update(fold_name(word) for word in line.split())
    words.discard("")
    return frozenset(words)


@dataclass(frozen=True)
class Lexicon:
    """Name lists plus English word lists, all as folded keys (see ``fold_name``)."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    word_names: frozenset[str]
    function_words: frozenset[str]
    english_words: frozenset[str]
    descriptive_words: frozenset[str]
    verbs: frozenset[str] = frozenset()
    verb_forms: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()

    def is_finite_verb(self, key: str) -> bool:
        """Tell whether ``key`` looks like a past or third-person verb form.

        "will moved desks", "chase parked": after a word-name such a form shows the name
        is the subject (a modal "will" is never followed by "moved"). Used as evidence
        where the tagger, on lower-case text, is unreliable.

        Args:
            key: Folded token.

        Returns:
            True for irregular past forms ("said") and regular -s/-ed forms of verbs.
        """
        if key in self.function_words:
            return key in {"is", "was", "has", "had", "does", "did"}
        if key in self.verb_forms:
            return True
        # A "-s" form whose stem is also a noun ("rounds", "calls") is more often a plural.
        return any(
            key.endswith(suffix)
            and (stem := key[: len(key) - len(suffix)] + replacement) in self.verbs
            and (suffix.startswith("e") and suffix != "es" or stem not in self.nouns)
            for suffix, replacement in (
                ("s", ""),
                ("es", ""),
                ("ies", "y"),
                ("ed", ""),
                ("ed", "e"),
            )
            if len(key) > len(suffix) + 2
        )

    def is_name(self, key: str) -> bool:
        """Tell whether ``key`` is a known given or family name (any origin).

        Args:
            key: Folded token.

        Returns:
            True when the gazetteer lists it (including names that are also words).
        """
        return key in self.first_names or key in self.surnames or key in self.word_names

    def is_ambiguous(self, key: str) -> bool:
        """Tell whether a name is also an ordinary word, so it needs more evidence.

        Args:
            key: Folded token.

        Returns:
            True for word-names ("will", "hope"), function words, months, keep words and
            very short tokens.
        """
        return (
            key in self.word_names
            or key in self.descriptive_words
            or key in self.verb_forms
            or key in self.function_words
            or key in MONTHS
            or key in KEEP_WORDS
            or len(key) <= 2
        )

    def is_english(self, key: str) -> bool:
        """Tell whether ``key`` is an English word per the model's WordNet tables.

        WordNet lists lemmas only, so regular inflections ("lads", "duties", "shouted",
        "keeps") are reduced first; irregular forms ("said") are in the exception tables.

        Args:
            key: Folded token.

        Returns:
            True for dictionary words and their inflections, stop words, months and
            non-name brand words.
        """
        if key in self.english_words or key in self.function_words:
            return True
        if key in MONTHS or key in NOT_NAMES:
            return True
        return any(
            key.endswith(suffix) and key[: len(key) - len(suffix)] + stem in self.english_words
            for suffix, stem in _INFLECTIONS
            if len(key) > len(suffix) + 2
        )


def build_lexicon(nlp: Any, extra_names: Iterable[str] = ()) -> Lexicon:
    """Build the lexicon from our name lists and the loaded spaCy pipeline's tables.

    Args:
        nlp: The loaded spaCy ``Language`` (its lemmatizer tables hold the WordNet index;
            the component may be disabled, its tables are still loaded).
        extra_names: An organisation's own names (see :mod:`redaction.organisation`).

    Returns:
        The lexicon used by the person finder.
    """
    function_words = frozenset(fold_name(w) for w in nlp.Defaults.stop_words)
    english: set[str] = set()
    descriptive: set[str] = set()
    verbs: set[str] = set()
    verb_forms: set[str] = set()
    nouns: set[str] = set()
    if "lemmatizer" in nlp.component_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        if lookups.has_table("lemma_exc"):
            # Irregular inflected forms ("said", "children", "taught").
            exceptions = lookups.get_table("lemma_exc")
            for forms in exceptions.values():
                english.update(forms)
            verb_forms.update(
                form for form in exceptions.get("verb", {}) if not form.endswith("ing")
            )
        if lookups.has_table("lemma_index"):
            table = lookups.get_table("lemma_index")
            for pos in ("noun", "verb", "adj", "adv"):
                words = table.get(pos, [])
                english.update(words)
                # Verbs, adjectives and adverbs ("sue", "amber", "will"): a name that is
                # one of these needs contextual evidence. Nouns include WordNet's proper
                # names ("john"), so they do not count as ambiguous.
                if pos != "noun":
                    descriptive.update(words)
                if pos == "verb":
                    verbs.update(words)
                if pos == "noun":
                    nouns.update(words)
    return Lexicon(
        first_names=_read_words("first_names.txt")
        | {fold_name(w) for name in extra_names for w in name.split()},
        surnames=_read_words("surnames.txt"),
        word_names=_read_words("word_names.txt"),
        function_words=function_words,
        english_words=frozenset(english),
        descriptive_words=frozenset(descriptive),
        verbs=frozenset(verbs),
        verb_forms=frozenset(verb_forms),
        nouns=frozenset(nouns),
    )
