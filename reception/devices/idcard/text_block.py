"""The 256-byte text block of an ID card (UCS-2 little-endian, space padded).

Layouts (byte offsets) for the resident ID card (居民身份证), the residence
permit for Hong Kong, Macau and Taiwan residents (`J`), the 2017 foreign
permanent resident ID card (`I`) and, from one public source, its 2023
version (`Y`). The card type is the UCS-2 character at offset 248; a space
there means a resident card. Anything else is refused with `CardDataError`.

The photo (WLT, vendor-licensed decoder) is kept as bytes, never decoded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reception.queue.models import RESIDENT_ID_CARD
from reception.queue.persons import mask_doc_number
from reception.queue.text import normalise

TEXT_SIZE = 256
TYPE_OFFSET = 248
LONG_TERM = "长期"

HMT_PERMIT = "港澳台居民居住证"
FOREIGN_PERMANENT = "外国人永久居留身份证"

# GB 3304-1991
ETHNICITIES = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤",
    "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西", "28": "景颇",
    "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌", "34": "布朗",
    "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌", "40": "普米",
    "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克", "46": "德昂",
    "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春",
    "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺", "97": "其他", "98": "外国血统中国籍人士",
}  # fmt: skip

# GB/T 2261.1
GENDERS = {"1": "男", "2": "女", "0": "未知", "9": "未说明"}


class CardDataError(ValueError):
    """The card's data cannot be understood; `.message` is Chinese."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class IdCard:
    """What a card holds, decoded. Personal fields stay out of repr (logs)."""

    card_type: str  # " " resident, "J", "I", "Y"
    doc_type: str  # 居民身份证 | 港澳台居民居住证 | 外国人永久居留身份证
    name: str
    gender: str  # 男 女 未知 未说明
    birth_date: str  # YYYY-MM-DD
    number: str = field(repr=False)
    valid_from: str = ""  # YYYY-MM-DD
    valid_until: str = ""  # YYYY-MM-DD or 长期
    ethnicity: str = ""  # a name from GB 3304; blank on J cards
    ethnicity_code: str = ""
    address: str = field(default="", repr=False)
    authority: str = ""
    english_name: str = field(default="", repr=False)
    nationality: str = ""  # ISO 3166 alpha-3 (I and Y cards)
    pass_number: str = field(default="", repr=False)  # J: 通行证号码
    issue_count: str = ""
    card_version: str = ""
    photo: bytes = field(default=b"", repr=False)
    raw_text: bytes = field(default=b"", repr=False)

    @property
    def masked_number(self) -> str:
        return mask_doc_number(self.number)

    def expired_on(self, day: date) -> bool:
        if self.valid_until == LONG_TERM:
            return False
        return date.fromisoformat(self.valid_until) < day

    def fields(self, *, full_number: bool = False) -> dict[str, str]:
        """The printable fields (the number masked unless asked for)."""
        values = {
            "doc_type": self.doc_type,
            "name": self.name,
            "gender": self.gender,
            "ethnicity": self.ethnicity,
            "birth_date": self.birth_date,
            "address": self.address,
            "number": self.number if full_number else self.masked_number,
            "authority": self.authority,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "english_name": self.english_name,
            "nationality": self.nationality,
            "pass_number": self.pass_number if full_number else mask_doc_number(self.pass_number),
            "issue_count": self.issue_count,
        }
        return {k: v for k, v in values.items() if v}


def parse_text_block(text: bytes, photo: bytes = b"") -> IdCard:
    """Decode a 256-byte text block; raise CardDataError for anything else."""
    if len(text) != TEXT_SIZE:
        raise CardDataError(f"证件文字信息长度应为 {TEXT_SIZE} 字节，实际是 {len(text)}")
    kind = _text(text, TYPE_OFFSET, 2)
    if kind == "":
        return _resident(text, photo)
    if kind == "J":
        return _hmt_permit(text, photo)
    if kind == "I":
        return _foreign_2017(text, photo)
    if kind == "Y":
        return _foreign_2023(text, photo)
    raise CardDataError(f"无法识别的证件类型（类型标记 {kind!r}），请到人工窗口登记")


def parse_read_reply(data: bytes) -> IdCard:
    """The data of a read reply: text length, photo length, text, photo[, fingerprint]."""
    if len(data) < 4:
        raise CardDataError("读卡应答过短")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    if 4 + text_len + photo_len > len(data):
        raise CardDataError(
            f"读卡应答不完整：文字 {text_len} 字节、照片 {photo_len} 字节，实际只有 {len(data) - 4} 字节"
        )
    text = data[4 : 4 + text_len]
    photo = data[4 + text_len : 4 + text_len + photo_len]
    return parse_text_block(text, photo)


def _resident(text: bytes, photo: bytes) -> IdCard:
    code = _text(text, 32, 4)
    return IdCard(
        card_type=" ",
        doc_type=RESIDENT_ID_CARD,
        name=_required(text, 0, 30, "姓名"),
        gender=_gender(text, 30),
        ethnicity=ethnicity_name(code),
        ethnicity_code=code,
        birth_date=_date(text, 36, "出生日期"),
        address=_text(text, 52, 70),
        number=_required(text, 122, 36, "公民身份号码").upper(),
        authority=_text(text, 158, 30),
        valid_from=_date(text, 188, "有效期起始日期"),
        valid_until=_until(text, 204),
        photo=bytes(photo),
        raw_text=bytes(text),
    )


