"""The leader view in a browser: `reception serve` runs it at /leader, the leader logs in there."""

from __future__ import annotations

import asyncio

import pytest

from reception.config import HallConfig
from reception.queue.db import connect
from reception.queue.hall import Hall
from tests.counter.test_counter_served import session
from tests.helpers import run_cli
from tests.leader.conftest import add_leader, route_to_leader
from tests.serve.browser import start_serve, wait_for_http


@pytest.mark.slow
def test_leader_view_served_to_a_browser_logs_in_and_calls(tmp_path):
    db = str(tmp_path / "hall.db")
    hall = Hall(connect(db), HallConfig())
    leader_id = add_leader(hall, "李建国", days=(hall.clock.hall_day(),))
    hall.db.conn.commit()
    assert run_cli("--db", db, "user", "add", "lijianguo", "--name", "李建国", "--role", "leader",
                   "--leader", "李建国", "--password-stdin", input_text="leader pass 1\n").returncode == 0
    ticket = route_to_leader(hall, 1, leader_id, name="王秀英")
    server, port = start_serve(db, tmp_path)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/leader")
        screens = asyncio.run(session(
            f"ws://127.0.0.1:{port}/ws/leader", ["lijianguo\r", "leader pass 1\r", "n"],
        ))
    finally:
        server.terminate()
        server.wait(10)
    assert any("领导接访登录" in line for line in screens[0])
    assert any("今日接访" in line for line in screens[2])
    assert any("王秀英" in line and ticket.number in line for line in screens[2])
    assert any("A001" in line and "已叫号" in line for line in screens[3])
    assert hall.get_ticket(ticket.id).state.value == "called"
    hall.db.conn.close()
