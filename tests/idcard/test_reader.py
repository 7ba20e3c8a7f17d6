"""The serial reader against the simulator through a real pseudo-terminal pair."""

from __future__ import annotations

import errno
import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reception.devices.idcard import frames as f
from reception.devices.idcard.reader import (
    CardAccepted,
    CardGone,
    CardNotAccepted,
    CardReader,
    CardRefused,
    CardRemoved,
    NoCard,
    ReaderError,
    ReaderDisconnected,
    ReaderTimeout,
    StatusChanged,
    open_failure,
)
from reception.devices.idcard.simulator import SimulatedReader, photo_bytes, sample_cards
from tests.idcard.conftest import Running, fast_settings


def test_a_placed_card_is_read_with_every_field_and_its_photo_bytes(sim, reader):
    sim.place(0)
    card = reader.read_card(timeout=2)
    assert (card.name, card.gender, card.ethnicity, card.birth_date) == ("张三", "男", "汉", "1949-12-31")
    assert card.number == "110105194912310038" and card.valid_until == "长期"
    assert card.photo == photo_bytes(card) and len(card.photo) == 1024
    # the conversation on the wire: find until found, select, read
    commands = [r.command for r in sim.requests]
    assert commands[-3:] == [f.FIND, f.SELECT, f.READ]


def test_no_card_within_the_timeout_is_a_clean_no_card(sim, reader):
    started = time.monotonic()
    with pytest.raises(NoCard) as caught:
        reader.read_card(timeout=0.3)
    assert "没有读到证件" in caught.value.message
    assert time.monotonic() - started < 1.5
    assert {r.command for r in sim.requests} == {f.FIND}


def test_a_card_left_on_the_reader_is_read_once(sim, reader):
    sim.place(1)
    assert reader.read_card(timeout=2).name == "李秀英"
    for _ in range(5):
        assert reader.poll() is None  # find answers 80 until it is placed again
    assert sim.reads == 1


def test_a_reader_that_keeps_reporting_the_card_is_debounced_by_number(tmp_path):
    with SimulatedReader(repeat_finds=True) as sim:
        sim.place(2)
        reader = CardReader(fast_settings(sim.path))
        with reader:
            assert reader.read_card(timeout=2).name == "王建国"
            assert [reader.poll() for _ in range(3)] == [None, None, None]
            assert sim.reads == 4  # read again and again, reported once
            sim.place(1)
            assert reader.poll().name == "李秀英"  # another card is new at once


def test_the_same_card_placed_again_after_the_window_is_read_again(sim):
    reader = CardReader(fast_settings(sim.path, dedupe_seconds=0.2))
    with reader:
        sim.place(0)
        assert reader.read_card(timeout=2).name == "张三"
        time.sleep(0.25)
        sim.place(0)
        assert reader.read_card(timeout=2).name == "张三"


def test_noise_before_every_reply_is_skipped(sim, reader):
    sim.faults.add("noise")
    sim.place(0)
    assert reader.read_card(timeout=2).name == "张三"
    assert reader._decoder.dropped > 0


def test_a_reply_with_a_bad_checksum_is_asked_for_again(sim, reader):
    sim.place(0)
    sim.inject("bad_checksum", times=1)
    assert reader.read_card(timeout=2).name == "张三"
    assert reader.checksum_retries == 1


def test_every_other_reply_corrupt_still_reads(sim, reader):
    sim.faults.add("bad_checksum")
    sim.place(1)
    assert reader.read_card(timeout=3).name == "李秀英"
    assert reader.checksum_retries >= 1


def test_every_reply_corrupt_is_a_clear_error_not_a_hang(sim, reader):
    sim.inject("bad_checksum", times=100)
    with pytest.raises(ReaderTimeout, match="校验错误"):
        reader.transact(f.FIND)


def test_a_card_pulled_mid_read_is_reported_and_the_next_placement_reads(sim, reader):
    sim.place(0)
    sim.inject("pull")
    with pytest.raises(CardGone) as caught:
        for _ in range(50):
            reader.poll()
    assert "拿开" in caught.value.message
    assert not sim.card_present
    sim.place(0)
    assert reader.read_card(timeout=2).name == "张三"  # the truncated frame is forgotten


