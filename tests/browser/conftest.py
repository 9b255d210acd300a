"""Browser fixtures: the portal served live with the demo data, Debian's Chromium driven by
Playwright, and a `page` per viewport (phone 390x844, desktop 1280x800).

When a test fails, a full-page screenshot and the HTML of every page it opened are saved
under test-artifacts/browser/<test-name>/.

The fixtures here are named so that they do not clash with tests/conftest.py (`app`,
`database_url`, `db`, `client`, `world`), none of which is autouse or used here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.live import CHROMIUM, VIEWPORTS, launch_browser, start_server
from tests.browser.live import new_context as _new_context

HERE = Path(__file__).parent
ARTIFACTS = HERE.parents[1] / "test-artifacts" / "browser"
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    """Skip this whole folder when Debian's Chromium is not installed, except in CI
    (REQUIRE_BROWSER=1), where a missing browser is a failure."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install -y chromium fonts-wqy-microhei)"
    if os.environ.get("REQUIRE_BROWSER"):
        raise pytest.UsageError(f"REQUIRE_BROWSER is set but {reason}")
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (`item.rep_call`) for the fixtures' teardown."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The portal on a fresh SQLite file: real migrations, then the demo data."""
    server = start_server(tmp_path_factory.mktemp("browser-db") / "portal.sqlite3")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        yield browser
        browser.close()


def _save_artifacts(request, contexts) -> None:
    folder = ARTIFACTS / re.sub(r"[^\w.\-]+", "_", request.node.name).strip("_")
    folder.mkdir(parents=True, exist_ok=True)
    for c, context in enumerate(contexts, start=1):
        for p, page in enumerate(context.pages, start=1):
            stem = folder / f"context{c}-page{p}"
            try:
                page.screenshot(path=f"{stem}.png", full_page=True)
                stem.with_suffix(".html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # the test already failed; keep what we can
                stem.with_suffix(".txt").write_text(f"could not save: {error!r}\n", encoding="utf-8")
    print(f"\nBrowser artifacts of {request.node.nodeid}: {folder.resolve()}")


@pytest.fixture
def new_context(request, browser, live_server):
    """A factory of fresh browser contexts (own cookies) at a viewport: new_context(PHONE)."""
    contexts = []

    def make(viewport: dict):
        context = _new_context(browser, viewport, live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        _save_artifacts(request, contexts)
    for context in contexts:
        context.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> dict:
    """The viewport by name: phone (390x844) or desktop (1280x800). Narrow a test to one with
    `@pytest.mark.parametrize("viewport", ["phone"], indirect=True)`."""
    return VIEWPORTS[request.param]


@pytest.fixture
def page(new_context, viewport):
    return new_context(viewport).new_page()
