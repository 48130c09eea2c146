"""Span cleaning and merging: unions on overlap, keep words never removed alone."""

from __future__ import annotations

from redaction.spans import Candidate, clean_person, resolve


def test_overlapping_detections_merge_into_their_union() -> None:
    text = "call 0161 496 0123 now"
    merged = resolve(
        text,
        [Candidate(5, 13, "STUDENT_ID", 0.4), Candidate(5, 18, "PHONE", 0.85)],
    )
    assert merged == [Candidate(5, 18, "PHONE", 0.85)]


def test_keep_word_alone_is_never_removed() -> None:
    text = "the Muslim staff"
    assert resolve(text, [Candidate(4, 10, "ROOM", 0.6), Candidate(0, 0, "AGE", 0.6)]) == []


def test_person_span_loses_titles_possessive_and_keep_words() -> None:
    text = "Dr Priya Sharma's Muslim colleague"
    pieces = clean_person(text, 0, len(text), 0.85)
    assert [text[p.start : p.end] for p in pieces] == ["Priya Sharma"]
