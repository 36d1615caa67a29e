"""An upload over its limit is stopped before its body is read whole."""

import pytest
from django.core.files.uploadhandler import StopUpload
from django.test import RequestFactory

from ipsweb.formfields import SizeLimitUploadHandler


def test_a_body_announced_too_large_is_not_read_at_all():
    handler = SizeLimitUploadHandler(RequestFactory().post("/"), limit=100)
    post, files = handler.handle_raw_input(None, {}, 101, b"boundary")
    assert (dict(post), dict(files), handler.too_large) == ({}, {}, 101)
    assert handler.handle_raw_input(None, {}, 100, b"boundary") is None


def test_a_body_without_a_length_is_stopped_when_it_passes_the_limit():
    handler = SizeLimitUploadHandler(RequestFactory().post("/"), limit=100)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 60, 60)
    assert handler.too_large == 120
