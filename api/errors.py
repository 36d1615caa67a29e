"""One JSON shape for every error of the API: RFC 9457 problem details.

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "The request has errors: see errors.",
     "errors": {"served": ["Ensure this value is less than or equal to 100000."],
                "__all__": ["..."]}}

``errors`` (only on 400) holds the field errors as the page's forms give them, by field name,
with ``__all__`` for errors of the whole request; the bulk upsert gives per-row errors instead
(``rows``). Anything outside the caller's scope answers 404 like something that does not exist.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http.request import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler

from api.parsers import BodyTooLarge


def problem_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        exc = BodyTooLarge()
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_error_dict(exc))
    response = exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    problem = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": _detail(exc, response.data),
    }
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = _("The request has errors: see errors.")
        problem["errors"] = _field_errors(response.data)
        if hasattr(exc, "rows"):
            problem["rows"] = exc.rows
    response.data = problem
    return response


def _detail(exc, data) -> str:
    if isinstance(exc, Http404):
        return _("Not found.")
    if isinstance(exc, PermissionDenied):
        return _("You do not have permission to do this.")
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return str(data)


def _field_errors(data) -> dict:
    if isinstance(data, dict):
        return {str(name): _messages(value) for name, value in data.items()}
    return {"__all__": _messages(data)}


def _messages(value):
    if isinstance(value, list | tuple):
        if all(isinstance(v, str) for v in value):
            return [str(v) for v in value]
        return [_messages(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _messages(v) for k, v in value.items()}
    return [str(value)]


def django_error_dict(error: DjangoValidationError) -> dict:
    """A Django ValidationError (from a service) as field errors."""
    if hasattr(error, "error_dict"):
        return {name: list(messages) for name, messages in error.message_dict.items()}
    return {"__all__": list(error.messages)}


def form_errors(form) -> exceptions.ValidationError:
    """A form's errors as the API gives them (the messages the page shows beside each field)."""
    return exceptions.ValidationError(
        {
            name: [e["message"] for e in errors]
            for name, errors in form.errors.get_json_data().items()
        }
    )
