"""The visitor's record as the leader reads it, as Rich `Text` built from plain strings.

Every value is appended as data (`Text.append`), never parsed as markup: a
name like `[@click=app.quit]x[/]` is shown as those characters. Document
numbers are masked unless the leader has opened them (the opening is audited
by the core; `opened` holds what was opened for this visit).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from reception.queue.service import (
    LeaderDay,
    PastVisit,
    Registration,
    Talk,
    age_on,
    mask_doc_number,
)

LABEL = "bold #7fb0ff"
MUTED = "dim"
WEEKDAYS = "一二三四五六日"


def day_text(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.year}年{d.month}月{d.day}日 星期{WEEKDAYS[d.weekday()]}"


def day_notice(info: LeaderDay, today: str) -> Text:
    text = Text()
    leader = info.leader
    text.append(leader.name, "bold")
    if leader.post:
        text.append(f"（{leader.post}）")
    text.append("  ")
    if info.today is not None:
        day = info.today
        text.append(f"今日接访 {day_text(today)} {day.start_time}–{day.end_time} ", "bold green")
        text.append(day.place or "领导接待室")
        text.append(f"  {day.mode}")
        return text
    text.append(f"今天（{day_text(today)}）不是您的接访日。", "bold yellow")
    if info.next is not None:
        nxt = info.next
        text.append(
            f"下一个接访日：{day_text(nxt.day)} {nxt.start_time}–{nxt.end_time} "
        )
        text.append(nxt.place or "领导接待室")
    else:
        text.append("尚未公布您的下一个接访日。")
    return text


def _line(text: Text, label: str, value: str | None) -> None:
    text.append(f"{label}：", LABEL)
    text.append(value if value else "—", "" if value else MUTED)
    text.append("\n")


def visit_text(reg: Registration, today: date, opened: dict[int, str]) -> Text:
    text = Text()
    for warning in reg.warnings:  # 异常/过激言行 recorded before (seed 000): read first
        text.append(warning, "bold red")
        text.append("\n")
    if not reg.registered:
        text.append("尚未登记（按 g 登记），以下为取号时填写的信息\n", "italic yellow")
        if reg.draft is not None:
            text.append(f"有登记草稿（{reg.draft.saved_by} 于 {reg.draft.saved_at[:16].replace('T', ' ')}"
                        " 保存）：按 g 继续填写\n", "yellow")
    for entry in reg.people:
        person = entry.person
        role = "主访人" if entry.role == "lead" else "代表"
        text.append(f"【{role}】", "bold")
        text.append(person.name, "bold")
        text.append("\n")
        age = age_on(person.birth_date, today)
        facts = "  ".join(
            part
            for part in (
                person.gender,
                person.ethnicity,
                f"{person.birth_date} 生（{age} 岁）" if age is not None else person.birth_date,
            )
            if part
        )
        _line(text, "  基本情况", facts)
        number = opened.get(person.id)
        shown = number if number is not None else mask_doc_number(person.doc_number)
        text.append("  证件：", LABEL)
        text.append(f"{person.doc_type} {shown}" if person.doc_number else "无证件（手工登记）")
        text.append("\n")
        if number is not None:
            text.append("  完整号码已显示，此次查看已记入审计日志\n", "yellow")
        _line(text, "  电话", person.phone)
        _line(text, "  住址", person.address)
        _line(text, "  工作单位", person.work_unit)
    form = reg.form
    text.append("\n")
    _line(text, "来访目的", form.purpose)
    _line(text, "内容分类", form.category)
    _line(text, "问题属地", form.locality)
    _line(text, "反映问题", form.summary)
    _line(text, "诉求", form.request)
    people = f"信访 {form.speakers} 人，涉及 {form.people_involved} 人"
    if reg.is_group:
        people += f"（集体访，共 {reg.group_size} 人）"
    _line(text, "人数", people)
    flags = []
    if reg.registered and reg.matter_visit_id is not None:
        # 重复访 is about the same matter (DOMAIN.md "Repeat visits are about a matter").
        flags.append(f"重复访（同一事项此前 {reg.matter_visits} 次）")
    elif not reg.registered and reg.earlier_visits:
        flags.append(f"此前来访 {reg.earlier_visits} 次")
    if form.skip_level:
        flags.append("越级访")
    _line(text, "标记", "、".join(flags))
    if flags or form.reason:
        _line(text, "标记原因", form.reason)
    outcome = form.outcome
    if outcome and form.statutory_channel:
        outcome += f"（{form.statutory_channel}）"
    _line(text, "受理情况", outcome)
    handling = form.handling
    if handling and form.department:
        handling += f" → {form.department}"
    _line(text, "办理方式", handling)
    _line(text, "登记编号", form.case_number)
    if reg.registered:
        _line(text, "事项状态", reg.matter_state)
        if form.visit_form and form.visit_form != "来访":
            _line(text, "信访形式", form.visit_form)
        if form.conduct:
            _line(text, "异常/过激言行", form.conduct)
    if reg.notify_deadline or reg.handle_deadline:
        _line(
            text, "期限",
            f"告知 {reg.notify_deadline or '—'}，办结 {reg.handle_deadline or '—'}"
            + ("（已延期）" if reg.extended else ""),
        )
    return text


def history_text(history: list[PastVisit]) -> Text:
    text = Text()
    text.append("历史来访\n", "bold underline")
    if not history:
        text.append("无此前来访记录\n", MUTED)
        return text
    for past in history:
        text.append(f"{past.hall_day} ", "bold")
        if past.number:
            text.append(f"{past.number} ")
        text.append(" ".join(part for part in (past.purpose, past.category) if part))
        text.append("\n  ")
        text.append(past.summary or "（未登记摘要）")
        if past.mark_reason:
            text.append("\n  重复访/越级访原因：")
            text.append(past.mark_reason)
        text.append("\n  ")
        result = past.outcome or "未登记结果"
        if past.handling:
            result += f"；{past.handling}"
        if past.department:
            result += f" → {past.department}"
        if past.progress:
            result += f"；{past.progress}"
        if past.rating:
            result += f"；来访人评价：{past.rating}"
        text.append(result, MUTED)
        text.append("\n")
    return text


def talk_text(talk: Talk | None, names: dict[str, str] | None = None) -> Text:
    """`names` turns account names into people's names (lijg -> 李建国)."""
    text = Text()
    text.append("接谈记录与批示\n", "bold underline")
    if talk is None:
        text.append("尚未记录（按 T 填写）\n", "yellow")
        return text
    _line(text, "接谈记录", talk.notes)
    _line(text, "批示", talk.instruction)
    _line(text, "承办部门", talk.department)
    _line(text, "办理时限", talk.due_date.isoformat() if talk.due_date else "")
    recorder = (names or {}).get(talk.recorded_by, talk.recorded_by)
    text.append(f"记录人 {recorder}，更新于 {talk.updated_at[:16].replace('T', ' ')}\n", MUTED)
    return text
