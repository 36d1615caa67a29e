"""JSON bodies: refused when larger than Django's DATA_UPLOAD_MAX_MEMORY_SIZE (413) before they
are read whole, and as a 400 (not a 500) when they cannot be read, nested too deep included."""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self):
        super().__init__(
            _("The body is larger than %(size)s bytes; send fewer rows at a time.")
            % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2**31
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise BodyTooLarge
        try:
            return json.loads(body.decode("utf-8"), parse_constant=json_constant)
        except (ValueError, RecursionError):
            raise ParseError(_("The body is not valid JSON in UTF-8.")) from None


def json_constant(name: str):
    """NaN and Infinity are not JSON."""
    raise ValueError(name)
