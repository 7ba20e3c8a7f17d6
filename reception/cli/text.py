"""Stored or typed text printed to a terminal.

The core removes control and bidi characters from what it stores
(reception.queue.text), but the CLI also prints what was stored before that
rule, what a person typed on the command line (echoed in a refusal), and
what a card or a sheet held. None of it may reach the terminal as a control
sequence: an invisible character is shown escaped, visibly (ESC as \\x1b, a
right-to-left override as \\u202e), never written raw.
"""

from __future__ import annotations

import unicodedata

# Control, format (bidi, zero-width), surrogate, line and paragraph separators.
_ESCAPED = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def shown(value: object) -> str:
    """Text for a message line: newlines and tabs kept, other invisible characters escaped."""
    return "".join(
        _escape(ch) if ch not in "\n\t" and unicodedata.category(ch) in _ESCAPED else ch
        for ch in str(value)
    )


def cell(value: object) -> str:
    """Text as one cell of a tab-separated line: tabs and newlines escaped too."""
    return "".join(
        _escape(ch) if unicodedata.category(ch) in _ESCAPED else ch for ch in str(value)
    )
