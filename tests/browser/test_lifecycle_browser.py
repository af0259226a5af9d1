"""A portfolio's life in a real browser (issue 13): rename, then open the old link; delete a
day from the History table; the Admin settings with a correction previewed.

AppTest cannot click the grid (it draws on a canvas), so a person does here. A server of
its own on a demo database per backend, so the shared demo server's figures stay as other
tests expect them. Photographs (light, and a 390x844 phone) go to the screenshots folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from equity.reads.history import equity_history
from equity.services.audit import audit_trail
from equity.storage.database import open_database
from tests.browser.conftest import demo_database_on, streamlit_server, tab_on, wait_for_app
from tests.browser.test_journeys import _screenshot_whole

pytestmark = pytest.mark.browser

ATLAS = "Atlas Global Macro"
HARBOR = "Harbor Long/Short"
#: The grid's header row and body rows are 35 px tall; the row checkbox sits on the left.
ROW_HEIGHT = 35
PHONE = {"width": 390, "height": 844}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def server(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server on a demo database of its own, per backend: (its URL, the database's URL)."""
    folder: Path = tmp_path_factory.mktemp("lifecycle")
    with (
        demo_database_on(request.param, folder) as url,
        streamlit_server(url, folder / "streamlit.log") as base_url,
    ):
        yield base_url, url


def click_first_row(page) -> None:
    """A click on the checkbox of the History table's top row (the newest day)."""
    grid = page.get_by_test_id("stDataFrame").last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * 1.5)
    wait_for_app(page)


def test_rename_then_the_old_link_says_so_and_opens_the_new_name(chromium, server):
    base_url, _ = server
    with tab_on(chromium, base_url) as page:
        page.goto(f"/admin?portfolio={quote(HARBOR, safe='')}")
        wait_for_app(page)
        page.locator(".st-key-rename_to input").fill("Harbor Prime")
        page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Rename").click()
        wait_for_app(page)
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            "Renamed 'Harbor Long/Short' to 'Harbor Prime'."
        )

        page.goto(f"/?portfolio={quote(HARBOR, safe='')}")
        wait_for_app(page)
        expect(page.get_by_test_id("stAlertContentWarning")).to_contain_text(
            "'Harbor Long/Short' was renamed to 'Harbor Prime'."
        )
        expect(page.get_by_test_id("stException")).to_have_count(0)
        page.get_by_role("button", name="Open Harbor Prime").click()
        # The dashboard draws its charts next: on a loaded machine that takes a while.
        expect(page.get_by_role("heading", name="Harbor Prime")).to_be_visible(timeout=30_000)
        wait_for_app(page)
        assert "portfolio=Harbor+Prime" in page.url or "portfolio=Harbor%20Prime" in page.url


def test_a_day_is_deleted_from_the_history_table(chromium, server, screenshots_dir):
    base_url, database_url = server
    newest_before = _days(database_url)[-1]
    with tab_on(chromium, base_url) as page:
        page.goto(f"/history?portfolio={quote(ATLAS, safe='')}")
        wait_for_app(page)
        click_first_row(page)
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_text(f"The snapshot of {newest_before}")).to_be_visible()
        expect(dialog.get_by_role("button", name="Confirm delete")).to_be_visible()
        dialog.screenshot(path=screenshots_dir / "history_delete_dialog_light.png")
        page.set_viewport_size(PHONE)
        wait_for_app(page)
        page.screenshot(path=screenshots_dir / "history_delete_dialog_phone.png")
        expect(dialog.get_by_role("button", name="Confirm delete")).to_be_in_viewport()
        dialog.get_by_role("button", name="Confirm delete").click()
        wait_for_app(page)
        expect(dialog).to_have_count(0)
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            f"Deleted the snapshot of {newest_before}"
        )

    days = _days(database_url)
    assert newest_before not in days
    db = open_database(database_url)
    try:
        deletes = [e for e in audit_trail(db, ATLAS) if e.action == "snapshot.delete"]
    finally:
        db.dispose()
    assert len(deletes) == 1


def test_the_admin_settings_with_a_correction_previewed_are_photographed(
    chromium, server, screenshots_dir
):
    base_url, _ = server
    for look, viewport in (("light", None), ("phone", PHONE)):
        with tab_on(chromium, base_url) as page:
            if viewport:
                page.set_viewport_size(viewport)
            page.goto(f"/admin?portfolio={quote(ATLAS, safe='')}")
            wait_for_app(page)
            page.locator(".st-key-correct_opening input").fill("60000000.00")
            page.get_by_role("button", name="Preview correction").click()
            wait_for_app(page)
            expect(page.get_by_role("button", name="Confirm correction")).to_be_visible()
            expect(page.get_by_test_id("stException")).to_have_count(0)
            _screenshot_whole(page, screenshots_dir / f"admin_settings_{look}.png")


def _days(database_url: str) -> list[str]:
    db = open_database(database_url)
    try:
        frame = equity_history(db, ATLAS).frame
    finally:
        db.dispose()
    return [d.isoformat() for d in frame["date"]]
