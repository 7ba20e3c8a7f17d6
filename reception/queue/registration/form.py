"""The registration form's rules: its choices and limits, its values, and cleaning them.

Pure: no database. `reception.queue.registration.Registrations` stores what
these rules let through; the staff screens read the choices and `phone_ok`
(through the facade) to say what is wrong before saving.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from reception.config import HallConfig
from reception.queue.errors import InvalidInput
from reception.queue.models import Person
from reception.queue.persons import clean_field
from reception.queue.text import clean_text

NOT_ACCEPTED = "不予受理"
STATUTORY = "依法定途径处理"
ACCEPTED = "受理为信访事项"
# A matter already concluded through the proper steps, raised again (seed 000:
# 不予受理、不再受理的来访事项; DOMAIN.md "The case after the counter").
NO_MORE = "不再受理"
OUTCOMES = (NOT_ACCEPTED, STATUTORY, ACCEPTED, NO_MORE)
# How the matter reached the office (the national system's 信访形式); the kiosk's is 来访.
VISIT_FORMS = ("来访", "来信", "网上", "电话")
# The form's matter choice: this visit opens a new matter (else an earlier case number).
NEW_MATTER = "新事项"
CHANNELS = ("诉讼", "仲裁", "行政复议")
ANSWERED = "当场答复"
HANDLINGS = (ANSWERED, "交办", "转送", "上报")
NEEDS_DEPARTMENT = ("交办", "转送")

TEXT_LIMITS = {
    "locality": 100,
    "summary": 2000,
    "request": 2000,
    "department": 100,
    "case_number": 40,
    "reason": 500,
    "conduct": 500,
}
# Typed in a TextArea: lines are kept (reception.queue.text, rule 3).
MULTILINE = ("summary", "request", "reason", "conduct")
TEXT_LABELS = {
    "locality": "问题属地",
    "summary": "反映问题摘要",
    "request": "诉求",
    "department": "承办单位",
    "case_number": "登记编号",
    "purpose": "来访目的",
    "category": "内容分类",
    "reason": "重复访/越级访原因",
    "conduct": "异常/过激言行",
}
MAX_PEOPLE = 100_000
PHONE_RULE = "联系电话只能包含数字、空格、+ 和 -（7 到 20 位）"
# Fields a counter may change on a stored person; the document only via match_document.
PERSON_FIELDS = ("name", "gender", "ethnicity", "birth_date", "address", "phone", "work_unit")
# Free text is not copied into the audit log (it would duplicate the petition there).
_FREE_TEXT = ("summary", "request", "locality", "reason", "conduct")


@dataclass(frozen=True)
class RegistrationForm:
    """What staff fill in; numbers may come as typed text."""

    purpose: str = ""
    category: str = ""
    locality: str = ""
    summary: str = ""
    request: str = ""
    speakers: int | str = 1
    people_involved: int | str = 1
    skip_level: bool = False
    # Why a repeat visit (重复访) or a skip-level visit (越级访) came: required for those.
    reason: str = ""
    outcome: str = ""
    statutory_channel: str = ""
    handling: str = ""
    department: str = ""
    case_number: str = ""
    # Same matter or new (DOMAIN.md "Repeat visits are about a matter"): NEW_MATTER,
    # or the case number of one of the person's earlier matters; "" not chosen yet.
    matter: str = ""
    # 异常、过激言行 (seed 000 接访程序): free text, a warning for the next clerk and leader.
    conduct: str = ""
    visit_form: str = "来访"


@dataclass(frozen=True)
class EarlierMatter:
    """One matter of the visit's people before this visit, for staff to link to."""

    visit_id: int  # the matter's first visit, which holds its case
    case_number: str
    hall_day: str
    summary: str
    state: str  # the matter's state (reception.queue.matter_state)
    visits: int  # visits about it so far
    person: str  # whose matter it was (the lead or a representative of this visit)


@dataclass(frozen=True)
class Draft:
    """What staff typed before an outcome was decided (草稿), kept as typed."""

    form: RegistrationForm
    person_changes: dict[str, str]
    document: str
    saved_by: str
    saved_at: str


@dataclass(frozen=True)
class VisitPerson:
    person: Person
    role: str  # "lead" or "representative"


@dataclass(frozen=True)
class Registration:
    """A visit as stored: the kiosk's data, and the counter's once registered."""

    visit_id: int
    hall_day: str
    query_code: str
    form: RegistrationForm
    people: tuple[VisitPerson, ...]
    is_group: bool
    group_size: int
    is_repeat: bool
    earlier_visits: int
    last_visit_day: str | None
    notify_deadline: date | None
    handle_deadline: date | None
    extended: bool
    extension_reason: str
    registered_by: str | None
    registered_at: str | None
    notified_at: str | None
    concluded_at: str | None
    matter_visit_id: int | None = None  # the earlier matter this visit is about, if any
    matter_visits: int = 0  # earlier visits about the same matter
    earlier_matters: tuple[EarlierMatter, ...] = ()
    warnings: tuple[str, ...] = ()  # 异常/过激言行 recorded at this person's visits
    draft: Draft | None = None
    matter_state: str = ""
    handling_rating: str = ""

    @property
    def registered(self) -> bool:
        return self.registered_at is not None

    @property
    def lead(self) -> Person | None:
        for entry in self.people:
            if entry.role == "lead":
                return entry.person
        return self.people[0].person if self.people else None


