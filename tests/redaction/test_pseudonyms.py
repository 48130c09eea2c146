"""Pseudonym labels and grouping of mentions into people."""

from __future__ import annotations

from redaction.pseudonyms import assign, fold_name, pseudonym_label


def test_labels_continue_past_z() -> None:
    assert [pseudonym_label(i) for i in (0, 25, 26, 27, 52)] == [
        "[Person A]",
        "[Person Z]",
        "[Person AA]",
        "[Person AB]",
        "[Person BA]",
    ]


def test_fold_name_ignores_case_diacritics_and_inner_punctuation() -> None:
    assert fold_name("Łukasz") == fold_name("lukasz") == "lukasz"
    assert fold_name("Ji-woo") == "jiwoo"


def test_repeated_surface_form_is_listed_once() -> None:
    text = "Priya Sharma met Priya Sharma."
    assignment = assign(text, [(0, 12), (17, 29)])
    assert assignment.placeholders == ("[Person A]", "[Person A]")
    assert assignment.pseudonyms == {"[Person A]": ("Priya Sharma",)}
