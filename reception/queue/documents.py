"""Document numbers typed by staff: the resident ID card's check digit (GB 11643-1999).

A card read by the reader is already checked by the reader; a number typed at
the counter (a visitor registered by hand and matched later) is not, and one
wrong digit would join two different people's records.
"""

from __future__ import annotations

from reception.queue.errors import InvalidInput
from reception.queue.models import RESIDENT_ID_CARD

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def resident_id_ok(number: str) -> bool:
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _WEIGHTS))
    return _CHECK[total % 11] == number[17].upper()


def normalise_document(doc_type: str, doc_number: str) -> tuple[str, str]:
    """Trimmed and upper-cased, as stored; for looking a document up."""
    doc_type = " ".join(doc_type.split())
    doc_number = "".join(doc_number.split()).upper()
    if not doc_type:
        raise InvalidInput("证件类型不能为空")
    if not doc_number:
        raise InvalidInput("证件号码不能为空")
    if len(doc_type) > 40 or len(doc_number) > 40:
        raise InvalidInput("证件类型或号码过长（最多 40 字）")
    return doc_type, doc_number


def clean_document(doc_type: str, doc_number: str) -> tuple[str, str]:
    """As `normalise_document`; a resident ID number must pass its check digit."""
    doc_type, doc_number = normalise_document(doc_type, doc_number)
    if doc_type == RESIDENT_ID_CARD and not resident_id_ok(doc_number):
        raise InvalidInput("身份证号码校验未通过，请核对后重新输入")
    return doc_type, doc_number