def test_a_silent_reader_is_told_apart_from_no_card(sim, reader):
    sim.faults.add("no_answer")
    with pytest.raises(ReaderTimeout, match="无应答"):
        reader.read_card(timeout=0.3)
    sim.faults.discard("no_answer")
    sim.inject("no_answer", times=2)  # two lost replies, then a card
    sim.place(0)
    assert reader.read_card(timeout=3).name == "张三"


def test_a_reader_that_does_not_answer_times_out(sim, reader):
    sim.faults.add("no_answer")
    started = time.monotonic()
    with pytest.raises(ReaderTimeout, match="无应答"):
        reader.transact(f.FIND)
    assert time.monotonic() - started < 1.0


def test_an_invalid_number_is_refused_with_the_card(sim, reader):
    sim.place(4)
    with pytest.raises(CardNotAccepted) as caught:
        reader.read_card(timeout=2)
    assert "校验未通过" in caught.value.message
    assert caught.value.card.name == "号码错"


def test_a_hong_kong_permit_is_read_and_checked(sim, reader):
    sim.place(5)
    card = reader.read_card(timeout=2)
    assert card.doc_type == "港澳台居民居住证" and card.pass_number == "H12345678"


def test_a_missing_port_is_a_clear_disconnected_error(tmp_path):
    reader = CardReader(fast_settings(str(tmp_path / "nothing")))
    with pytest.raises(ReaderDisconnected, match="无法打开读卡器串口"):
        reader.read_card(timeout=0.1)


def test_the_run_loop_reports_each_card_once_and_pulls(sim, running):
    assert running.next(StatusChanged).ok
    sim.place(0)
    assert running.next(CardAccepted).card.name == "张三"
    sim.place(4)
    assert "校验未通过" in running.next(CardRefused).reason
    sim.inject("pull")
    sim.place(1)
    running.next(CardRemoved)
    sim.place(1)
    assert running.next(CardAccepted).card.name == "李秀英"
    time.sleep(0.2)
    assert not any(isinstance(e, CardAccepted) for e in list(running.events.queue))
    accepted = [e.card.name for e in running.seen if isinstance(e, CardAccepted)]
    assert accepted == ["张三", "李秀英"]  # each placement once, none in between


def test_the_run_loop_recovers_when_the_cable_is_pulled_and_put_back(sim, running):
    assert running.next(StatusChanged).ok
    sim.unplug()
    lost = running.next(StatusChanged)
    assert not lost.ok and "未连接" in lost.message
    sim.plug()
    assert running.next(StatusChanged).ok
    sim.place(2)
    assert running.next(CardAccepted).card.name == "王建国"


def test_the_run_loop_reports_a_silent_reader_and_its_return(sim, running):
    assert running.next(StatusChanged).ok
    sim.faults.add("no_answer")
    silent = running.next(StatusChanged)
    assert not silent.ok and "无应答" in silent.message
    sim.faults.discard("no_answer")
    assert running.next(StatusChanged).ok


def test_sample_cards_cover_the_flow():
    names = [c.name for c in sample_cards()]
    assert "钱过期" in names and "号码错" in names


def test_a_sam_self_test_failure_is_reset_and_the_card_then_read(sim, reader):
    sim.inject("sam_fault")
    sim.place(0)
    assert reader.read_card(timeout=3).name == "张三"
    commands = [r.command for r in sim.requests]
    assert commands.index(f.SAM_RESET) < commands.index(f.SAM_STATUS) < commands.index(f.READ)


