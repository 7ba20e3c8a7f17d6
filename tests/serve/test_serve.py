"""`reception serve`: the display in a real browser shows the called number."""


import pytest

from tests.helpers import run_cli
from tests.serve.browser import CHROMIUM, Browser, start_serve, wait_for_http
from tests.serve.screen import big_texts, screen_lines


@pytest.fixture
def served(tmp_path):
    db = str(tmp_path / "hall.db")
    server, port = start_serve(db, tmp_path)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/")
        yield db, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)


def test_home_page_lists_roles_and_pages_load_nothing_from_the_internet(served):
    _, url = served
    home = wait_for_http(url + "/")
    assert "大厅显示屏" in home and 'href="/display"' in home
    page = wait_for_http(url + "/display")
    assert "googleapis" not in page and "http" not in page.replace(url, "")
    assert f'data-session-websocket-url="{url.replace("http", "ws")}/ws/display"' in page


def test_each_counter_window_has_its_own_page(served):
    _, url = served
    assert 'href="/counter/1"' in wait_for_http(url + "/")
    page = wait_for_http(url + "/counter/1")
    assert f'data-session-websocket-url="{url.replace("http", "ws")}/ws/counter/1"' in page


def test_unknown_role_is_not_served(served):
    import urllib.error
    import urllib.request

    _, url = served
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url + "/shell")
    assert missing.value.code == 404


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_display_in_chromium_shows_the_called_number(served, tmp_path):
    db, url = served
    for name in ("张三丰", "李四光", "王五"):
        run_cli("--db", db, "issue", "--service", "A", "--outside-hours", "--name", name)
    assert run_cli("--db", db, "call", "--window", "2").stdout.strip() == "A001"
    browser = Browser()
    try:
        output = browser.open_and_read(
            url + "/display?fontsize=20",
            lambda received: "A001" in big_texts(received),
            screenshot=tmp_path / "display.png",
        )
    finally:
        browser.close()
    lines = screen_lines(output)
    texts = big_texts(output)
    assert "A001" in texts and "2" in texts, "\n".join(lines)  # 请到 2 号窗口
    assert any("号窗口" in line for line in lines)
    page = "\n".join(lines)
    assert not any(part in page for part in ("张三丰", "李四光", "王五", "张", "丰")), page  # PIPL
    assert (tmp_path / "display.png").stat().st_size > 10_000


def test_bad_serve_config_is_refused_naming_the_key(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[serve]\nhost = "my-laptop"\n', encoding="utf-8")
    result = run_cli("--db", str(tmp_path / "h.db"), "--config", str(config), "serve")
    assert result.returncode == 2
    assert "serve.host" in result.stderr and "IP" in result.stderr
