"""The API answers in English whatever the caller's language: its messages, field names and
schema are for scripts, and the committed schema (openapi.yaml) is one file."""

from django.utils import translation

API_PREFIX = "/api/"


def api_in_english(get_response):
    def middleware(request):
        if request.path.startswith(API_PREFIX):
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return get_response(request)

    return middleware
