"""What the browser tests share: headless Chromium, where screenshots go, and two live portals:
in this process (``live_server``: the test's settings and config marks apply) or under gunicorn
as in production (``gunicorn_portal``: the test ini only)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from ckanext.jena.js_translations import ensure_js_translations
from jena_stack.ports import LOOPBACK, free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
NEEDS_CHROMIUM = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"headless Chromium is not installed at {CHROMIUM}")


@pytest.fixture
def live_server(ckan_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch, make_app: Any) -> Iterator[str]:
    """The portal in this process, on a free port, with the test's settings (roles, config marks);
    ``ckan.site_url`` points there so redirects stay local."""
    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    monkeypatch.setitem(ckan_config, "ckan.site_url", url)
    ensure_js_translations()  # as ckanext.jena.wsgi does at start: CKAN's scripts in German
    server = make_server(LOOPBACK, port, make_app().app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def gunicorn_portal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The portal under gunicorn (``ckanext.jena.wsgi``) on a free port, on the test stack's ini."""
    port = free_port()
    base_url = f"http://{LOOPBACK}:{port}"
    env = {**os.environ, "CKAN_INI": str(request.config.getoption("ckan_ini")), "CKAN_SITE_URL": base_url}
    log_path = tmp_path / "gunicorn.log"
    command = [sys.executable, "-m", "gunicorn", "--bind", f"{LOOPBACK}:{port}", "--workers", "1", "--timeout", "120"]
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [*command, "ckanext.jena.wsgi:application"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_ready(server, f"{base_url}/api/3/action/status_show", log_path)
            yield base_url
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_ready(server: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited with {server.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer {url} within {timeout} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def browser_page(gunicorn_portal: str) -> Iterator[Any]:
    """A Chromium page that may only talk to the gunicorn portal; JavaScript errors are collected."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        portal = urlsplit(gunicorn_portal).netloc
        context.route(
            "**/*", lambda route: route.continue_() if urlsplit(route.request.url).netloc == portal else route.abort()
        )
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        try:
            yield page
            browser.assert_no_csp_violations()
        finally:
            browser.close()


# Chromium's own console message does not say which script did it; the event does.
_REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', function (event) {
  console.warn('Content Security Policy violation: ' + event.effectiveDirective + ' blocked ' +
    (event.blockedURI || 'inline') + ' in ' + event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber);
});
"""


class WatchedBrowser:
    """Chromium whose pages report what the portal's Content-Security-Policy refused (issue 13.12):
    every walk checks that the portal's own pages, maps, previews and forms need nothing the
    policy forbids. Everything else is the Playwright browser."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self.csp_violations: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.add_init_script(_REPORT_VIOLATIONS)
        context.on("page", self._watch)
        return context

    def _watch(self, page: Any) -> None:
        page.on("console", lambda message: self._note(page, message.text))

    def _note(self, page: Any, text: str) -> None:
        if "Content Security Policy" in text:
            self.csp_violations.append(f"{page.url}: {text}")

    def assert_no_csp_violations(self) -> None:
        assert not self.csp_violations, "Content-Security-Policy refused:\n" + "\n".join(self.csp_violations)


def launch(playwright: Any) -> WatchedBrowser:
    """Headless Chromium for a browser test; call ``assert_no_csp_violations()`` at the end."""
    return WatchedBrowser(playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS))


def screenshot(page: Any, name: str) -> Path:
    """A full-page screenshot under tests/screenshots/ (git-ignored; look at them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{path} looks empty"
    return path


# axe-core, installed by deploy/install-axe.sh (`make install`) from the pinned npm tarball.
AXE_SCRIPT = Path(__file__).resolve().parent.parent / ".venv" / "share" / "jena" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: what BITV 2.0 (EN 301 549) asks of the portal (issue 19).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_BLOCKING = ("serious", "critical")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Every WCAG 2.1 A/AA violation axe-core finds on the page as it is now (all impacts).

    axe is evaluated in the page (``page.evaluate`` is not subject to the portal's
    Content-Security-Policy, unlike an added ``<script>`` tag), so the policy stays on."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"axe-core is not installed at {AXE_SCRIPT}: run `make install` (deploy/install-axe.sh)")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """One line per rule: impact, rule id, help, count and the first target selectors."""
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        lines.append(
            f"  {violation['impact']}: {violation['id']} ({violation['help']}), "
            f"{len(violation['nodes'])}×, e.g. {'; '.join(targets)}"
        )
    return "\n".join(lines)


def assert_accessible(page: Any, name: str) -> list[dict[str, Any]]:
    """Fail on any serious or critical WCAG 2.1 A/AA violation axe-core finds on ``page``
    (``name`` says which page in the message); return all violations (minor ones included)."""
    violations = axe_violations(page)
    blocking = [violation for violation in violations if violation["impact"] in AXE_BLOCKING]
    assert not blocking, f"axe-core: {name} ({page.url}) violates WCAG 2.1 AA:\n{describe_violations(blocking)}"
    return violations


_FOCUS = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {classes: element.className || '', outline: outline || style.boxShadow !== 'none'};
}"""


def tab_to(page: Any, css_class: str, limit: int = 200) -> dict[str, Any]:
    """Press Tab until the element with ``css_class`` has the focus; its focus style
    (``outline``: an outline or a box shadow is drawn, i.e. the focus is visible)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUS)
        if css_class in str(focused["classes"]).split():
            return focused
    raise AssertionError(f"Tab never reached .{css_class}")
