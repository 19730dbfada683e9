"""The offline file (/timelines/<slug>/offline.html) as a teacher uses it: downloaded, then
opened from disk (file://) with no server behind it. Its script must run whole there: the
first card highlighted, the arrows moving one event at a time, #slide-… links working."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _downloaded(page, live_server, tmp_path, query=""):
    answer = page.request.get(f"{live_server.url}/timelines/our-timeline/offline.html{query}")
    assert answer.ok
    path = tmp_path / "our-timeline.html"
    path.write_bytes(answer.body())
    return path.as_uri()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_offline_file_runs_from_disk(page, live_server, timeline, tmp_path, language):
    uncaught = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    url = _downloaded(page, live_server, tmp_path, f"?lang={language}")
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", language)
    current = page.locator(".card.current")
    expect(current).to_have_attribute("id", timeline[0])
    page.keyboard.press("ArrowRight")  # the next event, not the one after it
    expect(current).to_have_attribute("id", timeline[1])
    page.keyboard.press("ArrowRight")
    expect(current).to_have_attribute("id", timeline[2])

    # A link to one slide, as a teacher's notes or a deck would hold it.
    page.goto(f"{url}#slide-{timeline[1]}")
    expect(page.locator("html")).to_have_class("slide")
    expect(current).to_have_attribute("id", timeline[1])
    expect(page.locator(".card:visible")).to_have_count(1)
    page.goto(f"{url}#slide-{timeline[2]}")
    expect(current).to_have_attribute("id", timeline[2])
    expect(page.locator(f"#{timeline[2]}")).to_be_visible()
    assert not uncaught, uncaught
