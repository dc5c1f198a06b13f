"""The page in a real browser: Debian's chromium, headless, driven by Playwright, against
`alliancegraph serve` on a free port over the fixture store. Screenshots go to test-artifacts/."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from alliancegraph.api import Vendor, build_fixture_store, create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
WAIT_MS = 10_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(base: str, *, process: subprocess.Popen[bytes] | None = None, log: Path | None = None,
                  seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            said = log.read_text(errors="replace") if log else ""
            raise AssertionError(f"the server exited with {process.returncode}: {said}")
        try:
            if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{base} did not answer within {seconds} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`alliancegraph serve` over the fixture store, on a free port; yields its base URL."""
    db = tmp_path_factory.mktemp("web") / "fixture.db"
    build_fixture_store(str(db)).close()
    yield from serving(db)


def serving(db: Path) -> Iterator[str]:
    """`alliancegraph serve` over the store `db`, on a free port; yields its base URL."""
    port = free_port()
    command = shutil.which("alliancegraph", path=str(Path(sys.executable).parent)) or "alliancegraph"
    env = {key: value for key, value in os.environ.items() if key != "ALLIANCEGRAPH_TOKEN"}
    log = db.with_suffix(".log")
    with log.open("wb") as output:
        process = subprocess.Popen([command, "serve", "--db", str(db), "--port", str(port)], env=env,
                                   stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process=process, log=log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make test does it as root with apt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 860})
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    context.close()


def open_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)


def search(page: Any, text: str, pick: str) -> None:
    page.locator("#search").press_sequentially(text, delay=20)
    option = page.locator(f'#suggestions li[data-name="{pick}"]')
    option.wait_for(state="visible", timeout=WAIT_MS)
    option.click()
    page.wait_for_function("(name) => window.alliancegraph.state.entity === name", arg=pick, timeout=WAIT_MS)
    page.wait_for_function("(name) => document.querySelector('#details h2')?.textContent === name", arg=pick,
                           timeout=WAIT_MS)


def wait_for_node(page: Any, name: str) -> None:
    page.wait_for_function("(id) => window.alliancegraph.cy && window.alliancegraph.cy.getElementById(id).nonempty()",
                           arg=f"n:{name}", timeout=WAIT_MS)


def edge_point(page: Any, key: str) -> tuple[float, float]:
    """Where the edge with this key is drawn, in page coordinates."""
    box = page.locator("#graph").bounding_box()
    point = page.evaluate("(id) => window.alliancegraph.cy.getElementById(id).renderedMidpoint()", f"e:{key}")
    assert 0 < point["x"] < box["width"] and 0 < point["y"] < box["height"], "the edge is drawn outside the view"
    return box["x"] + point["x"], box["y"] + point["y"]


def node_point(page: Any, name: str) -> tuple[float, float]:
    box = page.locator("#graph").bounding_box()
    point = page.evaluate("(id) => window.alliancegraph.cy.getElementById(id).renderedPosition()", f"n:{name}")
    return box["x"] + point["x"], box["y"] + point["y"]


STAKE = "Renault\u0000owns_stake\u0000Nissan"


def test_search_renault_read_the_evidence_and_go_back_in_time(server: str, page: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    open_page(page, server)
    search(page, "Renault", "Renault")
    wait_for_node(page, "Nissan")
    assert page.locator("#legend").is_visible() and "owns a stake in" in page.locator("#legend").inner_text()

    page.mouse.move(*edge_point(page, STAKE), steps=4)
    page.locator("#tooltip").wait_for(state="visible", timeout=WAIT_MS)
    assert "Renault owns a stake in Nissan" in page.locator("#tooltip").inner_text()

    page.mouse.click(*edge_point(page, STAKE))
    percent = page.locator('#edge-facts dd[data-field="percent"]')
    percent.wait_for(timeout=WAIT_MS)
    assert "owns a stake in" in page.locator("#details h2").inner_text()
    assert percent.inner_text() == "15%"
    evidence = page.locator("#details .evidence blockquote").all_inner_texts()
    assert any(text.startswith("Renault has completed the transfer of Nissan shares") for text in evidence)
    assert any(text.startswith("Renault owns 43% of Nissan") for text in evidence)
    assert page.locator("#details .evidence mark").count() > 0
    assert "Reuters" in page.locator("#details .evidence .source").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "web-renault-today.png"))

    page.locator("#asof").focus()
    page.keyboard.press("Home")
    page.wait_for_function("() => document.querySelector('#asof-value').textContent === '2023-01-10'",
                           timeout=WAIT_MS)
    page.wait_for_function("() => document.querySelector('#edge-facts dd[data-field=percent]')?.textContent === '43%'",
                           timeout=WAIT_MS)
    assert page.evaluate("(id) => window.alliancegraph.cy.getElementById(id).data('label')", f"e:{STAKE}") == "43%"
    assert page.locator("#details .evidence li").count() == 1
    page.screenshot(path=str(ARTIFACTS / "web-renault-2023-01-10.png"))

    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('#edge-facts dd[data-field=percent]')?.textContent === '15%'",
                           timeout=WAIT_MS)
    assert page.errors == []


