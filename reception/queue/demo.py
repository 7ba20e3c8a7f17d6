"""Made-up data for a hall to try the register and the reports on (issue 14).

`fill` writes, in bulk and in one transaction, what a hall's own work would
have stored over `days` days ending on `today` (the hall clock's date):
visitors with valid GB 11643 numbers and made-up names, repeat visitors,
groups with representatives, leaders' reception days and the talks held on
them with their 批示, tickets with their events (issue, call, start, finish;
no-shows and cancellations), registrations with every outcome, deadlines
(some notices late, some matters overdue), extensions and ratings.

Bulk SQL rather than the facade's actions, for speed: the benchmark builds a
hall of 1,250,000 visits with it. The rows are the ones the core writes
(case numbers, deadlines, states, event actions); what it leaves out is the
audit entry of each made-up action: one `demo.seed` entry says what was made.
Deterministic: the same seed, days and `today` give the same hall.

A hall that already holds a visit is refused: made-up records never mix
with real ones.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from reception.config import HallConfig
from reception.queue import audit, deadlines, idnumber
from reception.queue.codes import CODE_LENGTH, CROCKFORD
from reception.queue.errors import InvalidInput, RuleViolation
from reception.queue.models import RESIDENT_ID_CARD, leader_queue
from reception.queue.registration.form import (
    ACCEPTED,
    ANSWERED,
    CHANNELS,
    NOT_ACCEPTED,
    STATUTORY,
    case_number_for,
)

MAX_DAYS = 3_650
MAX_PER_DAY = 2_000

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强海燕春梅文斌丽娟淑珍德明永红晓东小红国庆长林"
_REGIONS = ("110105", "310104", "320102", "330106", "340103", "370102", "410105", "420106",
            "430103", "440106", "500103", "510107", "610113", "130102", "210102", "350102")
_STREETS = ("人民路", "解放路", "建设路", "中山路", "和平街", "光明巷", "朝阳路", "新华街", "文化路", "幸福里")
_TOWNS = ("城关镇", "东城街道", "西城街道", "南湖镇", "北山乡", "河口镇", "新区街道")
_DEPARTMENTS = ("住房和城乡建设局", "人力资源和社会保障局", "自然资源局", "生态环境局", "城市管理局",
                "交通运输局", "民政局", "农业农村局", "公安局", "市场监督管理局")
_LEADERS = (
    ("王建国", "局长", "全面工作"),
    ("李秀梅", "副局长", "城乡建设、土地征收"),
    ("张志强", "副局长", "劳动保障、社会救助"),
    ("陈海燕", "纪检组长", "干部作风"),
)
_STAFF = ("接待员刘娜", "接待员周敏", "接待员吴磊", "接待员郑洁", "接待员孙涛")
_SUMMARIES = {
    "房地产及小区物业管理": "小区物业长期不履行维修义务，电梯多次故障无人处理",
    "工资福利待遇": "在建工地务工三个月，工资至今未结清",
    "道路交通安全": "村口路段无信号灯，学生上下学存在安全隐患",
    "环境污染": "附近工厂夜间排放异味气体，影响居民休息",
    "城市服务管理": "楼下餐饮店油烟和噪音扰民，多次投诉未果",
    "土地承包确权": "承包地确权面积与实际耕种面积不符",
    "土地征收补偿": "房屋征收补偿标准过低，安置房迟迟未交付",
    "困难群众救助": "家中老人重病，申请低保未获批准",
    "乡村干部经济作风": "反映村干部违规发包集体土地",
    "社会治理": "邻里宅基地纠纷，调解后对方仍不履行",
    "涉法涉诉": "对法院执行进度不满，判决款项未执行到位",
    "其他": "咨询户籍迁移政策",
}
_REQUESTS = ("请求尽快解决", "要求依法处理并答复", "希望有关部门督促落实", "请求给予合理补偿")


@dataclass(frozen=True)
class SeedSummary:
    first_day: str
    last_day: str
    visits: int
    persons: int
    tickets: int
    talks: int
    reception_days: int


def check_empty(db: sqlite_utils.Database) -> None:
    if db.execute("SELECT 1 FROM visits LIMIT 1").fetchone() is not None:
        raise RuleViolation(
            "该大厅已有来访记录，演示数据不能与真实记录混在一起；请用 --db 指定一个新的数据库文件"
        )


def fill(
    db: sqlite_utils.Database,
    config: HallConfig,
    today: date,
    *,
    days: int = 90,
    per_day: int = 40,
    seed: int = 1,
    actor: str = "demo",
    progress: Callable[[int, int], None] | None = None,
) -> SeedSummary:
    """Fill an empty hall; run inside the caller's write transaction."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"天数须在 1 到 {MAX_DAYS} 之间")
    if not 1 <= per_day <= MAX_PER_DAY:
        raise InvalidInput(f"每天来访数须在 1 到 {MAX_PER_DAY} 之间")
    check_empty(db)
    maker = _Maker(db, config, today, random.Random(seed), actor)
    return maker.run(days, per_day, progress)


