"""A real browser: headless Chromium drops workbooks on the page, reads the findings, downloads the copy.

Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); selenium talks to the
system's chromedriver, so nothing is downloaded. A screenshot of every state is written to
``EVALTOOL_SCREENSHOTS`` (default: this session's temporary folder) and named in failures.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest

from evaltool.template import write_workbook
from evaltool.template.examples import MISTAKES
from tests.batch.test_batch_run import clean_data
from tests.serve.conftest import Running

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1366,768",
)
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()), reason="needs Debian's chromium and chromium-driver"
    ),
]
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402

# Drops the files of a throw-away file input on the drop zone, as a drag from the desktop does.
DROP_JS = """
const input = document.createElement('input');
input.type = 'file'; input.id = 'test-source'; input.hidden = true; input.multiple = true;
input.addEventListener('change', () => {
  const dt = new DataTransfer();
  for (const f of input.files) dt.items.add(f);
  document.getElementById('zone').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));
  input.remove();
});
document.body.appendChild(input);
"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("EVALTOOL_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(condition: Callable[[], object], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def open_page(browser: WebDriver, site: Running) -> None:
    browser.get(site.url + "/")
    wait_for(lambda: browser.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1", "the page")


def drop(browser: WebDriver, *paths: Path) -> WebElement:
    """Drop ``paths`` on the zone together; return the first one's result card once all are checked."""
    before = len(browser.find_elements(By.CSS_SELECTOR, "#results article"))
    browser.execute_script(DROP_JS)
    browser.find_element(By.ID, "test-source").send_keys("\n".join(str(p) for p in paths))
    count = before + len(paths)
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#results article")) == count, "the result cards")

    def settled() -> bool:
        cards = browser.find_elements(By.CSS_SELECTOR, "#results article")[before:]
        return all(c.get_attribute("aria-busy") is None and c.get_attribute("class") != "file" for c in cards)

    wait_for(settled, "the results")
    return browser.find_elements(By.CSS_SELECTOR, "#results article")[before]


def shot(browser: WebDriver, shots: Path, name: str) -> str:
    path = shots / f"{name}.png"
    browser.save_screenshot(str(path))
    return f"(screenshot: {path})"


def download(card: WebElement, downloads: Path, name: str) -> Path:
    for old in downloads.iterdir():
        old.unlink()
    card.find_element(By.CSS_SELECTOR, "a.download").click()
    target = downloads / name
    wait_for(lambda: target.is_file() and not any(downloads.glob("*.crdownload")), f"the download {name}")
    return target


def findings_on_page(card: WebElement) -> list[tuple[str, str, list[str]]]:
    """(severity, code, cells as sheet!cell) of every finding the card shows."""
    out = []
    for group in card.find_elements(By.CSS_SELECTOR, "section.group"):
        severity = (group.get_attribute("class") or "").split()[1]
        for item in group.find_elements(By.TAG_NAME, "li"):
            where = item.find_element(By.CSS_SELECTOR, ".where").text
            sheet, _, cells = where.partition("!")
            full = [c if "!" in c else f"{sheet}!{c}" for c in cells.split(", ")]
            code = item.find_element(By.CSS_SELECTOR, ".code").text.strip(" []")
            out.append((severity, code, full))
    return out


def test_mistakes_example(browser: WebDriver, site: Running, shots: Path, downloads: Path, tmp_path: Path) -> None:
    open_page(browser, site)
    source = tmp_path / "mistakes-2024.xlsx"
    shutil.copyfile("examples/mistakes-2024.xlsx", source)
    card = drop(browser, source)
    where = shot(browser, shots, "1-mistakes")
    assert card.find_element(By.CSS_SELECTOR, ".badge").text == "有错误", where
    shown = findings_on_page(card)
    api = site.post_files("/api/check", [(source.name, source.read_bytes())]).json()["files"][0]
    assert len(shown) == len(api["findings"]), where
    assert sorted((s, c) for s, c, _ in shown) == sorted((f["severity"], f["code"]) for f in api["findings"]), where
    for mistake in MISTAKES:
        for code in mistake.expected_codes:
            assert any(c == code and f"{mistake.sheet}!{mistake.cell}" in cells for _, c, cells in shown), (
                mistake.id,
                code,
                where,
            )
    # grouped by severity, errors first, each heading with its count
    headings = [h.text for h in card.find_elements(By.CSS_SELECTOR, "section.group h3")]
    assert headings[0].startswith("错误（必须修改）") and headings[1].startswith("警告（需说明）"), where
    assert "错误 12 项" in card.find_element(By.CSS_SELECTOR, ".meta").text, where
    copy = download(card, downloads, "mistakes-2024_校验结果.xlsx")
    assert openpyxl.load_workbook(copy).sheetnames[0] == "校验结果"
    # no submit button for a file with errors, but the reason why
    assert not card.find_elements(By.CSS_SELECTOR, "button.submit"), where
    assert "有错误的文件不能提交" in card.text, where


def test_clean_file_submitted_with_the_keyboard(
    browser: WebDriver, site: Running, shots: Path, downloads: Path, tmp_path: Path
) -> None:
    open_page(browser, site)
    source = tmp_path / "clean.xlsx"
    write_workbook(source, clean_data("K-042", "键盘单位"))
    card = drop(browser, source)
    where = shot(browser, shots, "2-clean")
    assert card.find_element(By.CSS_SELECTOR, ".badge").text == "通过", where
    assert "未发现问题" in card.text, where
    proof = download(card, downloads, "clean_校验结果.xlsx")
    assert openpyxl.load_workbook(proof).sheetnames == ["校验结果"]
    button = card.find_element(By.CSS_SELECTOR, "button.submit")
    browser.execute_script("arguments[0].focus()", button)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(lambda: bool(card.find_elements(By.CSS_SELECTOR, ".receipt")), "the receipt")
    where = shot(browser, shots, "3-submitted")
    receipt = card.find_element(By.CSS_SELECTOR, ".receipt").text
    assert "K-042" in receipt and "键盘单位" in receipt, where
    assert site.options.inbox is not None
    stored = list((site.options.inbox / "K-042").iterdir())
    assert len(stored) == 1 and stored[0].read_bytes() == source.read_bytes()
    import hashlib

    assert hashlib.sha256(source.read_bytes()).hexdigest() in receipt, where


def test_unreadable_file_among_several(browser: WebDriver, site: Running, shots: Path, tmp_path: Path) -> None:
    open_page(browser, site)
    source = tmp_path / "broken.xlsx"
    source.write_bytes(b"PK\x03\x04 not really a zip")
    other = tmp_path / "说明.pdf"
    other.write_bytes(b"%PDF-1.4")
    card = drop(browser, source, other)
    where = shot(browser, shots, "4-unreadable")
    cards = browser.find_elements(By.CSS_SELECTOR, "#results article")
    assert [c.find_element(By.TAG_NAME, "h2").text for c in cards] == ["broken.xlsx", "说明.pdf"], where
    assert "不支持的文件类型" in cards[1].text, where
    assert card.find_element(By.CSS_SELECTOR, ".badge").text == "无法读取", where
    assert card.find_element(By.CSS_SELECTOR, ".notice").text.startswith("broken.xlsx: "), where
    assert not card.find_elements(By.CSS_SELECTOR, "a.download"), where


def test_workbook_text_is_shown_as_text(browser: WebDriver, site: Running, shots: Path, tmp_path: Path) -> None:
    open_page(browser, site)
    name = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>=HYPERLINK("http://e/","x")'
    source = tmp_path / "xss.xlsx"
    write_workbook(source, clean_data("X-1", name))
    card = drop(browser, source)
    where = shot(browser, shots, "5-xss")
    assert name in card.find_element(By.CSS_SELECTOR, ".meta").text, where
    assert browser.execute_script("return window.__xss === undefined"), where
    assert not card.find_elements(By.CSS_SELECTOR, "img, script"), where


def test_keyboard_language_and_screen_fit(browser: WebDriver, site: Running, shots: Path) -> None:
    open_page(browser, site)
    body = browser.find_element(By.TAG_NAME, "body")
    order: list[str] = []
    for _ in range(4):
        body.send_keys(Keys.TAB) if not order else browser.switch_to.active_element.send_keys(Keys.TAB)
        order.append(browser.switch_to.active_element.get_attribute("id") or "")
    assert order[:4] == ["", "lang", "zone", "pick"], order  # skip link, language, drop zone, picker
    browser.find_element(By.ID, "lang").send_keys(Keys.ENTER)
    wait_for(lambda: browser.find_element(By.ID, "title").text.startswith("Budget"), "English")
    where = shot(browser, shots, "6-english")
    assert browser.find_element(By.ID, "pick").text == "Choose files…", where
    browser.find_element(By.ID, "lang").send_keys(Keys.ENTER)
    wait_for(lambda: browser.find_element(By.ID, "title").text.startswith("预算"), "Chinese again")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    zone_bottom = browser.execute_script("return document.getElementById('zone').getBoundingClientRect().bottom")
    inner = browser.execute_script("return window.innerHeight")
    assert width <= 1366 and zone_bottom < inner, (width, zone_bottom, inner, where)
