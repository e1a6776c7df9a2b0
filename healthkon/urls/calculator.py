from django.urls import include, path

from healthkon.urls.common import service_urlpatterns

urlpatterns = service_urlpatterns("calculator", [path("", include("calculator.urls"))])

handler404 = "healthkon.api.views.not_found"
handler500 = "healthkon.api.views.server_error"