def clean_form(form: RegistrationForm, before: Registration, config: HallConfig) -> RegistrationForm:
    """The form as stored, or InvalidInput naming the first thing wrong (in Chinese)."""
    stored = before.form
    text = {key: _clean_text(key, getattr(form, key)) for key in TEXT_LIMITS}
    purpose = _choice(form.purpose, config.purposes, stored.purpose, "来访目的")
    category = _choice(form.category, config.categories, stored.category, "内容分类")
    if not text["summary"]:
        raise InvalidInput("请填写反映问题摘要")
    speakers = _count(form.speakers, "信访人数")
    involved = _count(form.people_involved, "涉及人数")
    if speakers > involved:
        raise InvalidInput("信访人数不能多于涉及人数")
    needed = reason_needed(before.is_repeat, bool(form.skip_level))
    if needed and not text["reason"]:
        raise InvalidInput(f"请填写{needed}原因")
    outcome = form.outcome.strip()
    if outcome not in OUTCOMES:
        raise InvalidInput("请选择处理结果：" + " / ".join(OUTCOMES))
    channel = form.statutory_channel.strip()
    handling = form.handling.strip()
    if outcome == STATUTORY:
        if channel not in CHANNELS:
            raise InvalidInput("请选择法定途径：" + " / ".join(CHANNELS))
    else:
        channel = ""
    if outcome == ACCEPTED:
        if handling not in HANDLINGS:
            raise InvalidInput("请选择办理方式：" + " / ".join(HANDLINGS))
        if handling in NEEDS_DEPARTMENT and not text["department"]:
            raise InvalidInput(f"{handling}须填写承办单位")
    else:
        handling = ""
        text["department"] = ""
    visit_form = " ".join(str(form.visit_form).split()) or "来访"
    if visit_form not in VISIT_FORMS and visit_form != stored.visit_form:
        raise InvalidInput("信访形式只能是：" + " / ".join(VISIT_FORMS))
    return RegistrationForm(
        purpose=purpose,
        category=category,
        matter=form.matter.strip(),
        visit_form=visit_form,
        speakers=speakers,
        people_involved=involved,
        skip_level=bool(form.skip_level),
        outcome=outcome,
        statutory_channel=channel,
        handling=handling,
        **text,
    )


def reason_needed(is_repeat: bool, skip_level: bool) -> str:
    """Which marking asks for a reason ('' for none): the form's hint and the refusal."""
    if is_repeat and skip_level:
        return "重复访/越级访"
    if is_repeat:
        return "重复访"
    if skip_level:
        return "越级访"
    return ""


def case_number_for(hall_day: str, visit_id: int) -> str:
    return f"XF{hall_day.replace('-', '')}{visit_id:06d}"


def _clean_text(key: str, value: str) -> str:
    """The text policy (reception.queue.text); summary, request and reason keep their lines."""
    return clean_text(value, TEXT_LABELS[key], TEXT_LIMITS[key], multiline=key in MULTILINE)


def _choice(value: str, allowed: tuple[str, ...], stored: str, label: str) -> str:
    value = " ".join(str(value).split())
    if not value:
        raise InvalidInput(f"请选择{label}")
    # A value the kiosk stored under an older list stays valid for that visit.
    if value not in allowed and value != stored:
        raise InvalidInput(f"{label}不在本大厅的列表中")
    return value


def _count(value: int | str, label: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{label}须为整数") from None
    if not 1 <= number <= MAX_PEOPLE:
        raise InvalidInput(f"{label}须在 1 到 {MAX_PEOPLE} 之间")
    return number


def clean_person_field(key: str, value: str) -> str:
    value = clean_field(key, value)
    if key == "name" and not value:
        raise InvalidInput("姓名不能为空")
    if key == "phone" and value and not phone_ok(value):
        raise InvalidInput(PHONE_RULE)
    if key == "birth_date" and value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise InvalidInput("出生日期格式应为 YYYY-MM-DD") from None
    return value


def phone_ok(value: str) -> bool:
    """Digits with spaces, + and -; 7 to 20 digits (landlines, mobiles, +86)."""
    digits = [ch for ch in value if ch.isdigit()]
    return all(ch.isdigit() or ch in "+- " for ch in value) and 7 <= len(digits) <= 20


def audit_changes(before: Registration, after: Registration) -> dict[str, Any]:
    """What the audit log keeps: which fields changed, and the short values."""
    changed = [
        item.name
        for item in fields(RegistrationForm)
        if getattr(before.form, item.name) != getattr(after.form, item.name)
    ]
    detail: dict[str, Any] = {"fields": changed}
    for name in changed:
        if name not in _FREE_TEXT:
            detail[name] = getattr(after.form, name)
    for name in ("notify_deadline", "handle_deadline"):
        if getattr(before, name) != getattr(after, name):
            value = getattr(after, name)
            detail[name] = value.isoformat() if value else None
    return detail

