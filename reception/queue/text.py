"""The one text policy: how every typed, scanned or imported text is stored.

Every text field the core stores (people, registrations, talks, call-back
notes, accounts, the reception-day schedule, appointments, document numbers,
ID-card text) goes through `normalise`, usually by way of `clean_text`, which
adds the field's length limit. The rule, the same for every field:

1. Unicode NFC, so one character is stored as one code point sequence
   whichever keyboard, input method or card reader produced it. Full-width
   letters and digits are kept as typed (Chinese text uses full-width
   punctuation on purpose); only document numbers fold them to ASCII
   (`reception.queue.documents.half_width`).
2. Invisible characters are REMOVED, never refused: control characters
   (C0, DEL and C1: ESC, NUL, the CSI byte U+009B ...) and format characters
   (Unicode category Cf: the bidi embeddings, overrides and isolates
   U+202A-U+202E and U+2066-U+2069, the marks U+200E, U+200F and U+061C,
   zero-width spaces and joiners, the byte-order mark, soft hyphens) and lone
   surrogates. None of them is ever content of a name, an address or a note;
   they arrive by paste, by a card reader's padding or on purpose (an escape
   sequence that retitles the counter's terminal, a right-to-left override
   that reverses what staff read). Removing them means the same person is
   stored the same however the name was entered, a visitor at the kiosk is
   never stopped by a character nobody can see, and no stored byte reaches a
   terminal as a control sequence. Private-use characters are kept: some
   card and input systems code rare name characters (生僻字) there.
3. Whitespace. A single-line field (names, addresses, document numbers,
   departments, reasons, notes) turns every run of whitespace, line breaks
   and tabs included, into one space and trims both ends. A multi-line field
   (a summary, a request, a talk record, an instruction) keeps its lines and
   its tabs: every kind of line break becomes "\\n", whitespace at the end
   of each line and at both ends of the whole text is dropped; blank lines
   and indentation inside the text (such as the Chinese paragraph indent
   "\\u3000\\u3000" of a second paragraph) are kept.

Text that looks like markup ("[bold]", "[/]") is data and kept as typed:
showing it safely is the screens' job (Content / Text, markup=False). What is
left after the rule is measured against the field's limit (`clean_text`); an
empty result is for the caller to refuse or accept, with its own message.
"""

from __future__ import annotations

import unicodedata

from reception.queue.errors import InvalidInput

# Categories removed by rule 2: control, format, surrogate.
_INVISIBLE = frozenset(("Cc", "Cf", "Cs"))


def is_invisible(ch: str) -> bool:
    """A character rule 2 removes (for screens and the CLI that show stored text)."""
    return unicodedata.category(ch) in _INVISIBLE


def normalise(value: object, *, multiline: bool = False) -> str:
    """`value` as stored under the rule above; no length check. None is ''."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    if text.isprintable():
        # No character of categories C* or Z* but the ASCII space (the common
        # case, checked in C): nothing for rule 2 to remove, no line to split.
        return " ".join(text.split()) if not multiline else text.strip()
    if not multiline:
        # Whitespace controls (tab, line breaks, \x1c-\x1f, NEL) count as
        # whitespace; the rest of the invisible characters go first, so
        # "张 \x1b 三" is "张 三", not "张  三".
        kept = "".join(ch for ch in text if ch.isspace() or not is_invisible(ch))
        return " ".join(kept.split())
    lines = [
        "".join(ch for ch in line if ch == "\t" or not is_invisible(ch)).rstrip()
        for line in text.splitlines()
    ]
    return "\n".join(lines).strip()


def clean_text(value: object, label: str, limit: int, *, multiline: bool = False) -> str:
    """`normalise`, then refuse text longer than `limit` characters, naming the field."""
    text = normalise(value, multiline=multiline)
    if len(text) > limit:
        raise InvalidInput(f"{label}过长（最多 {limit} 字，现 {len(text)} 字）")
    return text
