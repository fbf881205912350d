"""The HTML report in a real headless Chromium: offline, filters, anchors, safety, axe.

The tests drive Debian's ``chromium`` package through Playwright, never a browser that
Playwright downloads. They skip only when /usr/bin/chromium is missing; .ci/run installs it.
Screenshots and a PDF go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from html_support import HOSTILE_FORM, render_html
from support import FIXTURES, REPO, default_config
from eformlint.api import lint_paths

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Chromium not found at /usr/bin/chromium; install Debian's package with "
           "`apt-get install chromium` (.ci/run does) to run the browser tests",
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> Path:
    """A folder with rule fixtures of several areas and a form with hostile labels."""
    folder = tmp_path_factory.mktemp("forms")
    for code in ("UI-001", "UI-002", "ERR-003", "VAL-001", "AUTO-001", "DEF-003"):
        for path in (FIXTURES / code).glob("bad.*"):
            (folder / f"{code}-{path.name}").write_bytes(path.read_bytes())
    (folder / "hostile.formio.json").write_text(HOSTILE_FORM, encoding="utf-8")
    return folder


def write_report(forms: Path, lang: str, target: Path) -> Path:
    report = lint_paths([str(forms)], default_config(forms))
    target.write_text(render_html(report, lang), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def report_vi(forms: Path, tmp_path_factory) -> Path:
    return write_report(forms, "vi", tmp_path_factory.mktemp("html") / "report.html")


@pytest.fixture(scope="module")
def report_en(forms: Path, tmp_path_factory) -> Path:
    return write_report(forms, "en", tmp_path_factory.mktemp("html") / "report.html")


class Session:
    """One page with every request, console error and dialog recorded; the network is blocked."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, anchor: str = "") -> None:
        self.page.goto(path.as_uri() + (f"#{anchor}" if anchor else ""))

    def visible_findings(self) -> list[dict]:
        return self.page.evaluate("""() => Array.from(document.querySelectorAll('li.fd'))
            .filter((item) => !item.closest('[hidden]'))
            .map((item) => ({id: item.id, sev: item.dataset.sev, rule: item.dataset.rule}))""")

    def total_findings(self) -> int:
        return self.page.locator("li.fd").count()

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(("file://", "data:", "about:"))]


@pytest.fixture
def session(browser):
    opened = Session(browser)
    yield opened
    opened.context.close()


def test_loads_without_errors_or_requests(session: Session, report_vi: Path) -> None:
    session.open(report_vi)
    session.page.wait_for_load_state("load")
    assert session.errors == []
    assert session.blocked == []
    assert session.external_requests() == []
    assert session.page.locator("#filters").is_visible()
    assert session.total_findings() > 10
    assert session.page.locator(".status").inner_text().startswith("Đang hiện")


def test_severity_filter_hides_findings(session: Session, report_vi: Path) -> None:
    session.open(report_vi)
    everything = session.visible_findings()
    warnings = [item for item in everything if item["sev"] == "warning"]
    assert warnings and len(warnings) < len(everything)
    session.page.locator("input[name=sev][value=warning]").uncheck()
    shown = session.visible_findings()
    assert len(shown) == len(everything) - len(warnings)
    assert all(item["sev"] != "warning" for item in shown)
    total = len(everything)
    assert session.page.locator(".status").inner_text() == f"Đang hiện {len(shown)} trên {total} phát hiện."


def test_rule_and_area_filters(session: Session, report_vi: Path) -> None:
    session.open(report_vi)
    session.page.select_option("select[name=rule]", "VAL-001")
    shown = session.visible_findings()
    assert shown
    assert {item["rule"] for item in shown} == {"VAL-001"}
    session.page.locator("button[type=reset]").click()
    session.page.wait_for_function("() => document.querySelectorAll('li.fd[hidden]').length === 0")
    session.page.select_option("select[name=area]", "app:thong-bao-loi")
    shown = session.visible_findings()
    assert shown
    assert all(item["rule"].startswith("ERR-") for item in shown)


