"""The pre-visit data request end to end: a reviewer makes the link, the center's team leader fills
and submits the facts on a phone, and the reviewer rates with the suggested scores."""

import json
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from centers.roles import Role
from reviews.facts import item_suggestions
from reviews.models import DataRequest, ReviewFact
from reviews.suggestions import suggest
from tests.browser.screens import PHONE, WIDE, shoot
from tests.factories import ReviewFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FACTS = {
    "Participants on the employment specialists' caseloads": "45",  # 22.5 each: 4
    "Employment specialists (full-time equivalents)": "2",
    "Share of the specialists' working time spent on employment services (%)": "97",  # 5
    "Median days from joining to the first face-to-face employer contact": "45",  # 4
    "Face-to-face employer contacts by all specialists in a typical week": "7",  # 3.5 each: 3
    "Jobs the participants hold now": "20",
    "Of those jobs, competitive jobs": "19",  # exactly 95 %: 5
    "Share of the specialists' working time spent out of the office (%)": "50",  # 3
}
SUGGESTED = {1: "4", 2: "5", 15: "4", 17: "3", 21: "5", 24: "3"}


@pytest.fixture
def leader_phone(browser, live_server):
    """The team leader: logged out, on a phone."""
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()
    assert not errors, errors


def test_the_team_leader_sends_the_facts_and_the_reviewer_rates_with_suggested_scores(
    page, leader_phone, log_in, reviewer, center
):
    review = ReviewFactory(center=center, reviewers=[reviewer, UserFactory(role=Role.REVIEWER)])
    page.set_viewport_size(WIDE)
    log_in(reviewer.username)
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("link", name="Facts", exact=True).click()
    page.get_by_role("button", name="Make a data request link").click()
    url = page.get_by_label(f"Link for the team leader of {center.name}").input_value()
    assert "/d/" in url
    shoot(page, "data-request", "facts-link")

    # The team leader, without an account: only the center, the visit and the facts.
    leader_phone.goto(url)
    expect(
        leader_phone.get_by_role("heading", name=f"Facts for the fidelity review of {center.name}")
    ).to_be_visible()
    expect(leader_phone.get_by_role("navigation")).to_have_count(0)
    assert leader_phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first, *rest = FACTS.items()
    leader_phone.get_by_label(first[0]).fill(first[1])
    leader_phone.get_by_role("button", name="Save draft").click()
    expect(leader_phone.get_by_text("Your draft was saved.")).to_be_visible()
    expect(leader_phone.get_by_label(first[0])).to_have_value("45")
    for label, value in rest:
        leader_phone.get_by_label(label).fill(value)
    # A percent over 100 is refused with a message and nothing is stored.
    leader_phone.get_by_label(rest[-1][0]).fill("150")
    leader_phone.get_by_role("button", name="Submit to the reviewers").click()
    expect(leader_phone.get_by_text("Nothing was changed.")).to_be_visible()
    assert not ReviewFact.objects.filter(review=review, key="specialists").exists()
    leader_phone.get_by_label(rest[-1][0]).fill(rest[-1][1])
    shoot(leader_phone, "data-request", "team-leader")
    leader_phone.get_by_role("button", name="Submit to the reviewers").click()
    expect(
        leader_phone.get_by_text("Thank you: the facts were sent to the reviewers.")
    ).to_be_visible()
    expect(leader_phone.get_by_role("button", name="Submit to the reviewers")).to_have_count(0)
    shoot(leader_phone, "data-request", "team-leader-submitted")
    assert DataRequest.objects.get(review=review).submitted_at is not None
    assert ReviewFact.objects.filter(review=review, source="data_request").count() == len(FACTS)

    # The reviewer sees the request submitted, then the suggested scores on the rating page.
    page.goto(f"/reviews/{review.pk}/facts/")
    expect(page.get_by_test_id("request-state")).to_contain_text("Submitted")
    page.goto(f"/reviews/{review.pk}/rate/")
    for number, score in SUGGESTED.items():
        box = page.get_by_test_id(f"suggestion-{number}")
        expect(box.locator("[data-suggested-score]")).to_have_text(score)
    caseload = page.get_by_test_id("suggestion-1")
    expect(caseload).to_contain_text("20 or less: 5; 25 or less: 4;")

    # A differing choice asks for a note; the note answers it.
    item = page.locator("#item-1")
    item.locator("input[type=radio][value='5']").check()
    expect(caseload.locator("[data-differs]")).to_be_visible()
    item.get_by_label("Evidence notes").fill("One specialist also covers a second team.")
    expect(caseload.locator("[data-differs]")).to_be_hidden()
    item.locator("input[type=radio][value='4']").check()
    expect(caseload.locator("[data-differs]")).to_be_hidden()

    # The calculator: other counts, another suggestion; nothing of it is saved.
    caseload.get_by_label("Participants on the employment specialists' caseloads").fill("40")
    expect(caseload.locator("[data-suggested-score]")).to_have_text("5")
    caseload.get_by_label("Employment specialists (full-time equivalents)").fill("0")
    expect(caseload.locator("[data-suggested-score]")).to_have_text("–")
    expect(caseload).to_contain_text("a ratio cannot be taken over zero")
    caseload.get_by_label("Employment specialists (full-time equivalents)").fill("2")
    page.get_by_test_id("suggestion-1").scroll_into_view_if_needed()
    shoot(page, "data-request", "rating")
    assert ReviewFact.objects.get(review=review, key="participants").value == 45

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "data-request", "rating")
    page.goto(f"/reviews/{review.pk}/facts/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "data-request", "facts")


def test_the_calculator_and_the_server_agree_on_the_same_facts(page, log_in, reviewer, center):
    review = ReviewFactory(center=center, reviewers=[reviewer, UserFactory(role=Role.REVIEWER)])
    log_in(reviewer.username)
    page.goto(f"/reviews/{review.pk}/rate/")
    expect(page.get_by_test_id("suggestion-1")).to_be_visible()
    cases = [
        # every bound of every rule, a step either side, decimals, zero and missing values
        {"participants": p, "specialists": s}
        for p in ("0", "39", "40", "41", "50", "51", "60", "61", "80", "81", "1000")
        for s in ("2", "2.5", "0", "")
    ]
    cases += [{"employment_time_percent": v} for v in ("96", "95.99", "90", "89.5", "50", "0")]
    cases += [{"days_to_first_contact": v} for v in ("30", "31", "150", "151", "")]
    cases += [
        {"employer_contacts_week": c, "specialists": s}
        for c in ("0", "2", "3", "12", "13")
        for s in ("2", "3", "0.5")
    ]
    cases += [
        {"competitive_jobs": c, "jobs_held": j}
        for c, j in (("19", "20"), ("189", "200"), ("7", "100"), ("35", "100"), ("1", "3"))
    ]
    cases += [{"community_time_percent": v} for v in ("65", "64.99", "25", "24")]
    for found in item_suggestions(review).values():
        rule = json.loads(found.calculator)
        for values in cases:
            if not set(values) & set(rule["facts"]):
                continue
            server = suggest(
                found.rule,
                {k: Decimal(v) for k, v in values.items() if v != ""},
                min_score=1,
            ).score
            script = page.evaluate("([r, v]) => window.ipswebSuggest(r, v).score", [rule, values])
            assert script == server, (rule, values, script, server)