def _hmt_permit(text: bytes, photo: bytes) -> IdCard:
    card = _resident(text, photo)
    return IdCard(
        **{
            **card.__dict__,
            "card_type": "J",
            "doc_type": HMT_PERMIT,
            "ethnicity": "",
            "ethnicity_code": "",
            "pass_number": _text(text, 220, 18),
            "issue_count": _text(text, 238, 4),
        }
    )


def _foreign_2017(text: bytes, photo: bytes) -> IdCard:
    return IdCard(
        card_type="I",
        doc_type=FOREIGN_PERMANENT,
        english_name=_text(text, 0, 120),
        gender=_gender(text, 120),
        number=_required(text, 122, 30, "证件号码").upper(),
        nationality=_text(text, 152, 6),
        name=_text(text, 158, 30) or _text(text, 0, 120),
        valid_from=_date(text, 188, "有效期起始日期"),
        valid_until=_until(text, 204),
        birth_date=_date(text, 220, "出生日期"),
        card_version=_text(text, 236, 4),
        authority=_text(text, 240, 8),
        photo=bytes(photo),
        raw_text=bytes(text),
    )


def _foreign_2023(text: bytes, photo: bytes) -> IdCard:
    english = _text(text, 52, 70) + _text(text, 220, 22)
    return IdCard(
        card_type="Y",
        doc_type=FOREIGN_PERMANENT,
        name=_text(text, 0, 30) or english,
        gender=_gender(text, 30),
        issue_count=_text(text, 32, 4),
        birth_date=_date(text, 36, "出生日期"),
        english_name=english,
        number=_required(text, 122, 36, "证件号码").upper(),
        valid_from=_date(text, 188, "有效期起始日期"),
        valid_until=_until(text, 204),
        nationality=_text(text, 242, 6),
        photo=bytes(photo),
        raw_text=bytes(text),
    )


def ethnicity_name(code: str) -> str:
    """The GB 3304 name; an unknown code is 其他 with the code kept, never a crash."""
    if not code:
        return ""
    return ETHNICITIES.get(code, f"其他（代码 {code}）")


def _text(block: bytes, offset: int, size: int) -> str:
    raw = block[offset : offset + size].decode("utf-16-le", errors="replace")
    # The one text policy (reception.queue.text): control and bidi characters
    # are never part of a name or address, and the card's padding goes.
    return normalise(raw)


def _required(block: bytes, offset: int, size: int, what: str) -> str:
    value = _text(block, offset, size)
    if not value:
        raise CardDataError(f"证件上的{what}为空，无法识别此证件")
    return value


def _gender(block: bytes, offset: int) -> str:
    return GENDERS.get(_text(block, offset, 2), "未知")


def _date(block: bytes, offset: int, what: str) -> str:
    digits = _text(block, offset, 16)
    try:
        if len(digits) != 8 or not digits.isascii() or not digits.isdigit():
            raise ValueError
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        raise CardDataError(f"证件上的{what}无法识别：{digits!r}") from None


def _until(block: bytes, offset: int) -> str:
    if _text(block, offset, 16) == LONG_TERM:
        return LONG_TERM
    return _date(block, offset, "有效期截止日期")


def build_text_block(card: IdCard) -> bytes:
    """The inverse of `parse_text_block`: for the simulator and tests."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_SIZE // 2))

    def put(offset: int, size: int, value: str) -> None:
        raw = value.encode("utf-16-le")[:size]
        block[offset : offset + len(raw)] = raw

    gender = {v: k for k, v in GENDERS.items()}.get(card.gender, "0")
    birth = card.birth_date.replace("-", "")
    since = card.valid_from.replace("-", "")
    until = card.valid_until.replace("-", "")
    if card.card_type == "I":
        put(0, 120, card.english_name)
        put(120, 2, gender)
        put(122, 30, card.number)
        put(152, 6, card.nationality)
        put(158, 30, card.name)
        put(188, 16, since)
        put(204, 16, until)
        put(220, 16, birth)
        put(236, 4, card.card_version)
        put(240, 8, card.authority)
        put(248, 2, "I")
        return bytes(block)
    if card.card_type == "Y":
        put(0, 30, card.name)
        put(30, 2, gender)
        put(32, 4, card.issue_count)
        put(36, 16, birth)
        put(52, 70, card.english_name[:35])
        put(122, 36, card.number)
        put(188, 16, since)
        put(204, 16, until)
        put(220, 22, card.english_name[35:46])
        put(242, 6, card.nationality)
        put(248, 2, "Y")
        return bytes(block)
    put(0, 30, card.name)
    put(30, 2, gender)
    put(32, 4, card.ethnicity_code)
    put(36, 16, birth)
    put(52, 70, card.address)
    put(122, 36, card.number)
    put(158, 30, card.authority)
    put(188, 16, since)
    put(204, 16, until)
    if card.card_type == "J":
        put(220, 18, card.pass_number)
        put(238, 4, card.issue_count)
        put(248, 2, "J")
    return bytes(block)
