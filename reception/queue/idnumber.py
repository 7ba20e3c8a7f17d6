"""The resident ID number rule (GB 11643-1999): check character, birth date, gender.

Pure rule, no I/O: the card reader, the counter's hand registration and any
import can ask the same question. An 18-character number carries a 6-digit
region code, the birth date (YYYYMMDD), a 3-digit sequence (odd = male,
even = female) and a check character; a legacy 15-digit number (issued before
1999) has a 2-digit year and no check character.

Every refusal is an `IdNumberError` (an `InvalidInput`) with a Chinese message
that can be shown to the visitor as is. Masking for display is
`reception.queue.persons.mask_doc_number` (one masking rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from reception.queue.errors import InvalidInput

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"

# Numbers that begin with these belong to residence permits of Hong Kong,
# Macau and Taiwan residents (港澳台居民居住证); they follow the same rule.
PERMIT_REGIONS = {"810000": "香港", "820000": "澳门", "830000": "台湾"}


class IdNumberError(InvalidInput):
    """The number is malformed, fails its check, or disagrees with the card."""


@dataclass(frozen=True)
class IdNumber:
    number: str  # as given (15 or 18 characters, X upper case)
    birth_date: date
    gender: str  # 男 | 女
    region: str  # the first six digits
    legacy: bool = False  # a 15-digit pre-1999 number

    @property
    def eighteen(self) -> str:
        """The 18-character form (a legacy number upgraded with 19xx and a check)."""
        return upgrade_legacy(self.number) if self.legacy else self.number


def check_character(first17: str) -> str:
    """The check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise IdNumberError("身份证号码前17位应为数字")
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def upgrade_legacy(number15: str) -> str:
    """A 15-digit number in its 18-character form (the year gets its 19)."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_character(first17)


# The date is already this far ahead somewhere on Earth (UTC+14, Kiribati).
_EARLIEST_ZONE = timezone(timedelta(hours=14))


def latest_date_anywhere() -> date:
    """Today where it is latest on Earth: with no hall clock at hand (the card
    reader's own check), a birth date is refused as in the future only if it
    is in the future everywhere, never because the machine runs on UTC while
    the hall is already in tomorrow."""
    return datetime.now(_EARLIEST_ZONE).date()


def parse_id_number(number: str, today: date | None = None) -> IdNumber:
    """Check `number` on its own; raise IdNumberError with the reason in Chinese.

    `today` is the hall's date (its clock's `today()`), for the birth-date
    check; never the machine's `date.today()`."""
    if not isinstance(number, str):
        raise IdNumberError("身份证号码缺失")
    text = number.strip().upper()
    if not text:
        raise IdNumberError("身份证号码为空")
    if len(text) == 18:
        if not (text[:17].isascii() and text[:17].isdigit()):
            raise IdNumberError("身份证号码格式不正确：前17位应为数字")
        if not (text[17].isdigit() or text[17] == "X"):
            raise IdNumberError("身份证号码格式不正确：最后一位应为数字或 X")
        if check_character(text[:17]) != text[17]:
            raise IdNumberError("身份证号码校验未通过，无法识别此证件")
        born = _birth(text[6:14], today)
        sequence = int(text[14:17])
        legacy = False
    elif len(text) == 15:
        if not (text.isascii() and text.isdigit()):
            raise IdNumberError("15位身份证号码应全部为数字")
        born = _birth("19" + text[6:12], today)
        sequence = int(text[12:15])
        legacy = True
    else:
        raise IdNumberError(f"身份证号码应为18位（或旧式15位），实际是{len(text)}位")
    if not text[:6].isdigit() or text[:2] == "00":
        raise IdNumberError("身份证号码的地区码不正确")
    return IdNumber(
        number=text,
        birth_date=born,
        gender="男" if sequence % 2 else "女",
        region=text[:6],
        legacy=legacy,
    )


def validate_card_number(
    number: str,
    *,
    birth_date: str | date | None = None,
    gender: str | None = None,
    today: date | None = None,
) -> IdNumber:
    """Check `number` and that the card's own birth date and gender agree with it.

    `birth_date` is YYYY-MM-DD, YYYYMMDD or a date; `gender` is 男/女 (anything
    else, e.g. 未知, is not compared).
    """
    parsed = parse_id_number(number, today)
    if birth_date:
        on_card = birth_date if isinstance(birth_date, date) else _card_date(birth_date)
        if on_card != parsed.birth_date:
            raise IdNumberError("证件上的出生日期与身份证号码不一致，无法识别此证件")
    if gender in ("男", "女") and gender != parsed.gender:
        raise IdNumberError("证件上的性别与身份证号码不一致，无法识别此证件")
    return parsed


def _birth(digits: str, today: date | None) -> date:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdNumberError("身份证号码中的出生日期不存在") from None
    if born.year < 1850 or born > (today or latest_date_anywhere()):
        raise IdNumberError("身份证号码中的出生日期不合理")
    return born


def _card_date(text: str) -> date:
    digits = text.strip().replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        raise IdNumberError("证件上的出生日期无法识别")
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdNumberError("证件上的出生日期无法识别") from None