def test_click_a_node_to_recentre_and_see_what_changed(server: str, page: Any) -> None:
    open_page(page, f"{server}/#entity=Renault")
    wait_for_node(page, "Nissan")
    page.mouse.click(*node_point(page, "Nissan"))
    page.wait_for_function("() => window.alliancegraph.state.entity === 'Nissan'", timeout=WAIT_MS)
    wait_for_node(page, "Foxconn")
    assert page.evaluate("() => window.alliancegraph.cy.getElementById('n:Nissan').hasClass('center')")
    page.wait_for_function("() => document.querySelector('#details h2')?.textContent === 'Nissan'", timeout=WAIT_MS)
    assert "Nissan" in page.evaluate("() => location.hash")

    page.locator("#tab-changes").click()
    page.locator("#changes-since").fill("2023-01-20")
    page.locator("#changes-form button").click()
    page.locator('#changes-list[data-since="2023-01-20"] li .when').first.wait_for(timeout=WAIT_MS)
    items = page.locator("#changes-list li").all_inner_texts()
    assert any("Foxconn supplies Nissan" in item for item in items)
    assert all(item.split("\n")[0] >= "2023-01-20" for item in items), [i.split("\n")[0] for i in items]
    page.screenshot(path=str(ARTIFACTS / "web-nissan-changes.png"))
    assert page.errors == []


def test_evidence_with_html_is_shown_as_text(server: str, page: Any) -> None:
    open_page(page, f"{server}/#entity=Nissan")
    wait_for_node(page, "Foxconn")
    page.mouse.click(*edge_point(page, "Foxconn\u0000supplies\u0000Nissan"))
    quote = page.locator("#details .evidence blockquote").first
    quote.wait_for(timeout=WAIT_MS)
    text = quote.inner_text()
    assert "<script>window.__agEvidenceRan = 1</script>" in text and "<b>supplies</b>" in text
    assert '<img src=x onerror="window.__agImgRan = 1">' in text
    assert page.locator('#details dd[data-field="product"]').inner_text() == "<i>battery packs</i>"
    assert page.locator("#details script, #details img, #details b, #details i").count() == 0
    assert page.locator("#details .evidence .outlet").first.inner_text() == "Wire <Desk>"
    ran = page.evaluate("() => [window.__agEvidenceRan, window.__agImgRan, window.__agTitleRan]")
    assert ran == [None, None, None]
    assert page.errors == []


@pytest.fixture()
def server_without_cytoscape(tmp_path: Path) -> Iterator[str]:
    import uvicorn

    with build_fixture_store(str(tmp_path / "bare.db")) as store:
        app = create_app(store, vendor=Vendor(cytoscape=tmp_path / "missing" / "cytoscape.min.js"))
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base)
            yield base
        finally:
            server.should_exit = True
            thread.join(timeout=10)


def test_missing_cytoscape_is_said_on_the_page(server_without_cytoscape: str, page: Any) -> None:
    open_page(page, server_without_cytoscape)
    notice = page.locator("#notice")
    assert notice.is_visible()
    assert "Cytoscape.js is not installed" in notice.inner_text() and "make install" in notice.inner_text()
    search(page, "Renault", "Renault")
    page.wait_for_function("() => document.querySelector('#details h2')?.textContent === 'Renault'", timeout=WAIT_MS)


@pytest.fixture(scope="module")
def rules_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store where an announced CEO takes over and succeeds the one in post."""
    from graph_corpus import Story, entity, fact

    from alliancegraph.store import open_store

    db = tmp_path_factory.mktemp("web-rules") / "rules.db"
    people = [entity("Helen Marsh"), entity("Peter Lang")]
    for person in people:
        person.type = "PERSON"
    with open_store(str(db)) as store:
        Story("marsh.txt", dt.date(2024, 1, 10), "Reuters", [people[0], entity("Orbis Bank")],
              [fact("Helen Marsh", "leads", "Orbis Bank", title="CEO")]).add_to(store)
        Story("lang.txt", dt.date(2024, 3, 25), "Reuters", [people[1], entity("Orbis Bank")],
              [fact("Peter Lang", "leads", "Orbis Bank", "planned", title="chief executive",
                    valid_from=dt.date(2024, 8, 8))]).add_to(store)
    yield from serving(db)


def test_an_edge_shows_both_times_and_the_rules_that_changed_it(rules_server: str, page: Any) -> None:
    open_page(page, f"{rules_server}/#entity=Orbis Bank")
    wait_for_node(page, "Helen Marsh")
    page.mouse.click(*edge_point(page, "Helen Marsh\u0000leads\u0000Orbis Bank"))
    rules = page.locator("#edge-rules li")
    rules.first.wait_for(timeout=WAIT_MS)
    assert rules.all_inner_texts() == ["2024-08-08succession ended succeeded by Peter Lang as chief executive on 2024-08-08"]
    page.mouse.click(*edge_point(page, "Peter Lang\u0000leads\u0000Orbis Bank"))
    page.wait_for_function("() => document.querySelector('#edge-rules li')?.textContent.includes('took effect')",
                           timeout=WAIT_MS)
    history = page.locator("#details .history li .when").all_inner_texts()
    assert history == ["reported 2024-03-25, effective 2024-08-08"]
    assert page.errors == []
