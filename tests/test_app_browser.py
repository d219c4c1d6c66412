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
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-dev-shm-usage", "--window-size=1440,900",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    drv.downloads = downloads  # type: ignore[attr-defined]
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


# -- desktop and phone: tabs, studies, the article, exports, layout ----------------------

SIZES = {"desktop": (1400, 1000, False), "phone": (390, 844, True)}
OVERFLOW = "return [document.documentElement.scrollWidth, window.innerWidth]"


def _no_overflow(driver: Any, where: str) -> None:
    width, inner = driver.execute_script(OVERFLOW)
    assert width <= inner, f"{where}: the page is {width}px wide in a {inner}px window"


def _open_tab(driver: Any, name: str) -> None:
    from selenium.webdriver.common.by import By

    driver.execute_script("window.scrollTo(0, 0)")
    driver.find_element(By.CSS_SELECTOR, f"#tab-{name}-button").click()


def _click_until(driver: Any, element: Any, selector: str, wait: Any) -> Any:
    """Click `element` until `selector` shows (a click landing while the page still
    scrolls after an answer can be lost on a busy machine: once in many CI runs), then
    the element `selector` names; `wait` bounds the whole."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    element.click()
    for _ in range(3):
        try:
            return WebDriverWait(driver, 10).until(
                lambda d: d.find_element(By.CSS_SELECTOR, selector))
        except TimeoutException:
            driver.execute_script("arguments[0].click()", element)
    return wait.until(lambda d: d.find_element(By.CSS_SELECTOR, selector))


@pytest.mark.parametrize("size", list(SIZES))
def test_ask_cite_article_studies_and_bibtex(driver: Any, app_url: str, size: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """At 1400 × 1000 and 390 × 844: load without scrolling, ask by clicking an example,
    click a marker, show its passage in the article, find a study by author, export the
    studies behind the answer as BibTeX; the page is never wider than the window."""
    import bibtexparser
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    width, height, mobile = SIZES[size]
    window = driver.get_window_size()
    driver.set_window_size(width + 40, height + 200)  # the emulated screen fits inside it
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    try:
        wait = WebDriverWait(driver, WAIT_S)
        driver.get(app_url)
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#question textarea"))
        time.sleep(1.0)
        # Loaded: at the top, the title in sight, nothing focused.
        assert driver.execute_script("return window.scrollY") == 0
        assert driver.execute_script("return document.activeElement.tagName") != "TEXTAREA"
        title = driver.find_element(By.CSS_SELECTOR, ".qa-header h1")
        assert driver.execute_script("return arguments[0].getBoundingClientRect().top",
                                     title) >= 0
        _screenshot(driver, f"app-{size}-load.png", capsys)

        # An example sends when clicked.
        finished = ("return [...document.querySelectorAll('#chat .qa-answer')]"
                    ".filter((a) => a.querySelector('.qa-meta')).length")
        driver.find_elements(By.CSS_SELECTOR, "#examples button")[0].click()
        wait.until(lambda d: d.execute_script(finished) >= 1)
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#export-bib").is_enabled())
        answer = driver.find_element(By.CSS_SELECTOR, "#chat .qa-answer")
        assert "(ref. 14)" in answer.text  # the review's refs behind a marker
        shown_text = driver.execute_script("return arguments[0].innerText", answer)
        assert "passages retrieved" not in shown_text  # behind a closed "details"
        _no_overflow(driver, "after an answer")
        arrow = driver.find_elements(By.CSS_SELECTOR, "#chat .scroll-down-button-container")
        assert not any(a.is_displayed() for a in arrow), "the chat's arrow can cover a marker"
        _screenshot(driver, f"app-{size}-answer.png", capsys)

        # A marker opens its card, in sight (on a phone: under the chat, the page scrolled
        # to it, no box scrolling apart from the page).
        link = driver.find_elements(By.CSS_SELECTOR, "#chat a.cite")[0]
        target = link.get_attribute("href").split("#", 1)[1]
        card = _click_until(driver, link, f"#{target}.is-target", wait)
        time.sleep(1.0)
        top = driver.execute_script("return arguments[0].getBoundingClientRect().top", card)
        assert 0 <= top < height - 80, f"the card is at {top}px"
        assert "circUHRF1" in card.text and "studies behind the quoted words" in card.text.lower()
        if mobile:
            scrolls = driver.execute_script(
                "const e = document.getElementById('evidence');"
                "return e.scrollHeight > e.clientHeight + 2 && "
                "getComputedStyle(e).overflowY !== 'visible';")
            assert not scrolls, "the evidence scrolls in a box of its own on a phone"
        _no_overflow(driver, "after a marker")
        _screenshot(driver, f"app-{size}-marker.png", capsys)

        # "Show in article": the Article tab, the passage scrolled to and highlighted.
        card.find_element(By.CSS_SELECTOR, "button.ev-show").click()
        shown = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".src-passage.is-target"))
        time.sleep(1.2)
        assert shown.get_attribute("id") == "src-table1_row-01"
        rect = driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                     "return [r.top, r.bottom];", shown)
        assert rect[1] > 0 and rect[0] < height, f"the passage is out of sight: {rect}"
        selected = driver.find_element(By.CSS_SELECTOR, 'button[role="tab"].selected').text
        assert selected.strip() == "Article"
        _no_overflow(driver, "the Article tab")
        _screenshot(driver, f"app-{size}-article.png", capsys)

        # Table 1 sorts by a column and filters.
        driver.execute_script("document.querySelector('.src-sort[data-col=\"6\"]').click()")
        years = driver.execute_script(
            "return [...document.querySelectorAll('#src-table1-grid tbody tr')]"
            ".map((r) => r.cells[6].textContent)")
        assert years == sorted(years) and len(years) == 21
        box = driver.find_element(By.CSS_SELECTOR, ".src-filter")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.send_keys("sorafenib")
        visible = driver.execute_script(
            "return [...document.querySelectorAll('#src-table1-grid tbody tr')]"
            ".filter((r) => r.style.display !== 'none').length")
        assert 0 < visible < 21

        # Studies: find one by author; export the studies behind the answer.
        _open_tab(driver, "studies")
        search = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#studies-search textarea"))
        search.send_keys("Zhang PF")
        # (the ids read in one script: cards re-rendered while the search types would
        # leave stale element handles between a find and a read)
        wait.until(lambda d: d.execute_script(
            "return [...document.querySelectorAll('#studies .st-card')].map((c) => c.id)")
                   == ["study-14", "study-16"])
        first = driver.find_element(By.CSS_SELECTOR, "#study-14")
        assert "Mol Cancer 2020;19:110" in first.text
        assert first.find_element(By.CSS_SELECTOR, "a.st-search").get_attribute(
            "href").startswith("https://pubmed.ncbi.nlm.nih.gov/?term=")
        _no_overflow(driver, "the Studies tab")
        _screenshot(driver, f"app-{size}-studies.png", capsys)

        behind = len(driver.find_elements(By.CSS_SELECTOR, "#behind a.st-jump"))
        for old in driver.downloads.glob("*"):
            old.unlink()
        _open_tab(driver, "ask")
        button = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#export-bib"))
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        bib = WebDriverWait(driver, 30).until(
            lambda d: next(iter(sorted(d.downloads.glob("*.bib"))), None))
        time.sleep(0.5)
        lib = bibtexparser.parse_string(bib.read_text("utf-8"))
        assert not lib.failed_blocks
        assert len(lib.entries) == behind >= 1  # one entry per study behind the answer
        assert "zhang2020ref14" in [e.key for e in lib.entries]
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.set_window_size(window["width"], window["height"])
