"""The OpenAPI schema: every operation documents the error answers it can give, all in the one
problem-details shape (``api.errors``)."""

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from api.serializers import ProblemSerializer

ERRORS = {
    "400": "The request has errors (field errors in errors).",
    "401": "No valid token or session.",
    "403": "Your role may not do this.",
    "404": "Not found, or outside your scope.",
    "413": "The body is too large.",
    "415": "The body is not JSON (Content-Type: application/json).",
    "429": "Too many requests: wait Retry-After seconds.",
}
READ_ERRORS = ("400", "401", "403", "404", "429")


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ERRORS if self.method in ("POST", "PUT", "PATCH") else READ_ERRORS
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ProblemSerializer, code, None, direction)
                response["description"] = ERRORS[code]
                responses[code] = response
        return responses


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from your page API tokens: Bearer ips_...",
        }