class _Maker:
    def __init__(self, db: sqlite_utils.Database, config: HallConfig, today: date,
                 rng: random.Random, actor: str):
        self.db, self.config, self.today, self.rng, self.actor = db, config, today, rng, actor
        self.tz: ZoneInfo = config.tz
        self.persons: list[tuple] = []
        self.person_days: dict[int, tuple[int, str]] = {}  # id -> (visits so far, last day)
        # A returning person's first registered matter: later registered visits are about it (重复访).
        self.person_matter: dict[int, int] = {}
        self.doc_numbers: set[str] = set()
        self._known_cache: list[int] = []
        (self.next_person,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM persons").fetchone()
        (self.next_ticket,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM tickets").fetchone()
        (self.next_visit,) = db.execute("SELECT coalesce(max(id), 0) + 1 FROM visits").fetchone()
        self.services = {s.code for s in config.services}
        self.windows = {code: [w.number for w in config.windows if code in w.services] for code in self.services}
        self.categories = config.categories or ("其他",)
        self.purposes = config.purposes or ("申诉求决",)
        self.rows: dict[str, list[Any]] = {k: [] for k in ("visits", "people", "tickets", "events", "talks")}

    # ------------------------------------------------------------------ the whole run

    def run(self, days: int, per_day: int, progress: Callable[[int, int], None] | None) -> SeedSummary:
        first = self.today - timedelta(days=days - 1)
        leaders = self._leaders()
        reception = self._reception_days(first, leaders)
        counts = {"visits": 0, "tickets": 0, "talks": 0}
        for offset in range(days):
            day = first + timedelta(days=offset)
            if day.weekday() < 5:  # the hall is closed at weekends
                self._day(day, per_day, reception.get(day.isoformat()), counts)
            if sum(len(rows) for rows in self.rows.values()) > 50_000:
                self._flush()
            if progress is not None:
                progress(offset + 1, days)
        self._flush()
        summary = SeedSummary(first.isoformat(), self.today.isoformat(), counts["visits"],
                              self.next_person - 1, counts["tickets"], counts["talks"], len(reception))
        audit.record(self.db, self.actor, "demo.seed", "hall", {
            "days": days, "per_day": per_day, "visits": summary.visits, "first_day": summary.first_day,
            "last_day": summary.last_day,
        }, at=self._stamp(self.today, time(8, 0)))
        return summary

    def _leaders(self) -> list[int]:
        ids = []
        self.leader_names: dict[int, str] = {}
        for name, post, fields in _LEADERS:
            found = self.db.execute("SELECT id FROM leaders WHERE name = ?", (name,)).fetchone()
            leader_id: int = found[0] if found else self.db.execute(
                "INSERT INTO leaders (name, post, fields) VALUES (?, ?, ?)", (name, post, fields)
            ).lastrowid or 0
            ids.append(leader_id)
            self.leader_names[leader_id] = name
        return ids

    def _reception_days(self, first: date, leaders: list[int]) -> dict[str, tuple[int, int]]:
        """Tuesdays and Thursdays, leaders in turn, up to a fortnight ahead (published)."""
        days: dict[str, tuple[int, int]] = {}
        day, turn = first, 0
        while day <= self.today + timedelta(days=14):
            if day.weekday() in (1, 3):
                leader = leaders[turn % len(leaders)]
                turn += 1
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO reception_days (leader_id, day, start_time, end_time, place, mode, quota)"
                    " VALUES (?, ?, '09:00', '12:00', '二楼领导接待室', '定点', 10)",
                    (leader, day.isoformat()),
                )
                if cursor.rowcount:
                    days[day.isoformat()] = (leader, cursor.lastrowid or 0)
            day += timedelta(days=1)
        return days

    # ------------------------------------------------------------------ one day

    def _day(self, day: date, per_day: int, reception: tuple[int, int] | None, counts: dict[str, int]) -> None:
        rng = self.rng
        count = max(1, round(per_day * rng.uniform(0.7, 1.3)))
        arrivals = sorted(rng.uniform(8.5 * 60, 16.5 * 60) for _ in range(count))
        seqs: dict[str, int] = {}
        leader_slots = rng.randint(3, 8) if reception and day <= self.today else 0
        for minute in arrivals:
            kind = "C" if leader_slots and minute < 11.5 * 60 and rng.random() < 0.35 else (
                "B" if rng.random() < 0.1 else "A")
            if kind == "C":
                leader_slots -= 1
            service = kind if kind in self.services else next(iter(sorted(self.services)))
            seqs[service] = seqs.get(service, 0) + 1
            self._visit(day, minute, service, kind, seqs[service], reception if kind == "C" else None)
            counts["visits"] += 1
            counts["tickets"] += 1
            counts["talks"] += kind == "C"

    def _visit(self, day: date, minute: float, service: str, kind: str, seq: int,
               reception: tuple[int, int] | None) -> None:
        rng, hall_day = self.rng, day.isoformat()
        visit_id, ticket_id = self.next_visit, self.next_ticket
        self.next_visit += 1
        self.next_ticket += 1
        group = kind == "B"
        speakers = rng.randint(1, 3) if group else 1
        issued = self._at(day, minute)
        people = [self._person(index == 0, issued) for index in range(speakers)]
        earlier, last_day = self.person_days.get(people[0], (0, None))
        for person in people:
            seen = self.person_days.get(person, (0, None))[0]
            self.person_days[person] = (seen + 1, hall_day)
        for index, person in enumerate(people):
            self.rows["people"].append((visit_id, person, "lead" if index == 0 else "representative"))
        group_size = rng.randint(5, 40) if group else 1
        category = rng.choice(self.categories)
        leader = reception[0] if reception else None
        state, events, window, staff = self._ticket_life(ticket_id, day, minute, service, leader)
        registered = state == "done"
        skip = registered and rng.random() < 0.08
        matter = self.person_matter.get(people[0]) if registered else None
        visit = {
            "id": visit_id, "hall_day": hall_day, "created_at": issued, "purpose": rng.choice(self.purposes),
            "category": category, "is_group": int(group), "group_size": group_size,
            "representative_count": speakers,
            "representative_rule": self.config.representative_rule_text if group else "",
            # 重复访 is a visit about the same matter: the kiosk's "seen before" until registered.
            "is_repeat": int(matter is not None) if registered else int(earlier > 0),
            "earlier_visits": earlier, "last_visit_day": last_day,
            "requested_leader_id": leader, "query_code": "".join(rng.choice(CROCKFORD) for _ in range(CODE_LENGTH)),
            "speakers": speakers, "skip_level": int(skip),
        }
        if registered:
            visit.update(self._registration(day, visit_id, category, group_size, speakers,
                                            matter is not None or skip, staff, events))
            visit["matter_visit_id"] = matter
            self.person_matter.setdefault(people[0], visit_id)
        if leader is not None and registered:
            self._talk(visit_id, leader, day, category)
        self.rows["visits"].append(visit)
        queue = leader_queue(leader) if leader is not None else service
        prefix = self.config.service(service).prefix
        self.rows["tickets"].append((
            ticket_id, visit_id, hall_day, service, seq, f"{prefix}{seq:03d}", queue, state,
            int(leader is not None), issued, issued, events[1][1] if len(events) > 1 else None, window,
            events[-1][1],
        ))
        self.rows["events"].extend(events)

    def _ticket_life(self, ticket_id: int, day: date, minute: float, service: str, leader: int | None):
        """The ticket's events: (ticket, at, actor, action, from, to, window, detail)."""
        rng = self.rng
        windows = self.windows.get(service) or [1]
        window = None if leader is not None else rng.choice(windows)
        staff = self.leader_names[leader] if leader is not None else _STAFF[(window or 1) % len(_STAFF)]
        if rng.random() < 0.15:
            staff = rng.choice(_STAFF) if leader is None else staff
        events: list[tuple[Any, ...]] = [(ticket_id, self._at(day, minute), "kiosk", "issue", None, "waiting", None,
                   json.dumps({"service": service}))]
        wait = rng.lognormvariate(2.6, 0.6)  # minutes; median about 13
        called = minute + wait
        events.append((ticket_id, self._at(day, called), staff, "call", "waiting", "called", window, "{}"))
        luck = rng.random()
        if luck < 0.04:
            events.append((ticket_id, self._at(day, called + 3), staff, "no_show", "called", "no_show", window, "{}"))
            events.append((ticket_id, self._at(day, 17 * 60 + 30), "close-day", "cancel", "no_show", "cancelled",
                           None, json.dumps({"reason": "闭厅"})))
            return "cancelled", events, window, staff
        if luck < 0.06:
            events.append((ticket_id, self._at(day, called + 2), staff, "cancel", "called", "cancelled", window,
                           json.dumps({"reason": "来访人自行离开"})))
            return "cancelled", events, window, staff
        start = called + rng.uniform(0.5, 3)
        served = rng.lognormvariate(3.0, 0.45)  # minutes; median about 20
        events.append((ticket_id, self._at(day, start), staff, "start", "called", "serving", window, "{}"))
        events.append((ticket_id, self._at(day, start + served), staff, "finish", "serving", "done", window, "{}"))
        return "done", events, window, staff

    def _registration(self, day: date, visit_id: int, category: str, involved: int, speakers: int,
                      needs_reason: bool, staff: str, events: list[tuple]) -> dict:
        rng = self.rng
        finished_at = events[-1][1]
        roll = rng.random()
        outcome = NOT_ACCEPTED if roll < 0.12 else STATUTORY if roll < 0.3 else ACCEPTED
        values = {
            "locality": rng.choice(_TOWNS), "summary": _SUMMARIES.get(category, "反映有关问题"),
            "request": rng.choice(_REQUESTS), "people_involved": involved, "speakers": speakers,
            "case_number": case_number_for(day.isoformat(), visit_id), "outcome": outcome,
            "registered_by": staff, "registered_at": finished_at,
            "mark_reason": "此前答复未落实" if needs_reason else "",
            "notified_at": finished_at, "concluded_at": finished_at,
        }
        if outcome == STATUTORY:
            values["statutory_channel"] = rng.choice(CHANNELS)
        if outcome != ACCEPTED:
            return self._rated(values, day, events)
        due = deadlines.compute(day)
        handling = rng.choices(("当场答复", "交办", "转送", "上报"), (3, 4, 2, 1))[0]
        values.update(handling=handling, notify_deadline=due.notify_by.isoformat(),
                      handle_deadline=due.handle_by.isoformat())
        if handling in ("交办", "转送"):
            values["department"] = rng.choice(_DEPARTMENTS)
        if handling == ANSWERED:
            return self._rated(values, day, events)
        # Told within 15 days mostly, sometimes late; concluded within 60 mostly.
        told = day + timedelta(days=rng.choice((2, 3, 5, 7, 10, 12, 14, 14, 18, 25)))
        values["notified_at"] = self._stamp(told, time(10, 0)) if told <= self.today else None
        handle_by = due.handle_by
        if rng.random() < 0.06:
            handle_by += timedelta(days=deadlines.EXTENSION_DAYS)
            values.update(handle_extended=1, extension_reason="涉及多个部门，需进一步调查核实",
                          handle_deadline=handle_by.isoformat())
        done = day + timedelta(days=rng.choice((8, 15, 20, 30, 40, 45, 55, 58, 65, 80)))
        values["concluded_at"] = self._stamp(done, time(15, 0)) if done <= self.today else None
        return self._rated(values, day, events)

    def _rated(self, values: dict, day: date, events: list[tuple]) -> dict:
        """About half the concluded matters are rated, at the kiosk, after conclusion."""
        if values.get("concluded_at") and self.rng.random() < 0.5:
            rating = self.rng.choices(("满意", "基本满意", "不满意"), (7, 2, 1))[0]
            values["satisfaction"] = rating
            at = max(values["concluded_at"], events[-1][1])
            events.append((events[0][0], at, "kiosk", "rate", "done", "done", None,
                           json.dumps({"rating": rating}, ensure_ascii=False)))
        return values

    def _talk(self, visit_id: int, leader: int, day: date, category: str) -> None:
        rng = self.rng
        instruction = rng.random() < 0.6
        due = day + timedelta(days=rng.choice((7, 15, 30))) if instruction else None
        stamp = self._stamp(day, time(11, 30))
        self.rows["talks"].append((
            visit_id, leader, f"听取来访人反映：{_SUMMARIES.get(category, '有关问题')}。已详细询问经过。",
            "请相关部门核实情况，限期答复来访人" if instruction else "",
            rng.choice(_DEPARTMENTS) if instruction else "", due.isoformat() if due else None,
            self.leader_names[leader], stamp, stamp,
        ))

    # ------------------------------------------------------------------ people

    def _person(self, repeat_ok: bool, stamp: str) -> int:
        """A returning visitor about one time in five, else a new one."""
        if repeat_ok and self.person_days and self.rng.random() < 0.2:
            return self.rng.choice(self._known())
        rng = self.rng
        person_id = self.next_person
        self.next_person += 1
        born = date(1945, 1, 1) + timedelta(days=rng.randrange(365 * 58))
        male = rng.random() < 0.55
        while True:
            sequence = rng.randrange(1, 500) * 2 - (1 if male else 0)
            first17 = f"{rng.choice(_REGIONS)}{born:%Y%m%d}{sequence:03d}"
            number = first17 + idnumber.check_character(first17)
            if number not in self.doc_numbers:
                break
        self.doc_numbers.add(number)
        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
        phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
        address = f"{rng.choice(_TOWNS)}{rng.choice(_STREETS)}{rng.randrange(1, 300)}号"
        self.persons.append((person_id, RESIDENT_ID_CARD, number, name, "男" if male else "女", "汉",
                             born.isoformat(), address, phone, "", stamp, stamp))
        return person_id

    def _known(self) -> list[int]:
        if len(self._known_cache) * 2 < len(self.person_days):
            self._known_cache = list(self.person_days)
        return self._known_cache

    # ------------------------------------------------------------------ time and writing

    def _at(self, day: date, minute: float) -> str:
        whole = int(minute)
        moment = datetime.combine(day, time(whole // 60, whole % 60), self.tz)
        return (moment + timedelta(seconds=round((minute - whole) * 60, 3))).isoformat(timespec="microseconds")

    def _stamp(self, day: date, at: time) -> str:
        return datetime.combine(day, at, self.tz).isoformat(timespec="microseconds")

    def _flush(self) -> None:
        db = self.db
        db.conn.executemany(
            "INSERT INTO persons (id, doc_type, doc_number, name, gender, ethnicity, birth_date, address,"
            " phone, work_unit, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.persons,
        )
        self.persons = []
        db.conn.executemany(
            f"INSERT INTO visits ({', '.join(_VISIT_DEFAULTS)}) VALUES ({', '.join('?' for _ in _VISIT_DEFAULTS)})",
            [tuple(visit.get(column, default) for column, default in _VISIT_DEFAULTS.items())
             for visit in self.rows["visits"]],
        )
        db.conn.executemany("INSERT INTO visit_people (visit_id, person_id, role) VALUES (?, ?, ?)",
                            self.rows["people"])
        db.conn.executemany(
            "INSERT INTO tickets (id, visit_id, hall_day, service, seq, number, queue, state, appointment,"
            " issued_at, queued_at, called_at, window, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.rows["tickets"],
        )
        db.conn.executemany(
            "INSERT INTO events (ticket_id, at, actor, action, from_state, to_state, window, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self.rows["events"],
        )
        db.conn.executemany(
            "INSERT INTO talks (visit_id, leader_id, notes, instruction, department, due_date, recorded_by,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.rows["talks"],
        )
        self.rows = {k: [] for k in self.rows}


# Every column the made-up visits fill, with the value of one that does not say.
_VISIT_DEFAULTS: dict[str, object] = {
    "id": None, "hall_day": None, "created_at": None, "purpose": "", "category": "", "is_group": 0,
    "group_size": 1, "representative_count": 1, "representative_rule": "", "is_repeat": 0,
    "earlier_visits": 0, "last_visit_day": None, "requested_leader_id": None, "query_code": None,
    "locality": "", "summary": "", "request": "", "speakers": None, "people_involved": None,
    "skip_level": 0, "case_number": None, "outcome": "", "statutory_channel": "", "handling": "",
    "department": "", "notify_deadline": None, "handle_deadline": None, "registered_by": None,
    "registered_at": None, "satisfaction": "", "handle_extended": 0, "extension_reason": "",
    "notified_at": None, "concluded_at": None, "mark_reason": "", "matter_visit_id": None,
}
