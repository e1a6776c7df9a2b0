"""What every service's URLconf has besides its own API: health, schema and docs."""

from django.urls import re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from healthkon.api.views import health
from healthkon.service_map import service_by_name


def service_urlpatterns(service_name: str, api_urlpatterns: list, *, health_view=health) -> list:
    """The service's own routes plus /health (a service may check more), /api/schema/, /api/docs/, /api/redoc/."""
    service = service_by_name(service_name)
    # Public pages: a stale access token in the header is ignored, not a 401 (as on /health).
    public = {"authentication_classes": []}
    schema_view = SpectacularAPIView.as_view(
        custom_settings={"TITLE": service.title, "DESCRIPTION": f"The `{service.name}` service, port {service.port}."},
        **public,
    )
    return [
        re_path(r"^health/?$", health_view, name="health"),
        re_path(r"^api/schema/?$", schema_view, name="schema"),
        # The split view serves its start-up script as a file: the page needs no inline script (CSP).
        re_path(r"^api/docs/?$", SpectacularSwaggerSplitView.as_view(url_name="schema", **public), name="swagger-ui"),
        re_path(r"^api/redoc/?$", SpectacularRedocView.as_view(url_name="schema", **public), name="redoc"),
        *api_urlpatterns,
    ]
