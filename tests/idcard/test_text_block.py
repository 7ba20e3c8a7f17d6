"""The 256-byte text block as the cards lay it out, for all three card types."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reception.devices.idcard.text_block import (
    ETHNICITIES,
    CardDataError,
    build_text_block,
    parse_read_reply,
    parse_text_block,
)


def block(*fields: tuple[int, int, str]) -> bytes:
    """A block written field by field at the offsets IDCARD.md gives, space padded."""
    raw = bytearray(b" \x00" * 128)
    for offset, size, value in fields:
        data = value.encode("utf-16-le")
        assert len(data) <= size
        raw[offset : offset + len(data)] = data
    assert len(raw) == 256
    return bytes(raw)


RESIDENT = [
    (0, 30, "张三"), (30, 2, "1"), (32, 4, "01"), (36, 16, "19491231"),
    (52, 70, "北京市朝阳区建国路1号"), (122, 36, "11010519491231002X"),
    (158, 30, "北京市公安局朝阳分局"), (188, 16, "20150101"), (204, 16, "长期"),
]  # fmt: skip


def test_a_resident_card_block_is_read_field_by_field():
    card = parse_text_block(block(*RESIDENT), photo=b"WLT\x00" * 256)
    assert card.doc_type == "居民身份证" and card.card_type == " "
    assert (card.name, card.gender, card.ethnicity, card.birth_date) == ("张三", "男", "汉", "1949-12-31")
    assert card.address == "北京市朝阳区建国路1号"
    assert card.number == "11010519491231002X"
    assert card.authority == "北京市公安局朝阳分局"
    assert (card.valid_from, card.valid_until) == ("2015-01-01", "长期")
    assert card.photo == b"WLT\x00" * 256  # kept as bytes, never decoded
    assert not card.expired_on(date(2099, 1, 1))
    assert "11010519491231002X" not in repr(card)  # logs never get the number


def test_a_dated_validity_expires():
    fields = RESIDENT[:-1] + [(204, 16, "20200505")]
    card = parse_text_block(block(*fields))
    assert card.valid_until == "2020-05-05"
    assert card.expired_on(date(2020, 5, 6)) and not card.expired_on(date(2020, 5, 5))


def test_a_hong_kong_macau_taiwan_permit_has_its_pass_number_and_no_ethnicity():
    fields = [
        (0, 30, "陈大文"), (30, 2, "1"), (36, 16, "19800101"), (52, 70, "广东省深圳市福田区"),
        (122, 36, "810000198001010017"), (158, 30, "深圳市公安局"), (188, 16, "20200101"),
        (204, 16, "20250101"), (220, 18, "H12345678"), (238, 4, "01"), (248, 2, "J"),
    ]  # fmt: skip
    card = parse_text_block(block(*fields))
    assert card.card_type == "J" and card.doc_type == "港澳台居民居住证"
    assert card.ethnicity == ""
    assert (card.pass_number, card.issue_count) == ("H12345678", "01")
    assert card.number.startswith("810000")
    assert card.valid_until == "2025-01-01"


def test_a_2017_foreign_permanent_resident_card():
    fields = [
        (0, 120, "SMITH, JOHN"), (120, 2, "1"), (122, 30, "USA110079070101"),
        (152, 6, "USA"), (158, 30, "史密斯"), (188, 16, "20170601"), (204, 16, "20270601"),
        (220, 16, "19790707"), (236, 4, "01"), (240, 8, "1100"), (248, 2, "I"),
    ]  # fmt: skip
    card = parse_text_block(block(*fields))
    assert card.card_type == "I" and card.doc_type == "外国人永久居留身份证"
    assert (card.english_name, card.name, card.nationality) == ("SMITH, JOHN", "史密斯", "USA")
    assert card.number == "USA110079070101"
    assert card.birth_date == "1979-07-07"
    assert (card.card_version, card.authority) == ("01", "1100")


@pytest.mark.parametrize("kind", ["X", "A", "?"])
def test_an_unknown_card_type_is_refused_clearly(kind):
    with pytest.raises(CardDataError) as caught:
        parse_text_block(block(*RESIDENT, (248, 2, kind)))
    assert "无法识别的证件类型" in caught.value.message and kind in caught.value.message


def test_every_gb3304_code_has_its_name_and_an_unknown_code_is_other():
    assert len(ETHNICITIES) == 58
    assert ETHNICITIES["56"] == "基诺" and ETHNICITIES["29"] == "柯尔克孜"
    for code, name in ETHNICITIES.items():
        fields = [f if f[0] != 32 else (32, 4, code) for f in RESIDENT]
        assert parse_text_block(block(*fields)).ethnicity == name
    fields = [f if f[0] != 32 else (32, 4, "77") for f in RESIDENT]
    card = parse_text_block(block(*fields))
    assert card.ethnicity == "其他（代码 77）" and card.ethnicity_code == "77"


@pytest.mark.parametrize(("code", "name"), [("1", "男"), ("2", "女"), ("0", "未知"), ("9", "未说明"), ("5", "未知")])
def test_gender_codes(code, name):
    fields = [f if f[0] != 30 else (30, 2, code) for f in RESIDENT]
    assert parse_text_block(block(*fields)).gender == name


@pytest.mark.parametrize(
    ("field", "words"),
    [((36, 16, "19491331"), "出生日期"), ((36, 16, ""), "出生日期"), ((0, 30, ""), "姓名"),
     ((122, 36, ""), "号码"), ((204, 16, "长久"), "截止日期")],
)  # fmt: skip
def test_unreadable_fields_are_refused_with_the_field_named(field, words):
    fields = [f for f in RESIDENT if f[0] != field[0]] + [field]
    with pytest.raises(CardDataError, match=words):
        parse_text_block(block(*fields))


def test_control_characters_are_dropped_and_markup_is_kept_as_text():
    fields = [(0, 30, "[bold]王\x1b[2J五[/]")] + RESIDENT[1:]
    assert parse_text_block(block(*fields)).name == "[bold]王[2J五[/]"


def test_a_read_reply_splits_text_and_photo_and_refuses_a_short_one():
    text = block(*RESIDENT)
    photo = bytes(range(256)) * 4
    data = (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + text + photo
    card = parse_read_reply(data)
    assert card.photo == photo and card.name == "张三"
    with pytest.raises(CardDataError, match="不完整"):
        parse_read_reply(data[:-1])
    with pytest.raises(CardDataError):
        parse_read_reply(b"\x01")
    with pytest.raises(CardDataError, match="256"):
        parse_read_reply((10).to_bytes(2, "big") + b"\x00\x00" + bytes(10))


def test_the_builder_writes_what_the_parser_reads_for_each_type():
    permit = [f for f in RESIDENT if f[0] != 32] + [(220, 18, "H1"), (248, 2, "J")]
    for fields in (RESIDENT, permit):
        card = parse_text_block(block(*fields))
        assert build_text_block(card) == block(*fields)


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=256, max_size=256))
def test_any_block_is_a_card_or_a_card_data_error(raw):
    try:
        card = parse_text_block(raw)
    except CardDataError as exc:
        assert exc.message
    else:
        assert card.name and card.number


def test_a_2023_foreign_permanent_resident_card_is_parsed_and_its_raw_block_kept():
    english = "WASHINGTON, GEORGE ALEXANDER HAMILTON"  # 37 characters: split 35 + 2
    fields = [
        (0, 30, "华盛顿"), (30, 2, "1"), (32, 4, "00"), (36, 16, "19700101"),
        (52, 70, english[:35]), (122, 36, "931586197001010015"), (188, 16, "20230101"),
        (204, 16, "20330101"), (220, 22, english[35:]), (242, 6, "USA"), (248, 2, "Y"),
    ]  # fmt: skip
    raw = block(*fields)
    card = parse_text_block(raw)
    assert card.card_type == "Y" and card.doc_type == "外国人永久居留身份证"
    assert (card.name, card.english_name, card.nationality) == ("华盛顿", english, "USA")
    assert card.number == "931586197001010015" and card.birth_date == "1970-01-01"
    assert card.raw_text == raw
