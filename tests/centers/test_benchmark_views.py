import pytest
from django.urls import reverse

from centers.models import OutcomeBenchmark
from tests.factories import EmploymentOutcomeFactory

pytestmark = pytest.mark.django_db


def edit_url(benchmark):
    return reverse("benchmark_edit", args=[benchmark.pk])


def average():
    return OutcomeBenchmark.objects.get(label="Average")


def test_admin_sees_the_default_benchmarks(client_for, admin):
    html = client_for(admin).get(reverse("benchmark_list")).content.decode()
    for text in ["Minimal", "31 %", "Average", "41 %", "Excellent", "50 %"]:
        assert text in html


def test_admin_adds_a_benchmark_that_then_shows_on_outcome_pages(client_for, admin, center):
    EmploymentOutcomeFactory(center=center, served=40, working=18)
    client = client_for(admin)
    response = client.post(
        reverse("benchmark_create"),
        {"label": "UK target", "rate_percent": "40", "order": "15", "is_active": "on"},
        follow=True,
    )
    assert "Benchmark “UK target” was added." in response.content.decode()
    html = client.get(reverse("centers:outcomes", args=[center.pk])).content.decode()
    assert "UK target 40 %" in html


def test_admin_changes_a_benchmark_rate(client_for, admin, center):
    EmploymentOutcomeFactory(center=center, served=40, working=18)  # 45 %
    client = client_for(admin)
    response = client.post(
        edit_url(average()),
        {"label": "Average", "rate_percent": "46.5", "order": "20", "is_active": "on"},
    )
    assert response.status_code == 302
    assert str(average().rate_percent) == "46.50"
    html = client.get(reverse("centers:outcomes", args=[center.pk])).content.decode()
    assert "Reaches Minimal (31 %)" in html
    assert "Average 46.5 %" in html


def test_a_deactivated_benchmark_leaves_the_outcome_pages(client_for, admin, center):
    EmploymentOutcomeFactory(center=center)
    client = client_for(admin)
    client.post(edit_url(average()), {"label": "Average", "rate_percent": "41", "order": "20"})
    assert average().is_active is False
    assert "Inactive" in client.get(reverse("benchmark_list")).content.decode()
    html = client.get(reverse("centers:outcomes", args=[center.pk])).content.decode()
    assert "Average" not in html


@pytest.mark.parametrize(
    ("rate", "message"),
    [("120", "less than or equal to 100"), ("-1", "greater than or equal to 0"), ("", "required")],
)
def test_a_rate_that_is_not_a_percentage_is_refused_and_the_form_keeps_the_label(
    client_for, admin, rate, message
):
    response = client_for(admin).post(
        reverse("benchmark_create"), {"label": "Stretch goal", "rate_percent": rate, "order": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Stretch goal"' in html
    assert not OutcomeBenchmark.objects.filter(label="Stretch goal").exists()


def test_a_blank_label_is_refused(client_for, admin):
    response = client_for(admin).post(
        reverse("benchmark_create"), {"label": "   ", "rate_percent": "45", "order": "1"}
    )
    assert "This field is required." in response.content.decode()
    assert OutcomeBenchmark.objects.count() == 3


@pytest.mark.parametrize("role", ["manager", "reviewer", "outsider"])
def test_only_admins_manage_benchmarks(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("benchmark_list")).status_code == 403
    assert client.get(reverse("benchmark_create")).status_code == 403
    data = {"label": "Average", "rate_percent": "10", "order": "1", "is_active": "on"}
    assert client.post(edit_url(average()), data).status_code == 403
    assert client.post(reverse("benchmark_create"), data).status_code == 403
    assert average().rate_percent == 41
    assert OutcomeBenchmark.objects.count() == 3


def test_editing_a_missing_benchmark_is_404(client_for, admin):
    assert client_for(admin).get(reverse("benchmark_edit", args=[9999])).status_code == 404
