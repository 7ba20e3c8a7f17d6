"""Look up the progress of a visit: scan the ticket's QR code or type the query code."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static
from textual.worker import get_current_worker

from reception.kiosk.failures import for_visitor
from reception.kiosk.screens.base import KioskScreen
from reception.kiosk.screens.ticket import ahead_text
from reception.kiosk.widgets import KeyButton
from reception.queue.errors import QueueError
from reception.queue.models import TicketState, VisitProgress
from reception.queue.service import CODE_LENGTH, CROCKFORD, RATINGS, HallService

RATE_PROMPT = "接待已结束，请您对本次接待作出评价"
HANDLING_PROMPT = "您的信访事项已办结，请您对办理情况作出评价"


def progress_text(progress: VisitProgress, window_name: str | None = None) -> str:
    """`window_name`: the calling window as the hall names it (a called visitor goes there).

    Two lines, two vocabularies (DOMAIN.md "The case after the counter"): the
    ticket's 接待状态 and the matter's 事项状态; 已办结 only for a concluded matter."""
    state = progress.state.label
    if progress.state is TicketState.CALLED:
        state += f"，请到{window_name}" if window_name else "，请按大厅屏幕所示前往"
    lines = [
        f"号码：{progress.number}（{progress.hall_day}，{progress.service_name}）",
        f"接待状态：{state}",
    ]
    if progress.state is TicketState.WAITING:
        lines.append(ahead_text(progress.ahead))
    if progress.case_number:
        lines.append(f"信访件编号：{progress.case_number}")
    lines.append(f"事项状态：{progress.matter_state or '已登记'}")
    if progress.handle_deadline and not progress.matter_closed:
        lines.append(f"办理期限：{progress.handle_deadline}")
    return "\n".join(lines)


class QueryScreen(KioskScreen):
    CSS_PATH = "query.tcss"
    TITLE_TEXT = "查询办理进度：请扫描凭条上的二维码，或输入查询码"
    SPOKEN = "查询办理进度，请扫描凭条上的二维码，或输入查询码。"
    SHOW_BACK = False

    def __init__(self, scanned: str = "") -> None:
        super().__init__()
        self.scanned = scanned  # a code a serial scanner sent from the welcome screen
        self.shown_code = ""  # the code whose progress is on screen, for the rating

    def compose(self) -> ComposeResult:
        yield from self.compose_title()
        with Vertical(id="query-body"):
            with Center():
                yield Input(placeholder="查询码（12 位）", id="code", max_length=CODE_LENGTH + 4)
            yield Static(id="query-result", classes="message")
            with Vertical(id="rating-area"):
                yield Static(id="rating-prompt", classes="message")
                with Horizontal(id="rating-buttons"):
                    for index, rating in enumerate(RATINGS):
                        yield Button(rating, id=f"rate-{index}", classes="rate")
            # The handling is rated apart, once the matter is concluded (seed 002).
            with Vertical(id="handling-area"):
                yield Static(id="handling-prompt", classes="message")
                with Horizontal(id="handling-buttons"):
                    for index, rating in enumerate(RATINGS):
                        yield Button(rating, id=f"hrate-{index}", classes="rate")
            with Center():
                with Grid(id="letters"):
                    for char in CROCKFORD:
                        yield KeyButton(char, id=f"char-{char}", classes="char")
                    yield KeyButton("退格", id="char-back", classes="char")
                    yield Button("查询", id="char-go", variant="primary", classes="char")
        yield from self.compose_nav()

    @property
    def code(self) -> Input:
        return self.query_one("#code", Input)

    def on_mount(self) -> None:
        self.code.focus()  # a scanner types into the focused field
        if self.scanned:
            self.look_up(self.scanned)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        if name.startswith("rate-"):
            event.stop()
            self.rate(RATINGS[int(name.removeprefix("rate-"))])
            return
        if name.startswith("hrate-"):
            event.stop()
            self.rate(RATINGS[int(name.removeprefix("hrate-"))], handling=True)
            return
        if name.startswith("char-"):
            event.stop()
            key = name.removeprefix("char-")
            if key == "back":
                self.code.value = self.code.value[:-1]
            elif key == "go":
                self.look_up()
            else:
                self.code.value = (self.code.value + key)[: CODE_LENGTH + 4]
            return
        super().on_button_pressed(event)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.look_up()

    def look_up(self, scanned: str | None = None) -> None:
        typed, self.code.value = self.code.value, ""  # ready for the next scan
        if scanned is not None:
            typed = scanned
        self.shown_code = ""
        self.fetch_progress(self.kiosk.service, typed)

    @work(thread=True, exit_on_error=False, exclusive=True, group="lookup")
    def fetch_progress(self, service: HallService, typed: str) -> None:
        """The lookup, off the UI thread; a newer scan replaces an older one."""
        try:
            progress: VisitProgress | str = service.progress(typed)
        except QueueError as exc:
            progress = for_visitor(exc)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_progress, typed, progress)

    def show_progress(self, typed: str, progress: VisitProgress | str) -> None:
        """The visit's progress, or (a string) why it cannot be shown."""
        result = self.query_one("#query-result", Static)
        if isinstance(progress, str):
            result.update(Content(progress))
            result.set_class(True, "refusal")
            self.show_rating(None)
            return
        self.shown_code = typed
        result.update(Content(progress_text(progress, self.window_name(progress))))
        result.set_class(False, "refusal")
        self.show_rating(progress)

    def window_name(self, progress: VisitProgress) -> str | None:
        return None if progress.window is None else self.kiosk.window_name(progress.window)

    def show_rating(self, progress: VisitProgress | None, thanked: bool = False,
                    handling_thanked: bool = False) -> None:
        self.show_handling_rating(progress, handling_thanked)
        if self._show_choice("rating", "rate", progress is not None and progress.can_rate,
                             progress.rating if progress else "", thanked, "", RATE_PROMPT):
            self.query_one("#rating-area", Vertical).scroll_visible()

    def show_handling_rating(self, progress: VisitProgress | None, thanked: bool) -> None:
        self._show_choice("handling", "hrate", progress is not None and progress.can_rate_handling,
                          progress.handling_rating if progress else "", thanked, "对办理情况", HANDLING_PROMPT)

    def _show_choice(self, part: str, buttons: str, shown: bool, rated: str, thanked: bool,
                     about: str, prompt: str) -> bool:
        """One rating's area (reception or handling): shown or not, its prompt, the
        chosen button ticked. True when shown."""
        area = self.query_one(f"#{part}-area", Vertical)
        area.display = shown
        if not shown:
            return False
        if thanked:
            prompt = f"感谢您{about}的评价：{rated}。如需更改，请重新选择"
        elif rated:
            prompt = f"您{about}的评价：{rated}。如需更改，请重新选择"
        self.query_one(f"#{part}-prompt", Static).update(Content(prompt))
        for index, rating in enumerate(RATINGS):
            button = self.query_one(f"#{buttons}-{index}", Button)
            button.label = Content(f"✔ {rating}" if rating == rated else rating)
        return True

    def rate(self, rating: str, handling: bool = False) -> None:
        if not self.shown_code:
            return
        self.send_rating(self.kiosk.service, self.shown_code, rating, self.kiosk.settings.actor, handling)

    @work(thread=True, exit_on_error=False, exclusive=True, group="rating")
    def send_rating(self, service: HallService, code: str, rating: str, actor: str,
                    handling: bool = False) -> None:
        try:
            if handling:
                progress = service.rate_handling(code, rating, actor)
            else:
                progress = service.rate(code, rating, actor)
        except QueueError as exc:
            self.app.call_from_thread(self.rating_refused, for_visitor(exc), handling)
            return
        self.app.call_from_thread(self.show_rating, progress, not handling, handling)

    def rating_refused(self, message: str, handling: bool = False) -> None:
        prompt = "#handling-prompt" if handling else "#rating-prompt"
        self.query_one(prompt, Static).update(Content(message))
