"""On-screen keys: a key tapped twice in quick succession counts twice.

Textual's Button drops a click that arrives while its 0.2 s press effect is
still showing; phone numbers ("13800138000"), query codes ("99V...") and PINs
repeat digits, and elderly visitors tap steadily but fast enough to hit that.
(This was the "9V vs 99V" flake in the progress lookup test.)
"""

from tests.kiosk.conftest import card


async def tap_twice(kiosk, selector: str) -> None:
    for _ in range(2):  # no pause between: well inside the 0.2 s press effect
        assert await kiosk.pilot.click(selector)
    await kiosk.settle()


async def test_a_phone_digit_tapped_twice_quickly_counts_twice(kiosk):
    await kiosk.place(card(1))
    await tap_twice(kiosk, "#key-0")
    assert kiosk.app.draft.phone == "00"
    assert "00" in str(kiosk.app.screen.query_one("#phone").content)


async def test_a_query_code_letter_tapped_twice_quickly_counts_twice(kiosk):
    await kiosk.click("#query")
    await tap_twice(kiosk, "#char-9")
    assert kiosk.app.screen.query_one("#code").value == "99"


async def test_a_pin_digit_tapped_twice_quickly_counts_twice(kiosk):
    await kiosk.pilot.press(kiosk.app.settings.staff_key)
    await kiosk.settle()
    await tap_twice(kiosk, "#key-4")
    assert kiosk.app.screen.typed == "44"