class ScriptedPort:
    """A port whose replies are given bytes, read in given chunk sizes; time moves per read."""

    def __init__(self, replies: list[bytes], clock: list[float]):
        self.replies, self.clock, self.pending = list(replies), clock, b""
        self.in_waiting = 0

    def write(self, data: bytes) -> int:
        self.pending += self.replies.pop(0) if self.replies else b""
        return len(data)

    def read(self, size: int) -> bytes:
        self.clock[0] += 0.01
        chunk, self.pending = self.pending[:size + 7], self.pending[size + 7 :]
        return chunk

    def flush(self) -> None: ...
    def reset_input_buffer(self) -> None: ...
    def close(self) -> None: ...


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.binary(max_size=60),
    st.builds(lambda sw3, body: f.build_response(sw3, body), st.sampled_from(list(f.Status) + [0x77]),
              st.binary(max_size=300)),
    st.just(f.build_response(f.Status.SUCCESS, (256).to_bytes(2, "big") + (0).to_bytes(2, "big") + bytes(256))),
), max_size=6))  # fmt: skip
def test_no_reply_bytes_make_the_reader_raise_anything_but_its_own_errors_or_hang(replies):
    clock = [0.0]
    reader = CardReader(fast_settings("scripted"), opener=lambda p, b: ScriptedPort(replies, clock),
                        clock=lambda: clock[0])  # fmt: skip
    for _ in range(3):
        try:
            reader.poll()
        except ReaderError as exc:
            assert exc.message
    assert clock[0] < 100  # every wait ended on the (scripted) clock


def test_the_run_loop_follows_the_udev_name_to_a_new_device_after_a_replug(tmp_path):
    """The hall names the reader by a udev symlink (/dev/reception-idcard). A pulled
    cable removes the link and the tty behind it; on re-plug the link comes back,
    pointing at another ttyUSBn: here a second simulator on a new pty."""
    name = tmp_path / "reception-idcard"
    first = SimulatedReader(link=name)
    first.start()
    old_target = os.readlink(name)
    reader = CardReader(fast_settings(str(name)), reopen_seconds=0.2)
    running = Running(reader)
    second = None
    try:
        assert running.next(StatusChanged).ok
        first.place(0)
        assert running.next(CardAccepted).card.name == "张三"
        first.stop()  # the pty closed and the name gone, as udev does on unplug
        assert not name.exists() and not name.is_symlink()
        lost = running.next(StatusChanged)
        assert not lost.ok and lost.message == "读卡器未连接，请联系工作人员（正在自动重试）"
        time.sleep(0.5)  # several reopen attempts against a missing name
        assert not any(isinstance(e, StatusChanged) and e.ok for e in list(running.events.queue))
        # Occupy the old pty number so the new device cannot reuse it (a different ttyUSBn).
        blocker = os.openpty()
        second = SimulatedReader(link=name)
        second.start()
        assert os.readlink(name) != old_target
        back = running.next(StatusChanged)
        assert back.ok and back.message == "读卡器就绪"
        second.place(1)
        assert running.next(CardAccepted).card.name == "李秀英"
        assert [r.command for r in second.requests][-3:] == [f.FIND, f.SELECT, f.READ]
        for fd in blocker:
            os.close(fd)
    finally:
        running.close()
        if second is not None:
            second.stop()
        first.stop()


def test_a_sam_that_fails_again_after_its_reset_is_a_reader_fault_saying_what_to_do(sim, reader):
    sim.faults.add("sam_fault")
    started = time.monotonic()
    with pytest.raises(ReaderError) as caught:
        reader.read_card(timeout=5)
    assert type(caught.value) is ReaderError  # not "no card", not a timeout
    assert "安全模块自检失败" in caught.value.message and "电源" in caught.value.message
    assert time.monotonic() - started < 2  # told at once, not after the whole wait
    assert [r.command for r in sim.requests][:4] == [f.FIND, f.SAM_RESET, f.SAM_STATUS, f.FIND]


def test_the_run_loop_reports_a_dead_sam_and_its_recovery(sim, running):
    assert running.next(StatusChanged).ok
    sim.faults.add("sam_fault")
    broken = running.next(StatusChanged)
    assert not broken.ok and "故障" in broken.message
    sim.faults.discard("sam_fault")
    assert running.next(StatusChanged).ok
    sim.place(0)
    assert running.next(CardAccepted).card.name == "张三"


