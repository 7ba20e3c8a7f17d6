"""The Textual driver of an app process `reception serve` started for one browser.

Textual's WebDriver reads the server's packets from stdin and writes the
screen to stdout. When the server goes away without telling the app to quit
(killed, crashed, or stopped before it could), stdin reaches end-of-file: the
WebDriver's input thread then ends quietly and the app runs on with no one to
talk to, writing to a closed pipe. This driver treats that end-of-file as the
end of the session and exits the app; if the app does not end in time, the
process ends itself. Writes to the closed pipe are dropped rather than raised
on every frame.

It is chosen through TEXTUAL_DRIVER by reception.serve.server, so it is
imported in the app process only.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable

from textual import messages
from textual.drivers.web_driver import WebDriver

log = logging.getLogger("reception.serve")

# After the server is gone, the app gets this long to exit cleanly.
EXIT_GRACE_SECONDS = 5.0


class SessionDriver(WebDriver):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pipe_write: Callable[[bytes], int] = self._write
        self._write = self._write_or_drop  # type: ignore[assignment]  # WebDriver types it as its partial
        self._server_gone = threading.Event()

    def _write_or_drop(self, data: bytes) -> int:
        if self._server_gone.is_set():
            return len(data)
        try:
            return self._pipe_write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.server_gone()
            return len(data)

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # not stopped by the app: stdin reached its end
            self.server_gone()

    def server_gone(self) -> None:
        """End the app: no server reads or writes for it any more."""
        if self._server_gone.is_set():
            return
        self._server_gone.set()
        loop = self._loop  # the app's loop, which Driver.__init__ keeps
        if not loop.is_closed():
            try:
                asyncio.run_coroutine_threadsafe(self._app._post_message(messages.ExitApp()), loop)
            except RuntimeError:  # the loop stopped meanwhile: the app is ending anyway
                pass
        threading.Thread(target=_exit_later, name="server-gone", daemon=True).start()


def _exit_later() -> None:
    """The last resort: an app that did not end after its server went away."""
    threading.Event().wait(EXIT_GRACE_SECONDS)
    os._exit(1)
