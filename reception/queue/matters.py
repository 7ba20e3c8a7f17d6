"""Same matter or new matter, and what the next clerk must be warned of.

DOMAIN.md, "The case after the counter" (seed 000: 重复访; 不予受理、不再受理的
来访事项或重复信访人): a repeat visit is the same person coming again about
the same matter; a new matter from the same person is a new matter. At
registration staff see the earlier matters of everyone in the visit (the lead
and the representatives: a group's representatives are matched too) and link
the visit to one, or mark it new. A linked visit stores the matter's first
visit (`visits.matter_visit_id`) and is the one counted as 重复访.

Seed 000, 接访程序: 来访人的异样、过激言行 are recorded; they are shown as a
warning line to whoever receives the person next (`warnings`).
"""

from __future__ import annotations

import sqlite_utils

from reception.queue import matter_state
from reception.queue.errors import InvalidInput
from reception.queue.registration.form import NEW_MATTER, NO_MORE, EarlierMatter

MAX_MATTERS = 20
MAX_WARNINGS = 3


def earlier_matters(db: sqlite_utils.Database, visit_id: int) -> tuple[EarlierMatter, ...]:
    """The registered matters of this visit's people before it, newest first."""
    rows = db.execute(
        "SELECT coalesce(v.matter_visit_id, v.id) AS root, max(p.name)"
        " FROM visit_people me"
        " JOIN visit_people vp ON vp.person_id = me.person_id AND vp.visit_id < me.visit_id"
        " JOIN visits v ON v.id = vp.visit_id"
        " JOIN persons p ON p.id = vp.person_id"
        " WHERE me.visit_id = ? AND v.registered_at IS NOT NULL"
        " GROUP BY coalesce(v.matter_visit_id, v.id) ORDER BY root DESC LIMIT ?",
        (visit_id, MAX_MATTERS),
    ).fetchall()
    found = []
    for root, person in rows:
        row = matter_state.visit_row(db, root)
        (later,) = db.execute(
            "SELECT count(*) FROM visits WHERE matter_visit_id = ? AND id <> ?"
            " AND registered_at IS NOT NULL",
            (root, visit_id),
        ).fetchone()
        found.append(EarlierMatter(
            visit_id=root,
            case_number=row["case_number"] or "",
            hall_day=row["hall_day"],
            summary=row["summary"],
            state=matter_state.state_of_row(row),
            visits=1 + later,
            person=person,
        ))
    return tuple(found)


def resolve(
    matters: tuple[EarlierMatter, ...], choice: str, outcome: str
) -> EarlierMatter | None:
    """The matter a visit is linked to (None: a new matter), or InvalidInput.

    DOMAIN.md "Repeat visits are about a matter": staff choose, the person's
    earlier visits alone do not make a repeat visit. 不再受理 is only for a
    matter already concluded through the proper steps (seed 000).
    """
    choice = choice.strip()
    linked: EarlierMatter | None = None
    if choice and choice != NEW_MATTER:
        linked = next((item for item in matters if item.case_number == choice), None)
        if linked is None:
            raise InvalidInput(f"登记编号 {choice} 不是本次来访人以前的信访事项，请重新选择关联事项")
    elif not choice and matters:
        raise InvalidInput(
            f"来访人此前有 {len(matters)} 件信访事项：请选择本次来访关联的事项，或选“{NEW_MATTER}”"
        )
    if outcome == NO_MORE and (linked is None or not matter_state.is_closed(linked.state)):
        raise InvalidInput("不再受理只适用于已按规定办结的原信访事项：请先在关联事项中选择该事项")
    return linked


def visits_about(db: sqlite_utils.Database, root: int, visit_id: int) -> int:
    """Registered visits about the matter `root` before `visit_id` (the first one included)."""
    (count,) = db.execute(
        "SELECT count(*) FROM visits WHERE (id = ? OR matter_visit_id = ?) AND id < ?"
        " AND registered_at IS NOT NULL",
        (root, root, visit_id),
    ).fetchone()
    return int(count)


def warnings(db: sqlite_utils.Database, visit_id: int) -> tuple[str, ...]:
    """异常/过激言行 recorded at visits of this visit's people (this one included), newest first."""
    rows = db.execute(
        "SELECT v.hall_day, max(p.name), v.conduct_note"
        " FROM visit_people me"
        " JOIN visit_people vp ON vp.person_id = me.person_id AND vp.visit_id <= me.visit_id"
        " JOIN visits v ON v.id = vp.visit_id"
        " JOIN persons p ON p.id = vp.person_id"
        " WHERE me.visit_id = ? AND v.conduct_note <> ''"
        " GROUP BY v.id, v.hall_day, v.conduct_note ORDER BY v.id DESC LIMIT ?",
        (visit_id, MAX_WARNINGS),
    ).fetchall()
    return tuple(f"注意：{name} {day} 有异常/过激言行记录：{note}" for day, name, note in rows)
