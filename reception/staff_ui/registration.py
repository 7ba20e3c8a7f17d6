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
    OUTCOMES,
    STATUTORY,
    HallService,
    Registration,
    RegistrationForm,
    deadlines,
    reason_needed,
)
from reception.staff_ui.actions import run_core


def _options(values, current: str = "") -> list[tuple[Text, str]]:
    values = list(values)
    if current and current not in values:  # a value stored under an older list
        values.append(current)
    return [(Text(value), value) for value in values]


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
    ]

    def __init__(self, record: Registration, service: HallService, actor: str) -> None:
        super().__init__()
        self.record = record
        self.service = service
        self.actor = actor
        self.leave_armed = False  # a second Esc throws typed changes away

    def compose(self) -> ComposeResult:
        record, form = self.record, self.record.form
        lead = record.lead
        config = self.service.config
        with Vertical(id="reg-box"):
            yield Static(Content(f"接访登记  ·  查询码 {record.query_code}    Ctrl+S 保存   Esc 取消"),
                         classes="dialog-title")
            # Fields scroll; the deadlines, a refusal and the buttons stay in sight.
            with VerticalScroll(id="reg-fields"):
                yield Static(self.person_text(), id="reg-person")
                if lead is not None and not lead.doc_number:
                    # No card was read: staff record what the card would have given (seed 000:
                    # 姓名、性别、年龄、民族), and may correct the name typed at check-in.
                    with Horizontal(classes="row"):
                        yield Static(Content("姓名"), classes="label")
                        yield Input(lead.name, id="reg-name", max_length=100, compact=True)
                        yield Static(Content("性别"), classes="label")
                        yield Select(_options(GENDERS, lead.gender), value=lead.gender or Select.NULL,
                                     id="reg-gender", prompt="请选择", compact=True)
                    with Horizontal(classes="row"):
                        yield Static(Content("民族"), classes="label")
                        yield Input(lead.ethnicity, id="reg-ethnicity", max_length=30, compact=True,
                                    placeholder="如：汉")
                        yield Static(Content("出生日期"), classes="label")
                        yield Input(lead.birth_date, id="reg-birth-date", max_length=10, compact=True,
                                    placeholder="如：1965-04-12")
                with Horizontal(classes="row"):
                    yield Static(Content("联系电话"), classes="label")
                    yield Input(lead.phone if lead else "", id="reg-phone", max_length=40, compact=True)
                    yield Static(Content("工作单位"), classes="label")
                    yield Input(lead.work_unit if lead else "", id="reg-work-unit", max_length=200, compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("住址"), classes="label")
                    yield Input(lead.address if lead else "", id="reg-address", max_length=200, compact=True)
                if lead is not None and not lead.doc_number:
                    with Horizontal(classes="row"):
                        yield Static(Content("补录证件号"), classes="label")
                        yield Input(id="reg-doc-number", max_length=40, compact=True,
                                    placeholder="手工登记的来访人：输入身份证号码以匹配历史记录")
                with Horizontal(classes="row"):
                    yield Static(Content("来访目的"), classes="label")
                    yield Select(_options(config.purposes, form.purpose), value=form.purpose or Select.NULL,
                                 id="reg-purpose", prompt="请选择", compact=True)
                    yield Static(Content("内容分类"), classes="label")
                    yield Select(_options(config.categories, form.category), value=form.category or Select.NULL,
                                 id="reg-category", prompt="请选择", compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("问题属地"), classes="label")
                    yield Input(form.locality, id="reg-locality", max_length=100, compact=True)
                with Horizontal(classes="row text"):
                    yield Static(Content("反映问题摘要"), classes="label")
                    yield TextArea(form.summary, id="reg-summary", soft_wrap=True, compact=True)
                with Horizontal(classes="row text"):
                    yield Static(Content("诉求"), classes="label")
                    yield TextArea(form.request, id="reg-request", soft_wrap=True, compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("信访人数"), classes="label")
                    yield Input(str(form.speakers), id="reg-speakers", max_length=6, type="integer", compact=True)
                    yield Static(Content("涉及人数"), classes="label")
                    yield Input(str(form.people_involved), id="reg-involved", max_length=6, type="integer", compact=True)
                    # The box is empty when not ticked, and the label says which.
                    yield TickBox(skip_level_label(form.skip_level), form.skip_level,
                                   id="reg-skip-level", compact=True)
                # Why a repeat or skip-level visit came (DOMAIN.md): the hint says when it is asked.
                yield Static(self.reason_hint(form.skip_level), id="reg-reason-hint")
                with Horizontal(classes="row text"):
                    yield Static(Content("重复访/越级访\n原因"), classes="label")
                    yield TextArea(form.reason, id="reg-reason", soft_wrap=True, compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("处理结果"), classes="label")
                    yield Select(_options(OUTCOMES), value=form.outcome or Select.NULL,
                                 id="reg-outcome", prompt="请选择", compact=True)
                    yield Static(Content("法定途径"), classes="label")
                    yield Select(_options(CHANNELS), value=form.statutory_channel or Select.NULL,
                                 id="reg-channel", prompt="—", compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("办理方式"), classes="label")
                    yield Select(_options(HANDLINGS), value=form.handling or Select.NULL,
                                 id="reg-handling", prompt="—", compact=True)
                    yield Static(Content("承办单位"), classes="label")
                    yield Input(form.department, id="reg-department", max_length=100, compact=True)
                with Horizontal(classes="row"):
                    yield Static(Content("登记编号"), classes="label")
                    yield Input(form.case_number, id="reg-case-number", max_length=40, compact=True,
                                placeholder="留空自动生成")
            yield Static(self.deadline_text(), id="reg-deadlines")
            yield Static(id="reg-error")
            with Horizontal(classes="buttons"):
                yield Button("保存（Ctrl+S）", id="reg-save", variant="primary")
                yield Button("取消（Esc）", id="reg-cancel")

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
        if self.record.is_repeat:
            text.append(f"重复来访：此前 {self.record.earlier_visits} 次", style="bold")
        text.rstrip()
        return text

    def reason_hint(self, skip_level: bool) -> Text:
        """Why the reason is asked for, from the core's rule; a quiet note when it is not."""
        record = self.record
        needed = reason_needed(record.is_repeat, skip_level)
        if not needed:
            return Text("非重复访、未越级的来访可不填原因", style="dim")
        parts = []
        if record.is_repeat:
            visit = f"本人第 {record.earlier_visits + 1} 次来访"
            if record.last_visit_day:
                visit += f"，上次 {record.last_visit_day}"
            parts.append(visit)
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
        )

    # ------------------------------------------------------------------ events

    def on_mount(self) -> None:
        self._select("purpose").focus()
        self.sync_enabled()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.sync_enabled()

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
        if self.query("#reg-name"):  # registered by hand
            for field, widget in HAND_FIELDS:
                node = self.query_one(f"#reg-{widget}")
                changes[field] = _value(node) if isinstance(node, Select) else cast(Input, node).value
        return changes

    def changed(self) -> bool:
        form, stored = self.form(), self.record.form
        same = all(
            str(getattr(form, name)) == str(getattr(stored, name))
            for name in ("purpose", "category", "locality", "summary", "request", "speakers",
                         "people_involved", "skip_level", "reason", "outcome", "statutory_channel",
                         "handling", "department", "case_number")
        )
        lead = self.record.lead
        if lead is not None:
            same = same and all(
                value == getattr(lead, field) for field, value in self.person_changes().items()
            )
        return not same

    def action_save(self) -> None:
        lead = self.record.lead
        changes = None
        document = None
        if lead is not None:
            changes = self.person_changes()
            typed = self.query("#reg-doc-number")
            if typed and typed.first(Input).value.strip():
                document = (RESIDENT_ID_CARD, typed.first(Input).value)
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