def test_a_card_pulled_at_every_read_is_reported_as_pulled_not_as_no_card(sim, reader):
    sim.faults.add("pull")
    sim.place(0)
    with pytest.raises(CardGone) as caught:
        reader.read_card(timeout=0.5)
    assert "拿开" in caught.value.message and "重新放置" in caught.value.message


def test_a_silent_reader_says_what_to_check(sim, reader):
    sim.faults.add("no_answer")
    with pytest.raises(ReaderTimeout) as caught:
        reader.read_card(timeout=0.3)
    assert "电源和连接线" in caught.value.message and sim.path in caught.value.message


def test_a_missing_device_says_to_check_the_cable_and_the_path(tmp_path):
    reader = CardReader(fast_settings(str(tmp_path / "reception-idcard")))
    with pytest.raises(ReaderDisconnected) as caught:
        reader.read_card(timeout=0.1)
    assert f"无法打开读卡器串口 {tmp_path / 'reception-idcard'}：设备不存在" in caught.value.message
    assert "USB 线" in caught.value.message and "Errno" not in caught.value.message


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.EACCES, "没有访问权限"), (errno.EBUSY, "占用"), (errno.EIO, "请检查读卡器连接")],
)
def test_a_port_that_will_not_open_says_why_in_chinese(code, words):
    import serial  # pyserial raises this, errno set, when open(2) fails

    assert words in open_failure(serial.SerialException(code, f"could not open port: [Errno {code}]"))


