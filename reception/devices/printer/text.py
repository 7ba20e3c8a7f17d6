"""What text a Chinese ESC/POS printer can print, and how wide it comes out.

Printers sold in China print 2-byte GB2312/GBK/GB18030 codes in Chinese mode.
GB18030 also has 4-byte codes (rare characters such as 𠮷, emoji, most
non-Chinese scripts), but printer fonts have no glyphs for them: they come out
as garbage or shift the rest of the line. So every text goes through
`printable()` first, which keeps ASCII and the 2-byte GB18030 characters and
replaces everything else with a visible □ (the usual mark for a missing
character in Chinese print). Control characters are dropped: a stray ESC in a
configured notice must not become a printer command.

Widths are in columns of the 12×24 font A: an ASCII character takes one, a
2-byte GB character two (80 mm paper: 48 columns; 58 mm: 32). That is
`unicodedata.east_asian_width` W and F, plus A ("ambiguous": ·—○□ and the
like), which GB fonts print full width.
"""

from __future__ import annotations

import unicodedata

REPLACEMENT = "□"  # GB18030 A1F5: itself printable everywhere

# Chinese punctuation that must not start a line (simple 禁则 rule).
_NO_LINE_START = set("，。、：；！？）》」』】〕’”…%,.:;!?)]")


def printable(text: str) -> str:
    """`text` with only characters a GB18030 printer font has.

    ASCII printable characters and 2-byte GB18030 characters stay; other
    characters become □; tabs become a space; other control and format
    characters (and line breaks: callers split lines themselves) vanish.
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if " " <= ch <= "~":
            out.append(ch)
        elif ch == "\t" or ch == "\u00a0":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            continue
        elif _is_two_byte_gb(ch):
            out.append(ch)
        else:
            out.append(REPLACEMENT)
    return "".join(out)


def _is_two_byte_gb(ch: str) -> bool:
    try:
        return len(ch.encode("gb18030")) == 2
    except UnicodeEncodeError:  # a lone surrogate: GB18030 lacks it
        return False


def encode_gb(text: str) -> bytes:
    """The bytes a printer in Chinese mode prints as `text` (after `printable`)."""
    return printable(text).encode("gb18030")


def char_columns(ch: str) -> int:
    """Columns one printable character takes: ASCII 1, a 2-byte GB code 2."""
    if ch.isascii():
        return 1
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else len(ch.encode("gb18030"))


def columns(text: str) -> int:
    """Width of `text` on the printer, in font-A columns (after `printable`)."""
    return sum(char_columns(ch) for ch in printable(text))


def wrap(text: str, width: int) -> list[str]:
    """Break `text` into lines of at most `width` columns.

    Line breaks in `text` are kept. Chinese breaks anywhere, except before
    closing punctuation (it takes the previous character along); a run of
    ASCII letters and digits is kept whole when it fits on a line.
    """
    if width < 2:
        raise ValueError("width must be at least 2 columns")
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap_paragraph(printable(paragraph).strip(), width))
    return lines


def _wrap_paragraph(text: str, width: int) -> list[str]:
    if not text:
        return [""]
    lines: list[str] = []
    line = ""
    used = 0
    i = 0
    while i < len(text):
        token = _next_token(text, i)
        token_width = sum(char_columns(ch) for ch in token)
        if used + token_width <= width:
            line += token
            used += token_width
            i += len(token)
            continue
        if token_width > width or not line:
            # A token longer than a line: break it by characters.
            ch = text[i]
            if used + char_columns(ch) > width:
                lines.append(line)
                line, used = "", 0
            line += ch
            used += char_columns(ch)
            i += 1
            continue
        if token[0] in _NO_LINE_START and len(line) > 1:
            # Keep the punctuation with the character before it.
            carry = line[-1]
            line = line[:-1]
            lines.append(line.rstrip())
            line = carry
            used = char_columns(carry)
            continue
        lines.append(line.rstrip())
        line, used = "", 0
        if token == " ":
            i += 1  # a break swallows the space
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _next_token(text: str, i: int) -> str:
    """An ASCII word (letters, digits and word punctuation) or one character."""
    if text[i].isascii() and text[i].isalnum():
        j = i
        while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] in "-_./:@"):
            j += 1
        return text[i:j]
    return text[i]


def fit_scale(text: str, width: int, largest: int) -> int:
    """The largest character size (1..largest) at which `text` fits on one line."""
    need = max(columns(text), 1)
    return max(1, min(largest, width // need))
