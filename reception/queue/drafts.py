"""Registration drafts (草稿): what staff typed before an outcome was decided.

DOMAIN.md "The case after the counter" and "Same-day archiving" (seed 000:
做到当天存档): a visitor sent on to the duty leader before anything is decided
arrives with what the counter typed (document number, phone, summary), and an
idle logout keeps a half-typed form. A draft is one row per visit, kept as
typed (only the text policy and the length limits apply, no field is
required), continued by whoever opens the visit next (the same clerk, or the
leader the visitor was sent to), and removed when the visit is registered.
A draft is not an outcome: a visit still cannot end on a draft (件件有着落).
"""

from __future__ import annotations

import json
from dataclasses import fields

import sqlite_utils

from reception.queue import audit
from reception.queue.errors import InvalidInput
from reception.queue.persons import FIELD_LABELS, MAX_FIELD
from reception.queue.registration.form import TEXT_LABELS, TEXT_LIMITS, Draft, RegistrationForm
from reception.queue.text import clean_text

_CHOICE_LIMIT = 100


def clean_draft(form: RegistrationForm, person_changes: dict[str, str], document: str) -> dict:
    """The draft as stored: every value a string under the text policy and its limit."""
    values: dict[str, object] = {}
    for item in fields(RegistrationForm):
        value = getattr(form, item.name)
        if isinstance(value, bool):
            values[item.name] = value
            continue
        limit = TEXT_LIMITS.get(item.name, _CHOICE_LIMIT)
        values[item.name] = clean_text(str(value), TEXT_LABELS.get(item.name, "草稿"), limit, multiline=True)
    people = {}
    for key, value in (person_changes or {}).items():
        if key not in MAX_FIELD or key == "doc_number":
            raise InvalidInput("草稿中有不能修改的来访人字段")
        people[key] = clean_text(value, FIELD_LABELS[key], MAX_FIELD[key])
    return {"form": values, "person": people, "document": clean_text(document, "证件号码", 40)}


def save(
    db: sqlite_utils.Database,
    visit_id: int,
    form: RegistrationForm,
    person_changes: dict[str, str] | None,
    document: str,
    actor: str,
    at: str,
) -> Draft:
    """Keep what was typed (the caller holds the write transaction)."""
    content = clean_draft(form, person_changes or {}, document)
    text = json.dumps(content, ensure_ascii=False)
    updated = db.execute(
        "UPDATE registration_drafts SET content = ?, saved_by = ?, saved_at = ? WHERE visit_id = ?",
        (text, actor, at, visit_id),
    ).rowcount
    if not updated:
        db.execute(
            "INSERT INTO registration_drafts (visit_id, content, saved_by, saved_at) VALUES (?, ?, ?, ?)",
            (visit_id, text, actor, at),
        )
    # Which fields hold something, never the petition's text (it stays in one place).
    filled = sorted(key for key, value in content["form"].items() if value not in ("", False))
    audit.record(db, actor, "visit.draft", f"visit:{visit_id}", {"fields": filled}, at=at)
    draft = load(db, visit_id)
    assert draft is not None
    return draft


def load(db: sqlite_utils.Database, visit_id: int) -> Draft | None:
    row = db.execute(
        "SELECT content, saved_by, saved_at FROM registration_drafts WHERE visit_id = ?", (visit_id,)
    ).fetchone()
    if row is None:
        return None
    content = json.loads(row[0])
    known = {item.name for item in fields(RegistrationForm)}
    form = RegistrationForm(**{key: value for key, value in content["form"].items() if key in known})
    return Draft(form, dict(content.get("person", {})), content.get("document", ""), row[1], row[2])


def discard(db: sqlite_utils.Database, visit_id: int) -> None:
    db.execute("DELETE FROM registration_drafts WHERE visit_id = ?", (visit_id,))