def _scripted_read(text_block: bytes, sw3: int = f.Status.SUCCESS) -> CardReader:
    """A reader whose port answers find, select, then a read reply carrying `text_block`."""
    data = (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + text_block + bytes(1024)
    replies = [f.build_response(f.Status.CARD_FOUND, bytes(4)), f.build_response(f.Status.SUCCESS, bytes(8)),
               f.build_response(sw3, data if sw3 == f.Status.SUCCESS else b"")]  # fmt: skip
    clock = [0.0]
    port = ScriptedPort(replies, clock)
    port.in_waiting = 2048  # the whole reply arrives at once
    return CardReader(fast_settings("scripted"), opener=lambda p, b: port, clock=lambda: clock[0])


@pytest.mark.parametrize("sw3", [0x40, 0x31, 0x32, 0x33])
def test_a_card_the_sam_will_not_read_is_refused_with_the_way_to_the_counter(sw3):
    with pytest.raises(CardNotAccepted) as caught:
        _scripted_read(b"", sw3).poll()
    assert f.status_text(sw3) in caught.value.message and "人工窗口" in caught.value.message


def test_an_unknown_card_type_in_the_block_is_refused_not_crashed():
    from reception.devices.idcard.text_block import build_text_block

    block = bytearray(build_text_block(sample_cards()[0]))
    block[248:250] = "Z".encode("utf-16-le")
    with pytest.raises(CardNotAccepted) as caught:
        _scripted_read(bytes(block)).poll()
    assert "无法识别的证件类型" in caught.value.message and "人工窗口" in caught.value.message


@pytest.mark.parametrize(
    ("first17", "gender", "refused"),
    [("11010519800101001", "男", True),  # a valid resident number is not a permit number
     ("81000019800101001", "男", False), ("82000019800101002", "女", False), ("83000019800101003", "男", False)],
)  # fmt: skip
def test_a_j_permit_number_must_be_a_hong_kong_macau_or_taiwan_one(first17, gender, refused):
    from reception.devices.idcard.reader import check_card
    from reception.devices.idcard.simulator import card_from_fields
    from reception.queue.idnumber import check_character

    card = card_from_fields(dict(type="J", name="陈大文", gender=gender, birth_date="1980-01-01",
                                 number=first17 + check_character(first17)))  # fmt: skip
    if refused:
        with pytest.raises(CardNotAccepted, match="810000"):
            check_card(card)
    else:
        assert check_card(card) is card


def test_a_cable_pulled_while_the_port_is_open_is_a_clear_disconnect(sim, reader):
    sim.place(0)
    assert reader.read_card(timeout=2).name == "张三"
    sim.unplug()
    with pytest.raises(ReaderDisconnected) as caught:
        reader.read_card(timeout=1)
    assert caught.value.message.startswith("读卡器连接中断（USB 线被拔出或读卡器断电）。请插好读卡器后重试")


def test_cards_from_a_toml_file_are_served_and_read_for_every_card_type(tmp_path):
    from reception.devices.idcard.simulator import load_cards

    cards_file = tmp_path / "cards.toml"
    cards_file.write_text("""
[[cards]]
name = "赵丽"
gender = "女"
ethnicity = "壮"
birth_date = "1990-02-03"
number = "450103199002031521"
address = "广西壮族自治区南宁市青秀区民族大道1号"

[[cards]]
type = "J"
name = "林美玲"
gender = "女"
birth_date = "1985-06-07"
number = "830000198506070024"
pass_number = "T1234567"
issue_count = "02"
valid_until = "2030-06-07"

[[cards]]
type = "I"
name = "史密斯"
english_name = "SMITH, JOHN"
gender = "男"
birth_date = "1979-07-07"
number = "USA110079070101"
nationality = "USA"
card_version = "01"
authority = "1100"
valid_until = "2027-06-01"
""", encoding="utf-8")
    cards = load_cards(cards_file)
    with SimulatedReader(cards) as sim, CardReader(fast_settings(sim.path, dedupe_seconds=0)) as reader:
        read = []
        for index in range(3):
            sim.place(index)
            read.append(reader.read_card(timeout=2))
    resident, permit, foreign = read
    assert (resident.name, resident.ethnicity, resident.gender) == ("赵丽", "壮", "女")
    assert (permit.doc_type, permit.pass_number, permit.issue_count) == ("港澳台居民居住证", "T1234567", "02")
    assert permit.ethnicity == ""
    assert (foreign.doc_type, foreign.english_name, foreign.nationality) == ("外国人永久居留身份证", "SMITH, JOHN", "USA")
    assert foreign.number == "USA110079070101" and foreign.birth_date == "1979-07-07"


def test_one_lost_reply_does_not_flash_a_fault_on_the_kiosk(sim, running):
    assert running.next(StatusChanged).ok
    sim.inject("no_answer")  # one find goes unanswered (line noise), then all is well
    sim.place(0)
    assert running.next(CardAccepted).card.name == "张三"
    events = running.seen + list(running.events.queue)
    assert not any(isinstance(e, StatusChanged) and not e.ok for e in events), events
    assert [r.command for r in sim.requests].count(f.FIND) >= 2  # the lost one was asked again


@pytest.mark.parametrize(("first17", "refused"), [("93158619700101001", False), ("13158619700101001", True)])
def test_a_2023_foreign_card_number_starts_with_9(first17, refused):
    from dataclasses import replace

    from reception.devices.idcard.reader import check_card
    from reception.devices.idcard.simulator import card_from_fields
    from reception.queue.idnumber import check_character

    resident = card_from_fields(dict(name="华盛顿", birth_date="1970-01-01", number=first17 + check_character(first17)))
    card = replace(resident, card_type="Y", doc_type="外国人永久居留身份证")
    if refused:
        with pytest.raises(CardNotAccepted, match="应以 9 开头"):
            check_card(card)
    else:
        assert check_card(card) is card


def test_a_second_program_on_the_same_reader_is_refused_not_interleaved(sim, reader):
    sim.place(0)
    assert reader.read_card(timeout=2).name == "张三"  # the kiosk has the port open
    other = CardReader(fast_settings(sim.path))
    with pytest.raises(ReaderDisconnected) as caught:
        other.read_card(timeout=0.5)
    assert "串口正被其他程序占用" in caught.value.message
    reader.close()  # the kiosk stops: now the technician's read works
    sim.place(1)
    with other:
        assert other.read_card(timeout=2).name == "李秀英"
