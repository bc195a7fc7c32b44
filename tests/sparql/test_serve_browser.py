"""The endpoint's query page in headless chromium: pick an example, run it, see a table."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest


pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page_url(endpoint):
    return f"{endpoint}/"


@pytest.fixture(scope="module")
def page(page_url, browser):
    tab = browser.new_page()
    tab.errors, tab.hosts = [], set()
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("request", lambda r: tab.hosts.add(urlsplit(r.url).netloc))
    tab.goto(page_url)
    yield tab
    tab.close()


def test_example_runs_and_shows_a_table(page, page_url):
    page.select_option("#examples", label="Who spoke with whom (who-spoke-with-whom)")
    assert "kgo:briefed" in page.input_value("#query")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr", timeout=30_000)
    headers = page.locator("#results th").all_inner_texts()
    assert headers == ["person", "relation", "other", "date", "source"]
    assert "Vladimir Putin" in page.inner_text("#results")
    assert "kgo:briefed" in page.inner_text("#results")  # IRIs shown with their prefix
    assert "rows" in page.inner_text("#status")


def test_construct_shows_turtle(page):
    page.select_option("#examples", label="Ego network of one person (CONSTRUCT) (ego-network)")
    page.click("#run")
    page.wait_for_selector("#results pre", timeout=30_000)
    assert "@prefix" in page.inner_text("#results pre")


def test_errors_are_shown_and_nothing_external_is_loaded(page, page_url):
    page.fill("#query", "SELECT ?s WHERE { ?s ?p }")
    page.click("#run")
    page.wait_for_selector("#status.error", timeout=30_000)
    assert "line 1" in page.inner_text("#status")
    page.fill("#query", "DROP ALL")
    page.click("#run")
    page.wait_for_function("document.querySelector('#status').textContent.includes('read-only')", timeout=30_000)
    assert page.hosts == {urlsplit(page_url).netloc}
    assert not [e for e in page.errors if "400" not in e], page.errors
