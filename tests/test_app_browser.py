"""The chat page in a real headless Chromium: ask, click a citation, see the highlighted
evidence; a `<script>` question is shown as text and never runs. Saves screenshots."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_server import ROOT, running_app, shared_index_dir

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "screenshots"  # ignored by git
WAIT_S = 90

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.timeout(900),
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver "
        "(apt-get install -y chromium chromium-driver; .ci/run installs them)",
    ),
]

QUESTION = "Which exosomal circRNAs drive anti-PD1 resistance in HCC?"
HOSTILE = '<script>alert(1)</script><img src=x onerror="window.__xss=1"> circRNA resistance'


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("app-browser")
    with running_app(shared_index_dir(tmp_path_factory), work) as url:
        yield url


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download
    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-dev-shm-usage", "--window-size=1440,900",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    drv.set_page_load_timeout(60)
    drv.set_script_timeout(30)
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _ask(driver: Any, url: str | None, question: str) -> None:
    """Type the question (in a fresh page if `url`), press Enter, wait for the answer."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    if url:
        driver.get(url)
    wait = WebDriverWait(driver, WAIT_S)
    box = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#question textarea"))
    # The footer (.qa-meta) is added to an answer only when it has finished streaming.
    finished = ("return [...document.querySelectorAll('#chat .qa-answer')]"
                ".filter((a) => a.querySelector('.qa-meta')).length")
    before = driver.execute_script(finished)
    box.send_keys(question)
    box.send_keys(Keys.ENTER)
    wait.until(lambda d: d.execute_script(finished) > before)


def _screenshot(driver: Any, name: str, capsys: pytest.CaptureFixture[str]) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / name
    assert driver.save_screenshot(str(path)), "screenshot failed"
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
    return path


def test_citation_click_shows_highlighted_evidence(driver: Any, app_url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _ask(driver, app_url, QUESTION)
    header = driver.find_element(By.CSS_SELECTOR, ".qa-header").text
    assert "The role of exosomes in therapeutic resistance of hepatocellular carcinoma" in header
    assert "Hepatoma Res 2023;9:46" in header and "10.20517/2394-5079.2023.85" in header

    links = driver.find_elements(By.CSS_SELECTOR, "#chat a.cite")
    assert links, "the answer has no clickable citation markers"
    link = links[-1]  # the last card is the furthest down the evidence panel
    target = link.get_attribute("href").split("#", 1)[1]
    windows = len(driver.window_handles)
    link.click()
    card = WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, f"#{target}.is-target"))
    time.sleep(1.0)  # let the smooth scroll settle before measuring
    assert len(driver.window_handles) == windows, "the marker opened a new window"

    mark = card.find_element(By.TAG_NAME, "mark")
    assert mark.is_displayed() and mark.text.strip()
    in_view = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "const p = document.getElementById('evidence').getBoundingClientRect();"
        "return r.bottom > Math.max(0, p.top) && r.top < Math.min(innerHeight, p.bottom);",
        mark)
    assert in_view, "the highlighted quote is not scrolled into view"

    # A Table 1 row is shown as a table with its column headers, cited studies beneath.
    tables = driver.find_elements(By.CSS_SELECTOR, "#evidence .ev-cited table.ev-row")
    assert tables, "no table row among the cited evidence"
    headers = [th.text for th in tables[0].find_elements(By.TAG_NAME, "th")]
    assert "Exosomal contents" in headers and "Functions" in headers
    refs = driver.find_elements(By.CSS_SELECTOR, "#evidence .ev-cited .ev-refs li")
    assert any("Mol Cancer" in r.text or "202" in r.text for r in refs)
    uncited = driver.find_elements(By.CSS_SELECTOR, "#evidence details.ev-uncited")
    assert uncited and uncited[0].get_attribute("open") is None  # collapsed

    for button in ("#export-md", "#export-json"):
        assert driver.find_element(By.CSS_SELECTOR, button).is_enabled()

    path = _screenshot(driver, "app-chat.png", capsys)
    assert path.stat().st_size > 10_000

    # A follow-up is read with the conversation; its evidence comes first, the earlier
    # question's evidence is collapsed below it.
    _ask(driver, None, "What is its mechanism?")
    answers = driver.find_elements(By.CSS_SELECTOR, "#chat .qa-answer")
    assert len(answers) == 2 and "Read as:" in answers[-1].text
    turns = driver.find_elements(By.CSS_SELECTOR, "#evidence details.ev-turn")
    assert [t.get_attribute("id") for t in turns] == ["turn-2", "turn-1"]
    assert turns[0].get_attribute("open") is not None and turns[1].get_attribute("open") is None
    _screenshot(driver, "app-follow-up.png", capsys)


def test_script_in_a_question_is_shown_as_text(driver: Any, app_url: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    _ask(driver, app_url, HOSTILE)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 - raises when no alert() ran
    assert driver.execute_script("return window.__xss") is None, "onerror handler ran"
    injected = driver.execute_script(
        "return document.querySelectorAll("
        "'#chat script, #evidence script, #chat img[onerror], #evidence img').length")
    assert injected == 0
    user = driver.find_element(By.CSS_SELECTOR, "#chat .qa-question")
    assert "<script>alert(1)</script>" in user.text
    evidence = driver.find_element(By.CSS_SELECTOR, "#evidence .ev-turn > summary")
    assert "<script>alert(1)</script>" in evidence.text
    _screenshot(driver, "app-xss.png", capsys)


def test_empty_question_gets_a_friendly_message(driver: Any, app_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from qa.prompts import EMPTY_QUESTION

    driver.get(app_url)
    WebDriverWait(driver, WAIT_S).until(lambda d: d.find_element(By.CSS_SELECTOR, "#ask"))
    driver.find_element(By.CSS_SELECTOR, "#ask").click()
    WebDriverWait(driver, 20).until(lambda d: EMPTY_QUESTION in d.page_source)
    assert "Traceback" not in driver.page_source
    assert not driver.find_elements(By.CSS_SELECTOR, "#chat .qa-answer")
