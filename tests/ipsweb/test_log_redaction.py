"""Self-completion tokens never reach a log: gunicorn's access and error logs, or ipsweb's own."""

import datetime
import io
import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from gunicorn.config import Config

from ipsweb.redaction import RedactingLogger, RedactTokens, redact

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zm9vYmFyLXNlY3JldC10b2tlbi0xMjM0NTY3ODkwYWJj"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"GET /s/{TOKEN}/ HTTP/1.1", "GET /s/[token]/ HTTP/1.1"),
        (f"https://ips.example/s/{TOKEN}/?x=1", "https://ips.example/s/[token]/?x=1"),
        (f'"/s/{TOKEN}"', '"/s/[token]"'),
        (f"GET /d/{TOKEN}/ HTTP/1.1", "GET /d/[token]/ HTTP/1.1"),
        (f"POST /a/{TOKEN}/ HTTP/1.1", "POST /a/[token]/ HTTP/1.1"),
        ("GET /s/thanks/ HTTP/1.1", "GET /s/thanks/ HTTP/1.1"),
        ("GET /dashboards/ HTTP/1.1", "GET /dashboards/ HTTP/1.1"),
        ("GET /participants/12/ HTTP/1.1", "GET /participants/12/ HTTP/1.1"),
    ],
)
def test_redact_hides_the_token_of_a_link_path_and_nothing_else(text, expected):
    assert redact(text) == expected


def gunicorn_logger(tmp_path) -> RedactingLogger:
    cfg = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in cfg.settings:
            cfg.set(name, value)
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    logger = cfg.logger_class(cfg)
    assert isinstance(logger, RedactingLogger)  # gunicorn.conf.py names it
    return logger


def test_gunicorns_access_log_shows_neither_the_token_in_the_path_nor_in_the_referer(tmp_path):
    logger = gunicorn_logger(tmp_path)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/static/css/ipsweb.css",
        "PATH_INFO": "/static/css/ipsweb.css",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
        "HTTP_REFERER": f"https://ips.example/s/{TOKEN}/",
        "HTTP_USER_AGENT": "Firefox",
    }
    resp = SimpleNamespace(status="200 OK", headers=[], sent=120)
    req = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    logger.access(resp, req, environ, datetime.timedelta(milliseconds=3))
    survey = {**environ, "RAW_URI": f"/s/{TOKEN}/", "PATH_INFO": f"/s/{TOKEN}/"}
    logger.access(resp, SimpleNamespace(headers=[]), survey, datetime.timedelta(milliseconds=3))
    logger.error("Invalid request from /s/%s/", TOKEN)
    for handler in (*logger.access_log.handlers, *logger.error_log.handlers):
        handler.flush()

    access = (tmp_path / "access.log").read_text()
    assert TOKEN not in access
    assert (
        '"GET /static/css/ipsweb.css HTTP/1.1" 200 120 "https://ips.example/s/[token]/"' in access
    )
    assert '"GET /s/[token]/ HTTP/1.1"' in access
    error = (tmp_path / "error.log").read_text()
    assert TOKEN not in error and "/s/[token]/" in error


@pytest.fixture
def ipsweb_log():
    """What ipsweb's console log handler writes, as text."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactTokens) for f in h.filters)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.mark.django_db
def test_ipsweb_logs_a_refused_self_completion_post_without_the_token(ipsweb_log):
    response = Client(enforce_csrf_checks=True).post(f"/s/{TOKEN}/", {})
    assert response.status_code == 403
    assert "Forbidden" in ipsweb_log.getvalue()
    assert TOKEN not in ipsweb_log.getvalue()
    assert "/s/[token]/" in ipsweb_log.getvalue()


@pytest.mark.django_db
def test_ipsweb_logs_a_refused_referer_without_the_token(ipsweb_log):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {}, secure=True, HTTP_REFERER=f"https://elsewhere.example/s/{TOKEN}/"
    )
    assert response.status_code == 403
    assert "Referer checking failed - https://elsewhere.example/s/[token]/" in ipsweb_log.getvalue()
    assert TOKEN not in ipsweb_log.getvalue()
