"""GB 11643 ID numbers: the check character, birth date and gender against the card."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reception.queue.errors import InvalidInput
from reception.queue.idnumber import (
    IdNumberError,
    check_character,
    parse_id_number,
    upgrade_legacy,
    validate_card_number,
)
from reception.queue.persons import mask_doc_number


def test_the_spec_example_is_valid_with_an_x_check():
    parsed = parse_id_number("11010519491231002X")
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.gender == "女"  # sequence 002 is even
    assert parsed.region == "110105"
    assert not parsed.legacy


def test_a_lower_case_x_is_accepted_and_normalised():
    assert parse_id_number("11010519491231002x").number == "11010519491231002X"


@pytest.mark.parametrize("wrong", "0123456789")
def test_every_wrong_check_character_is_refused_in_chinese(wrong):
    with pytest.raises(IdNumberError) as caught:
        parse_id_number("11010519491231002" + wrong)
    assert isinstance(caught.value, InvalidInput)
    assert "校验未通过" in caught.value.message


@pytest.mark.parametrize(
    ("number", "words"),
    [
        ("", "为空"),
        ("1101051949123100", "18位"),
        ("1101051949123100211", "18位"),
        ("11010519491231A02X", "前17位"),
        ("11010519491231002Y", "最后一位"),
        ("１１０１０５１９４９１２３１００２X", "前17位"),  # full-width digits
        ("110105194902300021", "出生日期不存在"),  # 30 February
    ],
)
def test_malformed_numbers_are_refused_with_the_reason(number, words):
    if words == "出生日期不存在":
        number = number[:17] + check_character(number[:17])  # only the date is wrong
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(number)
    assert words in caught.value.message


def test_a_15_digit_legacy_number_reads_its_19xx_birth_date_and_gender():
    parsed = parse_id_number("110105491231002")
    assert parsed.legacy
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.gender == "女"
    assert parsed.eighteen == "11010519491231002X"
    assert upgrade_legacy("110105491231002") == "11010519491231002X"


def test_a_15_digit_number_with_a_letter_or_impossible_date_is_refused():
    with pytest.raises(IdNumberError):
        parse_id_number("11010549123100X")
    with pytest.raises(IdNumberError, match="出生日期"):
        parse_id_number("110105491332002")


def test_the_card_birth_date_must_agree_with_the_number():
    assert validate_card_number("11010519491231002X", birth_date="1949-12-31", gender="女")
    with pytest.raises(IdNumberError) as caught:
        validate_card_number("11010519491231002X", birth_date="1950-12-31", gender="女")
    assert "出生日期" in caught.value.message and "不一致" in caught.value.message


def test_the_card_gender_must_agree_with_the_number():
    with pytest.raises(IdNumberError) as caught:
        validate_card_number("11010519491231002X", birth_date="19491231", gender="男")
    assert "性别" in caught.value.message
    # 未知 / 未说明 on the card is not a contradiction
    assert validate_card_number("11010519491231002X", gender="未说明").gender == "女"


def test_an_unreadable_birth_date_on_the_card_is_refused():
    with pytest.raises(IdNumberError, match="无法识别"):
        validate_card_number("11010519491231002X", birth_date="1949/1/x")


def test_masking_reuses_the_one_rule():
    assert mask_doc_number("11010519491231002X") == "1101**********002X"


@given(st.text(max_size=25))
def test_any_text_is_either_a_valid_number_or_an_id_number_error(text):
    try:
        parsed = parse_id_number(text)
    except IdNumberError as exc:
        assert exc.message
    else:
        assert len(parsed.number) in (15, 18)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(0, 999),
)
def test_every_generated_number_with_its_check_passes_and_one_digit_changed_fails(born, seq):
    first17 = f"110105{born:%Y%m%d}{seq:03d}"
    number = first17 + check_character(first17)
    parsed = validate_card_number(number, birth_date=born, gender="男" if seq % 2 else "女")
    assert parsed.birth_date == born
    for i in range(17):
        changed = first17[:i] + str((int(first17[i]) + 1) % 10) + first17[i + 1 :]
        if changed[6:14] == first17[6:14] or i < 6 or i >= 14:
            # GB 11643 detects every single-digit error
            with pytest.raises(IdNumberError):
                parse_id_number(changed + number[17])


def number_born(born: date, seq: int = 1) -> str:
    first17 = f"110105{born:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def test_a_birth_date_is_checked_against_the_halls_today():
    # 00:13 on 7 December in Shanghai is still the 6th on a UTC machine: a
    # baby born on the 7th is refused only by a day that has not yet come.
    hall_today = date(2026, 12, 7)
    assert parse_id_number(number_born(hall_today), today=hall_today).birth_date == hall_today
    with pytest.raises(IdNumberError, match="出生日期不合理"):
        parse_id_number(number_born(date(2026, 12, 8)), today=hall_today)
    with pytest.raises(IdNumberError, match="出生日期不合理"):
        validate_card_number(number_born(date(2026, 12, 8)), today=hall_today)


def test_without_a_hall_clock_only_a_date_in_the_future_everywhere_is_refused():
    from reception.queue.idnumber import latest_date_anywhere

    latest = latest_date_anywhere()
    assert parse_id_number(number_born(latest)).birth_date == latest
    with pytest.raises(IdNumberError, match="出生日期不合理"):
        parse_id_number(number_born(latest + timedelta(days=1)))
