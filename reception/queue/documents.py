"""Document numbers typed by staff at the counter.

A card read by the reader is already checked; a number typed at the counter
(a visitor registered by hand and matched later) is checked here by the one
resident ID rule (reception.queue.idnumber), since one wrong digit would join
two different people's records.
"""

from __future__ import annotations

from datetime import date

from reception.queue.errors import InvalidInput
from reception.queue.idnumber import parse_id_number
from reception.queue.models import RESIDENT_ID_CARD
from reception.queue.text import normalise

# A Chinese input method left in full-width mode types "１１０１…Ｘ": the same number.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def half_width(text: str) -> str:
    """Full-width letters and digits (Ａ００１) as the ASCII ones they stand for."""
    return text.translate(_FULL_WIDTH)


def normalise_document(doc_type: str, doc_number: str) -> tuple[str, str]:
    """Under the text policy (reception.queue.text), half-width, without spaces and
    upper-cased, as stored; for looking a document up."""
    doc_type = normalise(doc_type)
    doc_number = "".join(half_width(normalise(doc_number)).split()).upper()
    if not doc_type:
        raise InvalidInput("证件类型不能为空")
    if not doc_number:
        raise InvalidInput("证件号码不能为空")
    if len(doc_type) > 40 or len(doc_number) > 40:
        raise InvalidInput("证件类型或号码过长（最多 40 字）")
    return doc_type, doc_number


def clean_document(doc_type: str, doc_number: str, today: date | None = None) -> tuple[str, str]:
    """As `normalise_document`; a resident ID number must pass GB 11643 and is
    stored in its 18-character form (an old 15-digit number is upgraded).
    `today` is the hall's date for the birth-date check."""
    doc_type, doc_number = normalise_document(doc_type, doc_number)
    if doc_type == RESIDENT_ID_CARD:
        doc_number = parse_id_number(doc_number, today).eighteen
    return doc_type, doc_number
