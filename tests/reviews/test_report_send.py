"""Sending the report PDF of a final review to the center's contact and the reviewers."""

import hashlib
import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from reviews.models import ReportDelivery
from tests.factories import final_review
from tests.reviews.conftest import C1

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(center, reviewer, colleague):
    center.contact_email = "leader@nordvik.example"
    center.save()
    return final_review(center, [reviewer, colleague], C1)


def send(client, review, language="en", follow=True):
    return client.post(
        reverse("reviews:report_send", args=[review.pk]), {"language": language}, follow=follow
    )


def test_the_lead_sends_the_pdf_to_the_contact_with_the_reviewers_in_copy(
    client_for, reviewer, final
):
    response = send(client_for(reviewer), final)
    assert "The report was sent to leader@nordvik.example, rita@example.org, ravi@example.org." in (
        response.content.decode()
    )
    [message] = mail.outbox
    assert message.to == ["leader@nordvik.example"]
    assert message.cc == ["rita@example.org", "ravi@example.org"]
    assert message.subject == "Fidelity review report: Nordvik IPS, visit 3 Mar 2025"
    assert "Total on IPS Fidelity Scale (IPS-25): 97, Fair fidelity." in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("ips25-report-NV-2025-03-03.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    delivery = ReportDelivery.objects.get()
    assert delivery.review == final
    assert delivery.sent_by == reviewer
    assert delivery.recipients == [
        "leader@nordvik.example",
        "rita@example.org",
        "ravi@example.org",
    ]
    assert delivery.language == "en"
    assert delivery.pdf_size == len(content)
    assert delivery.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert delivery.history.get().history_user == reviewer  # audited


def test_the_report_sent_in_norwegian_has_a_norwegian_mail_and_pdf(client_for, admin, final):
    send(client_for(admin), final, language="nb")
    [message] = mail.outbox
    assert "Middels troskap" in message.body
    assert ReportDelivery.objects.get().language == "nb"


def test_the_report_page_lists_each_delivery(client_for, reviewer, manager, final):
    send(client_for(reviewer), final)
    html = client_for(manager).get(reverse("reviews:report", args=[final.pk])).content.decode()
    assert "Report sent to the center" in html
    assert "leader@nordvik.example<br>rita@example.org<br>ravi@example.org" in html
    assert ReportDelivery.objects.get().pdf_sha256 in html
    # The program manager reads the report but does not send it.
    assert reverse("reviews:report_send", args=[final.pk]) not in html


def test_a_center_without_a_contact_email_gets_nothing_and_the_sender_is_told(
    client_for, reviewer, final, center
):
    center.contact_email = ""
    center.save()
    html = send(client_for(reviewer), final).content.decode()
    assert "Nordvik IPS has no contact email, so the report cannot be sent." in html
    assert mail.outbox == []
    assert not ReportDelivery.objects.exists()


def test_a_mail_server_failure_is_shown_and_nothing_is_logged_as_sent(
    client_for, reviewer, final, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    html = send(client_for(reviewer), final).content.decode()
    assert "The report could not be sent: the mail server did not accept it." in html
    assert not ReportDelivery.objects.exists()
    assert not ReportDelivery.history.exists()


def test_a_review_not_yet_final_cannot_be_sent(client_for, reviewer, in_consensus):
    response = send(client_for(reviewer), in_consensus, follow=False)
    assert response.status_code == 404
    assert mail.outbox == []


def test_a_program_manager_may_read_the_report_but_not_send_it(client_for, manager, final):
    assert send(client_for(manager), final, follow=False).status_code == 403
    assert mail.outbox == []


def test_sending_without_a_language_asks_for_one(client_for, reviewer, final):
    html = send(client_for(reviewer), final, language="").content.decode()
    assert "Choose the language of the report." in html
    assert mail.outbox == []
    assert not ReportDelivery.objects.exists()


def test_sending_is_a_post(client_for, reviewer, final):
    response = client_for(reviewer).get(reverse("reviews:report_send", args=[final.pk]))
    assert response.status_code == 405


def test_a_report_is_sent_at_most_five_times_an_hour(client_for, reviewer, final):
    client = client_for(reviewer)
    for _ in range(5):
        send(client, final, follow=False)
    html = send(client, final).content.decode()
    assert "This report was sent (or tried) 5 times in the last hour; try again later." in html
    assert len(mail.outbox) == 5
    assert ReportDelivery.objects.count() == 5
