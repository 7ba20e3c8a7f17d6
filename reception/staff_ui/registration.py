"""The registration form (接访登记), prefilled from the kiosk.

Shared by the counter console and the duty leader's view (a booked visitor
reaches the leader without a counter's registration). Opened only with the
record `HallService.open_registration` returns (audited). Saving updates the
lead visitor's contact fields, matches a hand-registered visitor to a document
if one is typed, then stores the registration, all in one transaction
(`HallService.save_registration`, as `actor`), in a thread worker (`run_core`);
every refusal is the core's Chinese message, shown in place as plain text.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from reception.queue.errors import QueueError
from reception.queue.models import RESIDENT_ID_CARD
from reception.queue.service import (
    ACCEPTED,
    CHANNELS,
    HANDLINGS,
    NEW_MATTER,
    OUTCOMES,
    STATUTORY,
    VISIT_FORMS,
    HallService,
    Registration,
    RegistrationForm,
    deadlines,
    reason_needed,
)
from reception.staff_ui.actions import run_core
from reception.staff_ui.choices import ChoiceSelect, numbered, pick

log = logging.getLogger(__name__)


GENDERS = ("男", "女")
# Fields of a lead registered by hand (no card) that the form lets staff fill in.
HAND_FIELDS = (("name", "name"), ("gender", "gender"), ("ethnicity", "ethnicity"),
               ("birth_date", "birth-date"))


# Words of a refusal -> the field it is about, so the cursor goes there (it may be scrolled away).
FIELD_WORDS = {
    "来访目的": "purpose", "内容分类": "category", "问题属地": "locality", "反映问题摘要": "summary",
    "诉求": "request", "信访人数": "speakers", "涉及人数": "involved", "处理结果": "outcome",
    "法定途径": "channel", "办理方式": "handling", "承办单位": "department", "登记编号": "case-number",
    "联系电话": "phone", "住址": "address", "工作单位": "work-unit", "姓名": "name", "性别": "gender",
    "民族": "ethnicity", "出生日期": "birth-date", "身份证": "doc-number", "证件号码": "doc-number",
    "重复访原因": "reason", "越级访原因": "reason", "重复访/越级访原因": "reason",
    "关联的事项": "matter", "关联事项": "matter", "异常/过激言行": "conduct", "信访形式": "visit-form",
}


def field_of(message: str) -> str | None:
    """The form field a refusal names first, if any."""
    found = [(message.find(word), name) for word, name in FIELD_WORDS.items() if word in message]
    return min(found)[1] if found else None


def skip_level_label(skipped: bool) -> str:
    return "越级：是（空格切换）" if skipped else "越级：否（空格切换）"


class TickBox(Checkbox):
    """A checkbox whose box is empty when not ticked: Textual's draws an X either
    way (only its colour changes), which read as ticked to staff (issue 17)."""

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        inner = self.BUTTON_INNER if self.value else " " * len(self.BUTTON_INNER)
        return Content.assemble(
            (self.BUTTON_LEFT, side_style), (inner, button_style), (self.BUTTON_RIGHT, side_style)
        )


def _value(select: Select) -> str:
    return "" if select.value is Select.NULL else str(select.value)


class RegistrationScreen(ModalScreen[bool]):
    CSS_PATH = "registration.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "保存"),
        # Priority: a TextArea would take Ctrl+D as delete-right (the Delete key does that).
        Binding("ctrl+d", "save_draft", "存草稿", priority=True),
    ]

    def __init__(self, record: Registration, service: HallService, actor: str) -> None:
        super().__init__()
        self.record = record
        self.service = service
        self.actor = actor
        self.leave_armed = False  # a second Esc throws typed changes away
        # What the form opened with: a draft's values when one waits (DOMAIN.md, the case
        # after the counter: continued by the same clerk or the leader the visitor was sent to).
        self.baseline = record.draft.form if record.draft is not None else record.form

    def compose(self) -> ComposeResult:
        record, form = self.record, self.baseline
        lead = self.lead_values()
        config = self.service.config
        with Vertical(id="reg-box"):
            # The keys on a line of their own: at 80 columns one line broke "Esc | 取消".
            yield Static(Content(f"接访登记  ·  查询码 {record.query_code}\n"
                                 "Ctrl+S 保存   Ctrl+D 存草稿   Esc 取消   数字键选择"),
                         classes="dialog-title")
            if record.warnings:
                # 异常/过激言行 recorded before (seed 000): the first thing staff read.
                yield Static(Text("\n".join(record.warnings)), id="reg-warnings")
            if record.draft is not None:
                yield Static(Text(f"草稿：{record.draft.saved_by} 于 {record.draft.saved_at[:16].replace('T', ' ')}"
                                  " 保存，尚未登记", style="bold"), id="reg-draft")
            # Fields scroll; the deadlines, a refusal and the buttons stay in sight. The
            # order is the order of the work: the matter and the decision first, the
            # rest (often prefilled) after, so Tab and the number keys go straight on.
            with VerticalScroll(id="reg-fields"):
                yield Static(self.person_text(), id="reg-person")
                if self.by_hand:
                    # No card was read: staff record what the card would have given (seed 000:
                    # 姓名、性别、年龄、民族), and may correct the name typed at check-in.
                    with Horizontal(classes="row"):
                        yield Static(Content("姓名"), classes="label")
                        yield Input(lead["name"], id="reg-name", max_length=100, compact=True)
                        yield Static(Content("性别"), classes="label")
                        genders = numbered(GENDERS, lead["gender"])
                        yield ChoiceSelect(genders, value=pick(lead["gender"], genders),
                                           id="reg-gender", prompt="请选择", compact=True)
                    with Horizontal(classes="row"):
                        yield Static(Content("民族"), classes="label")
                        yield Input(lead["ethnicity"], id="reg-ethnicity", max_length=30, compact=True,
                                    placeholder="如：汉")
                        yield Static(Content("出生日期"), classes="label")
                        yield Input(lead["birth_date"], id="reg-birth-date", max_length=10, compact=True,
                                    placeholder="如：1965-04-12")
                    with Horizontal(classes="row"):
                        yield Static(Content("补录证件号"), classes="label")
                        yield Input(record.draft.document if record.draft else "", id="reg-doc-number",
                                    max_length=40, compact=True,
                                    placeholder="手工登记的来访人：输入身份证号码以匹配历史记录")
                with Horizontal(classes="row"):
                    yield Static(Content("来访目的"), classes="label")
                    purposes = numbered(config.purposes, form.purpose)
                    yield ChoiceSelect(purposes, value=pick(form.purpose, purposes),
                                       id="reg-purpose", prompt="请选择", compact=True)
                    yield Static(Content("内容分类"), classes="label")
                    categories = numbered(config.categories, form.category)
                    yield ChoiceSelect(categories, value=pick(form.category, categories),
                                       id="reg-category", prompt="请选择", compact=True)
                if record.earlier_matters:
                    # Same matter or new (DOMAIN.md: repeat visits are about a matter).
                    with Horizontal(classes="row"):
                        yield Static(Content("关联事项"), classes="label")
                        yield ChoiceSelect(self.matter_options(), value=pick(form.matter, self.matter_options()),
                                           id="reg-matter", prompt="请选择：新事项，或此前的事项", compact=True)
                with Horizontal(classes="row text"):
                    yield Static(Content("反映问题摘要"), classes="label")
                    yield TextArea(form.summary, id="reg-summary", soft_wrap=True, compact=True)
                with Horizontal(classes="row text"):
                    yield Static(Content("诉求"), classes="label")
                    yield TextArea(form.request, id="reg-request", soft_wrap=True, compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("处理结果"), classes="label")
                    outcomes = numbered(OUTCOMES)
                    yield ChoiceSelect(outcomes, value=pick(form.outcome, outcomes),
                                       id="reg-outcome", prompt="请选择（数字键）", compact=True)
                    yield Static(Content("法定途径"), classes="label")
                    channels = numbered(CHANNELS)
                    yield ChoiceSelect(channels, value=pick(form.statutory_channel, channels),
                                       id="reg-channel", prompt="—", compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("办理方式"), classes="label")
                    handlings = numbered(HANDLINGS)
                    yield ChoiceSelect(handlings, value=pick(form.handling, handlings),
                                       id="reg-handling", prompt="—", compact=True)
                    yield Static(Content("承办单位"), classes="label")
                    yield Input(form.department, id="reg-department", max_length=100, compact=True)
                # Why a repeat or skip-level visit came (DOMAIN.md): the hint says when it is asked.
                yield Static(self.reason_hint(bool(form.skip_level)), id="reg-reason-hint")
                with Horizontal(classes="row text"):
                    yield Static(Content("重复访/越级访\n原因"), classes="label")
                    yield TextArea(form.reason, id="reg-reason", soft_wrap=True, compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("异常/过激言行"), classes="label")
                    yield Input(form.conduct, id="reg-conduct", max_length=500, compact=True,
                                placeholder="如有，如实记录（下次接待时提示）")
                with Horizontal(classes="row"):
                    yield Static(Content("联系电话"), classes="label")
                    yield Input(lead["phone"], id="reg-phone", max_length=40, compact=True)
                    yield Static(Content("工作单位"), classes="label")
                    yield Input(lead["work_unit"], id="reg-work-unit", max_length=200, compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("住址"), classes="label")
                    yield Input(lead["address"], id="reg-address", max_length=200, compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("问题属地"), classes="label")
                    yield Input(form.locality, id="reg-locality", max_length=100, compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("信访人数"), classes="label")
                    yield Input(str(form.speakers), id="reg-speakers", max_length=6, type="integer", compact=True)
                    yield Static(Content("涉及人数"), classes="label")
                    yield Input(str(form.people_involved), id="reg-involved", max_length=6, type="integer", compact=True)
                    # The box is empty when not ticked, and the label says which.
                    yield TickBox(skip_level_label(bool(form.skip_level)), bool(form.skip_level),
                                  id="reg-skip-level", compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("信访形式"), classes="label")
                    forms = numbered(VISIT_FORMS, form.visit_form)
                    yield ChoiceSelect(forms, value=pick(form.visit_form or "来访", forms),
                                       id="reg-visit-form", prompt="请选择", compact=True, allow_blank=False)
                    yield Static(Content("登记编号"), classes="label")
                    yield Input(form.case_number, id="reg-case-number", max_length=40, compact=True,
                                placeholder="留空自动生成")
            yield Static(self.deadline_text(), id="reg-deadlines")
            yield Static(id="reg-error")
            with Horizontal(classes="buttons"):
                yield Button("保存（Ctrl+S）", id="reg-save", variant="primary")
                yield Button("存草稿（Ctrl+D）", id="reg-draft-save")
                yield Button("取消（Esc）", id="reg-cancel")

    def lead_values(self) -> dict[str, str]:
        """The lead's fields as shown: stored, or as a draft left them."""
        lead = self.record.lead
        values = {key: getattr(lead, key) if lead else "" for key in
                  ("name", "gender", "ethnicity", "birth_date", "address", "phone", "work_unit")}
        if self.record.draft is not None:
            values.update({k: v for k, v in self.record.draft.person_changes.items() if k in values})
        return values

    @property
    def by_hand(self) -> bool:
        lead = self.record.lead
        return lead is not None and not lead.doc_number

    def matter_options(self) -> list[tuple[Text, str]]:
        options = [(Text(f"1 {NEW_MATTER}"), NEW_MATTER)]
        for index, matter in enumerate(self.record.earlier_matters, start=2):
            summary = " ".join(matter.summary.split())
            label = Text(f"{index} {matter.case_number}  {matter.hall_day}  ")
            label.append(summary[:24] + ("…" if len(summary) > 24 else ""))  # data, never markup
            label.append(f"  [{matter.state}，共 {matter.visits} 次]")
            options.append((label, matter.case_number))
        return options

    # ------------------------------------------------------------------ accessors

    def _input(self, name: str) -> Input:
        return self.query_one(f"#reg-{name}", Input)

    def _select(self, name: str) -> Select:
        return self.query_one(f"#reg-{name}", Select)

    def _area(self, name: str) -> TextArea:
        return self.query_one(f"#reg-{name}", TextArea)

    @property
    def error_line(self) -> Static:
        return self.query_one("#reg-error", Static)

    @property
    def deadlines_line(self) -> Static:
        return self.query_one("#reg-deadlines", Static)

    def person_text(self) -> Text:
        text = Text()
        for entry in self.record.people:
            person = entry.person
            role = "主访人" if entry.role == "lead" else "代表"
            text.append(f"{role}：")
            text.append(person.name)  # data, never markup
            doc = f"{person.doc_type} {person.doc_number}" if person.doc_number else "无证件（手工登记）"
            text.append(f"  {person.gender} {person.ethnicity} {person.birth_date}  ")
            text.append(doc)
            text.append("\n")
        if self.record.earlier_visits:
            text.append(f"此前来访 {self.record.earlier_visits} 次", style="bold")
            if self.record.earlier_matters:
                text.append(f"，信访事项 {len(self.record.earlier_matters)} 件：请选择关联事项")
        text.rstrip()
        return text

    def linked_matter(self):
        """The earlier matter chosen in the form, or None (new, or not chosen)."""
        if not self.record.earlier_matters or not self.is_mounted:
            chosen = self.baseline.matter
        else:
            chosen = _value(self._select("matter"))
        return next((m for m in self.record.earlier_matters if m.case_number == chosen), None)

    def reason_hint(self, skip_level: bool) -> Text:
        """Why the reason is asked for, from the core's rule; a quiet note when it is not.
        A repeat visit is one about the same matter (DOMAIN.md), not any earlier visit."""
        linked = self.linked_matter()
        needed = reason_needed(linked is not None, skip_level)
        if not needed:
            return Text("非重复访、未越级的来访可不填原因", style="dim")
        parts = []
        if linked is not None:
            parts.append(f"同一事项（{linked.case_number}）第 {linked.visits + 1} 次来访，"
                         f"上次 {linked.hall_day}")
        if skip_level:
            parts.append("已勾选越级")
        return Text("，".join(parts) + f"：请填写{needed}原因", style="bold")

    def deadline_text(self, outcome: str | None = None) -> Text:
        record = self.record
        if record.handle_deadline is None:
            if outcome == ACCEPTED:
                # What saving will store, so staff can tell the visitor now.
                due = deadlines.compute(date.fromisoformat(record.hall_day))
                return Text(f"保存后：告知期限 {due.notify_by}    办理期限 {due.handle_by}"
                            f"（自来访日 {record.hall_day} 次日起算）")
            return Text("受理为信访事项后自动计算：15 日内告知，60 日内办结（自来访次日起算）")
        text = f"告知期限：{record.notify_deadline}    办理期限：{record.handle_deadline}"
        if record.extended:
            text += "（已延期）"
        return Text(text)

    def form(self) -> RegistrationForm:
        return RegistrationForm(
            purpose=_value(self._select("purpose")),
            category=_value(self._select("category")),
            locality=self._input("locality").value,
            summary=self._area("summary").text,
            request=self._area("request").text,
            speakers=self._input("speakers").value,
            people_involved=self._input("involved").value,
            skip_level=self.query_one("#reg-skip-level", Checkbox).value,
            reason=self._area("reason").text,
            outcome=_value(self._select("outcome")),
            statutory_channel=_value(self._select("channel")),
            handling=_value(self._select("handling")),
            department=self._input("department").value,
            case_number=self._input("case-number").value,
            matter=_value(self._select("matter")) if self.record.earlier_matters else self.baseline.matter,
            conduct=self._input("conduct").value,
            visit_form=_value(self._select("visit-form")),
        )

    # ------------------------------------------------------------------ events

    def on_mount(self) -> None:
        self.first_to_fill().focus()
        self.sync_enabled()

    def first_to_fill(self):
        """The cursor starts where work starts: the first choice the kiosk left open,
        else the summary (issue 17: registration in ≤ 10 keys)."""
        for name in ("purpose", "category", "matter"):
            found = self.query(f"#reg-{name}")
            if found and found.first(Select).value is Select.NULL:
                return found.first()
        return self._area("summary")

    def on_select_changed(self, event: Select.Changed) -> None:
        self.sync_enabled()
        if event.select.id == "reg-matter":
            self.query_one("#reg-reason-hint", Static).update(
                self.reason_hint(self.query_one("#reg-skip-level", Checkbox).value))

    def choice_made(self, select: Select) -> None:
        """A number key chose an option: enable what it opens, then go on."""
        self.sync_enabled()
        self.focus_next()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next field (saving is Ctrl+S)."""
        event.stop()
        self.focus_next()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = skip_level_label(event.value)
        self.query_one("#reg-reason-hint", Static).update(self.reason_hint(event.value))

    def sync_enabled(self) -> None:
        outcome = _value(self._select("outcome"))
        self._select("channel").disabled = outcome != STATUTORY
        self._select("handling").disabled = outcome != ACCEPTED
        self._input("department").disabled = outcome != ACCEPTED
        self.deadlines_line.update(self.deadline_text(outcome))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "reg-save":
            self.action_save()
        elif event.button.id == "reg-cancel":
            self.action_cancel()
        elif event.button.id == "reg-draft-save":
            self.action_save_draft()

    def action_cancel(self) -> None:
        if self.changed() and not self.leave_armed:
            self.leave_armed = True
            self.error_line.update(Text("有未保存的修改：再按一次 Esc 放弃修改，按 Ctrl+S 保存"))
            return
        self.dismiss(False)

    def person_changes(self) -> dict[str, str]:
        """The lead visitor's fields as typed in the form."""
        changes = {
            "phone": self._input("phone").value,
            "work_unit": self._input("work-unit").value,
            "address": self._input("address").value,
        }
        if self.by_hand:  # registered by hand
            for field, widget in HAND_FIELDS:
                node = self.query_one(f"#reg-{widget}")
                changes[field] = _value(node) if isinstance(node, Select) else cast(Input, node).value
        return changes

    def changed(self) -> bool:
        form, stored = self.form(), self.baseline
        same = all(
            str(getattr(form, name)) == str(getattr(stored, name))
            for name in ("purpose", "category", "locality", "summary", "request", "speakers",
                         "people_involved", "skip_level", "reason", "outcome", "statutory_channel",
                         "handling", "department", "case_number", "matter", "conduct", "visit_form")
        )
        if self.record.lead is not None:
            shown = self.lead_values()
            same = same and all(
                value == shown[field] for field, value in self.person_changes().items()
            )
        return not same or bool(self.typed_document())

    def typed_document(self) -> str:
        typed = self.query("#reg-doc-number")
        value = typed.first(Input).value.strip() if typed else ""
        draft = self.record.draft
        return "" if draft is not None and value == draft.document else value

    def draft_values(self) -> tuple[int, RegistrationForm, dict[str, str] | None, str]:
        typed = self.query("#reg-doc-number")
        document = typed.first(Input).value if typed else ""
        changes = self.person_changes() if self.record.lead is not None else None
        return self.record.visit_id, self.form(), changes, document

    def action_save_draft(self) -> None:
        """Keep what was typed without an outcome (草稿): continued later by whoever
        opens the visit; the visit still cannot end on it."""
        if self.record.registered:
            self.error_line.update(Text("该来访已登记，不能存为草稿：请按 Ctrl+S 保存修改"))
            return
        visit_id, form, changes, document = self.draft_values()
        actor = self.actor

        def save() -> Registration:
            return self.service.save_draft(visit_id, form, actor, person_changes=changes, document=document)

        def saved(record: Registration) -> None:
            self.notify("已存为草稿，尚未登记：再次按 g 可继续填写", markup=False)
            self.dismiss(False)

        run_core(self, save, saved, refused=self.refused, name="registration-draft")

    def keep_as_draft(self) -> None:
        """An idle logout is about to close this form: keep what was typed as a draft
        (off the UI thread; the lock does not wait for it, a refusal is logged)."""
        if self.record.registered or not self.changed():
            return
        visit_id, form, changes, document = self.draft_values()
        service, actor = self.service, self.actor

        def save() -> None:
            try:
                service.save_draft(visit_id, form, actor, person_changes=changes, document=document)
            except QueueError as exc:
                log.warning("draft of visit %s not kept at idle logout: %s", visit_id, exc.message)

        self.app.run_worker(save, name="registration-idle-draft", group="draft", thread=True,
                            exit_on_error=False)
        self.app.notify("未保存的登记已存为草稿：重新登录后按 g 继续填写", markup=False, timeout=15)

    def action_save(self) -> None:
        lead = self.record.lead
        changes = None
        document = None
        if lead is not None:
            changes = self.person_changes()
            typed = self.query("#reg-doc-number")
            if typed and typed.first(Input).value.strip():
                document = (RESIDENT_ID_CARD, typed.first(Input).value.strip())
        visit_id, form, actor = self.record.visit_id, self.form(), self.actor

        def save() -> Registration:
            return self.service.save_registration(
                visit_id, form, actor, person_changes=changes, document=document
            )

        run_core(self, save, self.saved, refused=self.refused, name="registration-save")

    def saved(self, record: Registration) -> None:
        self.record = record
        self.dismiss(True)

    def refused(self, exc: QueueError) -> None:
        self.error_line.update(Text(exc.message))
        self.focus_field(field_of(exc.message))

    def focus_field(self, name: str | None) -> None:
        """Put the cursor on the refused field; focusing scrolls it into view."""
        found = self.query(f"#reg-{name}") if name else None
        if found and not found.first().disabled:
            found.first().focus()
