from django.urls import include, path

from healthkon.urls.common import service_urlpatterns

urlpatterns = service_urlpatterns("rag_mobile", [path("", include("rag_mobile.urls"))])

handler404 = "healthkon.api.views.not_found"
handler500 = "healthkon.api.views.server_error"
