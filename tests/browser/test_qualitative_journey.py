"""A researcher codes a focus group in the browser; a second coder codes it too; their agreement
shows; a program manager sees the excerpts beside the item scores in the joint display."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from centers.roles import Role
from qualitative.models import Coding, Source
from qualitative.services import code_create, project_create
from reviews.demo import TABLE_5
from reviews.models import ScaleItem
from tests.factories import UserFactory, final_review, ips25

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path("/tmp/shots/qualitative")
TRANSCRIPT = (
    "Interviewer: How has the first year been?\n"
    "IPS specialist A: The job development part has been new and different for most of us.\n"
    "IPS specialist B: We have set targets and reserve days to call employers.\n"
    "IPS specialist C: It is a very difficult role, and it takes time to be secure in it.\n"
)

# Screen points of character offsets of the source text, to drag the mouse between them.
POINTS = """([start, end]) => {
    const spans = Array.from(document.querySelectorAll('#source-text > span'));
    function point(offset) {
        for (const span of spans) {
            const first = Number(span.dataset.start);
            const length = Array.from(span.textContent).length;
            if (offset <= first + length) {
                const range = document.createRange();
                range.setStart(span.firstChild, offset - first);
                range.setEnd(span.firstChild, offset - first);
                const rect = range.getClientRects()[0] || range.getBoundingClientRect();
                return {x: rect.left + 1, y: rect.top + rect.height / 2};
            }
        }
    }
    return [point(start), point(end)];
}"""


def select_with_mouse(page, passage: str) -> None:
    start = TRANSCRIPT.index(passage)
    # After a coding the page reloads: its list shows before coding.js has laid out the text.
    page.wait_for_load_state()
    page.wait_for_function("() => document.querySelectorAll('#source-text > span').length > 0")
    (a, b) = page.evaluate(POINTS, [start, start + len(passage)])
    page.mouse.move(a["x"], a["y"])
    page.mouse.down()
    page.mouse.move(b["x"], b["y"], steps=5)
    page.mouse.up()
    expect(page.locator("#code-menu")).to_be_visible()


@pytest.fixture
def study(admin, center, reviewer):
    final_review(center, [reviewer], TABLE_5["C2"])
    project = project_create(actor=admin, name="Pilot study", centers=[center])
    item = ScaleItem.objects.get(scale=ips25(), number=18)
    code_create(actor=admin, project=project, name="Employer contact", scale_items=[item])
    code_create(actor=admin, project=project, name="Role of the specialist", colour="#2ca02c")
    return project


def test_researchers_code_a_transcript_and_the_joint_display_shows_it(
    page, log_in, study, center, manager, tmp_path
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    first = UserFactory(role=Role.RESEARCHER, centers=[center], username="rhea")
    second = UserFactory(role=Role.RESEARCHER, centers=[center], username="rolf")
    transcript = tmp_path / "focus-group.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")

    log_in(first.username)
    page.get_by_role("link", name="Pilot study").click()
    page.get_by_role("link", name="Add a source").click()
    page.get_by_label("Kind").select_option(Source.Kind.FOCUS_GROUP)
    page.get_by_label("Center").select_option(str(center.pk))
    page.get_by_label("Title").fill("Focus group, Nordvik")
    page.get_by_label("Informants").fill("IPS specialist A, IPS specialist B, IPS specialist C")
    page.get_by_label("Or upload a file").set_input_files(str(transcript))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Focus group, Nordvik")).to_be_visible()

    # Mouse: select, then click the code in the menu.
    select_with_mouse(page, "The job development part has been new")
    page.locator("#code-options").get_by_role("option", name="Employer contact").click()
    expect(page.locator("#coding-list li[data-coding]")).to_have_count(1)
    # Keyboard: select, type the start of the code's name, Enter.
    select_with_mouse(page, "reserve days to call employers")
    page.keyboard.type("empl")
    page.keyboard.press("Enter")
    expect(page.locator("#coding-list li[data-coding]")).to_have_count(2)
    select_with_mouse(page, "It is a very difficult role")
    page.keyboard.type("role")
    page.keyboard.press("Enter")
    expect(page.locator("#coding-list li[data-coding]")).to_have_count(3)
    passages = [
        TRANSCRIPT[c.start : c.end] for c in Coding.objects.filter(coder=first).order_by("start")
    ]
    assert "job development part" in passages[0]
    assert "call employers" in passages[1]
    assert "difficult role" in passages[2]
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"source-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    page.context.clear_cookies()
    log_in(second.username)
    page.goto(f"/qualitative/sources/{Source.objects.get().pk}/")
    select_with_mouse(page, "reserve days to call employers")
    page.keyboard.type("empl")
    page.keyboard.press("Enter")
    expect(page.locator("#coding-list li[data-coding]")).to_have_count(4)
    page.get_by_role("link", name="Agreement").click()
    expect(page.get_by_text("Computed on characters")).to_be_visible()
    row = page.get_by_role("row", name="Employer contact")
    expect(row).to_contain_text("rhea · rolf")
    expect(row).to_contain_text("%")
    page.screenshot(path=str(SHOTS / "agreement-1366.png"), full_page=True)

    page.context.clear_cookies()
    log_in(manager.username)
    page.goto("/dashboards/joint/?grouping=none")
    row = page.locator("#joint-items tr", has_text="18.")
    expect(row).to_contain_text("reserve days to call employers")
    expect(row).to_contain_text("NV, score 1")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"joint-{width}.png"), full_page=True)