def test_form_filter_hides_other_forms(session: Session, report_vi: Path) -> None:
    session.open(report_vi)
    hostile = session.page.locator("section.form", has_text="hostile.formio.json").get_attribute("id")
    session.page.select_option("select[name=form]", hostile)
    visible_forms = session.page.evaluate(
        "() => Array.from(document.querySelectorAll('section.form')).filter((form) => !form.hidden).map((form) => form.id)")
    assert visible_forms == [hostile]
    assert all(item["id"].startswith(hostile) for item in session.visible_findings())


def test_search_ignores_diacritics(session: Session, report_vi: Path) -> None:
    session.open(report_vi)
    session.page.fill("input[name=q]", "ma nganh")
    session.page.wait_for_function("() => document.querySelectorAll('li.fd:not([hidden])').length < document.querySelectorAll('li.fd').length")
    shown = session.visible_findings()
    assert shown
    texts = [session.page.locator(f"[id='{item['id']}']").text_content() or "" for item in shown]
    assert all("mã ngành" in text.lower() for text in texts)
    session.page.fill("input[name=q]", "khong-co-chuoi-nay-o-dau")
    session.page.wait_for_function("() => document.querySelectorAll('li.fd:not([hidden])').length === 0")
    assert session.page.locator(".no-match").is_visible()


def test_anchor_opens_and_highlights(session: Session, report_vi: Path) -> None:
    session.open(report_vi)
    target = session.page.locator("li.fd[data-rule='VAL-001']").first.get_attribute("id")
    session.open(report_vi, target)
    item = session.page.locator(f"[id='{target}']")
    assert "highlight" in (item.get_attribute("class") or "")
    assert item.is_visible()
    box = item.bounding_box()
    assert box is not None
    assert 0 <= box["y"] < 900
    # A link to a finding that the current filters hide clears the filters.
    session.page.select_option("select[name=rule]", "UI-001")
    assert item.is_hidden()
    session.page.evaluate("location.hash = '#summary'")
    session.page.evaluate(f"location.hash = '#{target}'")
    session.page.wait_for_function(f"() => !document.getElementById('{target}').closest('[hidden]')")
    assert item.is_visible()


def test_hostile_form_content_does_not_run(session: Session, report_vi: Path) -> None:
    session.open(report_vi)
    session.page.wait_for_load_state("load")
    assert session.page.evaluate("typeof window.__pwned") == "undefined"
    assert session.dialogs == []
    hostile = session.page.locator("section.form", has_text="hostile.formio.json")
    assert "<script>window.__pwned = 'label'</script>" in (hostile.text_content() or "")
    assert session.page.evaluate("document.scripts.length") == 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_axe_finds_no_serious_violations(session: Session, lang: str, report_vi: Path, report_en: Path) -> None:
    session.open(report_vi if lang == "vi" else report_en)
    session.page.evaluate(AXE.read_text(encoding="utf-8"))
    result = session.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in result["violations"] if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert session.external_requests() == []


def test_shared_forms_screenshots_and_pdf(browser, shared: Path, tmp_path: Path) -> None:
    """A report over the real forms, in both languages, as a person sees and prints it."""
    ARTIFACTS.mkdir(exist_ok=True)
    report = lint_paths([str(shared / "corpus"), str(shared / "vn-forms")], default_config(shared))
    assert len(report.files) > 20
    for lang in ("vi", "en"):
        page_file = tmp_path / f"report-{lang}.html"
        page_file.write_text(render_html(report, lang), encoding="utf-8")
        opened = Session(browser)
        try:
            opened.open(page_file)
            opened.page.wait_for_load_state("load")
            assert opened.errors == []
            assert opened.external_requests() == []
            assert opened.total_findings() == len(report.findings)
            opened.page.screenshot(path=str(ARTIFACTS / f"html-report-{lang}.png"))
            opened.page.emulate_media(media="print")
            # The print layout drops the controls and keeps the header with version and dates.
            assert opened.page.locator("#filters").is_hidden()
            assert opened.page.locator(".toc").is_hidden()
            assert opened.page.locator("header .meta").is_visible()
            pdf = opened.page.pdf(format="A4", print_background=True)
        finally:
            opened.context.close()
        (ARTIFACTS / f"html-report-{lang}.pdf").write_bytes(pdf)
        assert pdf.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert pages > 2
