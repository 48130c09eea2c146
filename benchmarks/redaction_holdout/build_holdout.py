"""Build ``holdout.jsonl`` (the PII scorer's gold format) from hand-written marked-up reports.

    .venv/bin/python benchmarks/redaction_holdout/build_holdout.py

The report texts in ``reports_*.txt`` were written by hand for this held-out set, with names
drawn from general knowledge of naming practice in seven origin groups, independently of
the shared development set (its names and templates were not consulted). This script only
computes offsets, so that every gold span is exact.

Markup inside a report:
- ``[P1.wa:Adaeze Nwosu]``: a PERSON mention of person P1 (P0 is the reporter) whose name
  origin is ``wa`` (en, wa, sa, ea, ar, ee, hi; see ``ORIGINS``). Titles and a possessive
  "'s" stay outside the brackets, as in the development set.
- ``{PHONE:07700 900123}`` or ``{EMAIL.P1:a.b@example.org}``: any other identifier, with
  an optional owner.
A report starts with a header line ``=== <id> <style> <locale>``.
Keep words (protected characteristics, roles, behaviours) are every whole-word,
case-insensitive occurrence of a ``KEEP`` lexicon word outside the identifier spans.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORIGINS = {
    "en": "anglo",
    "wa": "west_african",
    "sa": "south_asian",
    "ea": "east_asian",
    "ar": "arabic",
    "ee": "eastern_european",
    "hi": "hispanic",
}
KEEP = {
    "behaviour": """banter bullying bullied discrimination excluded followed groped harassment
        harassed humiliated joke joked jokes laughed mimicked misgendered mocked racist
        retaliation shouted touched threatened stalked ignored insulted""",
    "protected": """accent adhd anxiety arab asian autism autistic bisexual black blind
        boyfriend catholic chinese christian deaf depression diabetic disabled dyslexic eid
        elderly epileptic filipino gay ghanaian girlfriend headscarf hijab hindu indian
        jamaican japanese jewish kippah korean latina latino lesbian maternity mexican
        muslim muslims neurodivergent nigerian niqab non-binary older pakistani polish
        pregnant pronouns queer race ramadan religion romanian sikh somali trans transgender
        turban wheelchair woman women buddhist ukrainian roma menopause pregnancy carer
        vietnamese husband wife""",
    "role": """administrator apprentice boss chef cleaner colleague colleagues consultant
        coordinator coworker coworkers developer director engineer foreman headteacher hr
        intern lecturer manager mentor nurse porter professor receptionist student students
        supervisor technician trainee tutor warden midwife driver steward paramedic
        caretaker analyst""",
}
_PERSON = re.compile(r"\[(P\d+)\.([a-z]{2}):([^\]]+)\]")
_OTHER = re.compile(r"\{([A-Z_]+)(?:\.(P\d+))?:([^}]+)\}")
_MARK = re.compile(_PERSON.pattern + "|" + _OTHER.pattern)


def _other_mentions(text: str, pii: list[dict[str, object]]) -> list[dict[str, object]]:
    """Mark later unbracketed mentions of a person's name tokens ("Yusuf's", "kasia said").

    Whole-word, case-insensitive, outside other spans. A backslash before a word in the
    source ("\\will") would have to be used to keep an ordinary word; none was needed.
    """
    added: list[dict[str, object]] = []
    for sp in [p for p in pii if p["type"] == "PERSON"]:
        for word in str(sp["value"]).split():
            if len(word) < 2:
                continue
            pattern = r"(?<![\w@./-])" + re.escape(word) + r"(?![\w@-])"
            for m in re.finditer(pattern, text, flags=re.IGNORECASE):
                taken = [*pii, *added]
                if any(o["start"] <= m.start() < o["end"] for o in taken):  # type: ignore[operator]
                    continue
                added.append({**sp, "start": m.start(), "end": m.end(), "value": m.group()})
    return added


def parse(block: str) -> dict[str, object]:
    header, _, body = block.partition("\n")
    rid, style, locale = header.split()
    text_parts: list[str] = []
    pii: list[dict[str, object]] = []
    cursor = 0
    length = 0
    for m in _MARK.finditer(body):
        plain = body[cursor : m.start()]
        text_parts.append(plain)
        length += len(plain)
        if m.group(1):
            value = m.group(3)
            span: dict[str, object] = {
                "start": length,
                "end": length + len(value),
                "type": "PERSON",
                "value": value,
                "person": m.group(1),
                "origin": ORIGINS[m.group(2)],
            }
        else:
            value = m.group(6)
            span = {"start": length, "end": length + len(value), "type": m.group(4), "value": value}
            if m.group(5):
                span["person"] = m.group(5)
        text_parts.append(value)
        length += len(value)
        pii.append(span)
        cursor = m.end()
    text_parts.append(body[cursor:])
    text = "".join(text_parts).strip("\n")
    pii.extend(_other_mentions(text, pii))
    pii.sort(key=lambda sp: sp["start"])  # type: ignore[arg-type,return-value]
    for sp in pii:
        assert text[sp["start"] : sp["end"]] == sp["value"], (rid, sp)  # type: ignore[misc]
    keep = []
    cat_of = {w: c for c, words in KEEP.items() for w in words.split()}
    for m in re.finditer(r"[A-Za-z][A-Za-z-]*", text):
        word = m.group().lower()
        if word in cat_of and not any(
            sp["start"] < m.end() and m.start() < sp["end"] for sp in pii
        ):  # type: ignore[operator]
            keep.append(
                {"start": m.start(), "end": m.end(), "word": m.group(), "cat": cat_of[word]}
            )
    persons: dict[str, dict[str, str]] = {}
    for sp in pii:
        if sp["type"] == "PERSON":
            persons.setdefault(str(sp["person"]), {"origin": str(sp["origin"])})
    names = [
        {k: sp[k] for k in ("start", "end", "value", "person", "origin")}
        for sp in pii
        if sp["type"] == "PERSON"
    ]
    return {
        "id": rid,
        "text": text,
        "pii": pii,
        "keep": keep,
        "name_origin": names,
        "meta": {"style": style, "locale": locale, "words": len(text.split()), "persons": persons},
    }


def main() -> None:
    rows = []
    for path in sorted(HERE.glob("reports_*.txt")):
        for block in re.split(r"^(?==== )", path.read_text(encoding="utf-8"), flags=re.M):
            if block.strip():
                rows.append(parse(block.strip("\n").removeprefix("=== ")))
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    with (HERE / "holdout.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    origins: dict[str, int] = {}
    for row in rows:
        for p in row["meta"]["persons"].values():  # type: ignore[index]
            origins[p["origin"]] = origins.get(p["origin"], 0) + 1
    print(f"{len(rows)} reports; persons by origin: {dict(sorted(origins.items()))}")


if __name__ == "__main__":
    main()
