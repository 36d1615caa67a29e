"""The main navigation: few top-level entries, grouped menus, each role sees what it may open."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav(client) -> str:
    html = client.get(reverse("centers:list")).content.decode()
    return html[html.index('id="main-nav"') : html.index("</nav>")]


def test_an_admin_finds_the_admin_pages_and_the_django_admin_under_one_admin_menu(
    client_for, admin
):
    html = nav(client_for(admin))
    admin_menu = html[html.index(">Admin</a>") :]
    for page in ["Users", "Scales", "Import outcomes", "Benchmarks", "Django admin"]:
        assert f">{page}</a>" in admin_menu
    # Centers, My reviews, Reviews, Dashboards, Interviews, Participants, Admin and the user's own
    # menu; tests/browser/test_navigation_journey.py checks they fit one line at 1366 px.
    assert html.count('class="nav-item') <= 8


def test_the_dashboards_are_one_menu(client_for, manager):
    html = nav(client_for(manager))
    dashboards = html[html.index(">Dashboards</a>") :]
    for page in ["Portfolio", "Compare", "Fidelity and outcomes"]:
        assert 'class="dropdown-item" href="' in dashboards and f">{page}</a>" in dashboards


def test_a_manager_and_a_reviewer_see_no_admin_menu(client_for, manager, reviewer):
    for user in (manager, reviewer):
        html = nav(client_for(user))
        assert ">Admin</a>" not in html and "Django admin" not in html


def test_the_open_page_is_marked_in_its_menu(client_for, admin):
    html = client_for(admin).get(reverse("benchmark_list")).content.decode()
    assert 'class="nav-link dropdown-toggle active"' in html
    assert 'class="dropdown-item active" aria-current="page" href="/benchmarks/"' in html
