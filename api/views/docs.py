"""Swagger UI from our own static files (drf-spectacular-sidecar), its start script from its own
URL: script-src stays 'self'. Swagger UI sets style attributes as it draws, so this page alone
allows inline styles (never inline scripts)."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView


@method_decorator(csp_update({"style-src": [SELF, UNSAFE_INLINE]}), name="dispatch")
class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
