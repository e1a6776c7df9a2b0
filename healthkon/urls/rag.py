from django.urls import include, path

from healthkon.urls.common import service_urlpatterns
from rag.health import rag_health

urlpatterns = service_urlpatterns("rag", [path("", include("rag.urls"))], health_view=rag_health)

handler404 = "healthkon.api.views.not_found"
handler500 = "healthkon.api.views.server_error"
