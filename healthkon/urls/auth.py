from django.urls import include, path

from healthkon.urls.common import service_urlpatterns

urlpatterns = service_urlpatterns("auth", [path("", include("accounts.urls"))])

handler404 = "healthkon.api.views.not_found"
handler500 = "healthkon.api.views.server_error"
