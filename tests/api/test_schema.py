"""The committed openapi.yaml is the schema the code generates, with no warning: regenerate it
with `python manage.py spectacular --validate --fail-on-warn --file openapi.yaml`."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from accounts.models import LanguagePreference

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_schema_is_the_generated_one_without_warnings(tmp_path):
    generated = tmp_path / "openapi.yaml"
    # --fail-on-warn raises on any warning (an endpoint the schema cannot describe).
    # In English, as the API always answers (whatever language an earlier test left active).
    with translation.override("en"):
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    committed = (ROOT / "openapi.yaml").read_text()
    assert generated.read_text() == committed, (
        "openapi.yaml is out of date: python manage.py spectacular --validate --fail-on-warn "
        "--file openapi.yaml"
    )


def test_the_schema_and_the_docs_are_served(client):
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/comparison/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    # Swagger UI from our own static files, its start script from our origin: no CDN.
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "<script>" not in html
    # Swagger UI sets style attributes as it draws; scripts stay our own files only.
    policy = dict(part.strip().split(" ", 1) for part in docs["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content


@pytest.mark.django_db
def test_the_api_answers_in_english_to_a_norwegian_caller(client_for, admin):
    LanguagePreference.objects.create(user=admin, language="nb")
    client = client_for(admin)
    response = client.get("/api/v1/centers/?page=x", HTTP_ACCEPT_LANGUAGE="nb")
    assert response["Content-Language"] == "en"
