import pytest
from playwright.sync_api import expect

from centers.models import Center

# serialized_rollback (in every browser test, or the restore clashes with rows a plain flush
# re-creates): each test gets back the rows the migrations made, such as the role groups.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_admin_logs_in_creates_a_center_sees_it_listed_and_logs_out(page, log_in, admin):
    log_in(admin.username)
    expect(page.get_by_role("heading", name="Centers")).to_be_visible()

    page.get_by_role("link", name="New center").click()
    page.get_by_label("Name").fill("Innsjø IPS")
    page.get_by_label("Short code").fill("in-2")
    page.get_by_label("Region or organisation").fill("East")
    page.get_by_label("Contact email").fill("leader@example.org")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Center “Innsjø IPS” was created.")).to_be_visible()
    assert Center.objects.get(code="IN-2").name == "Innsjø IPS"

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Centers"
    ).click()
    expect(page.get_by_role("link", name="Innsjø IPS")).to_be_visible()

    page.get_by_role("button", name=admin.username).click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()
