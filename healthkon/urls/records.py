from django.contrib import admin
from django.urls import include, path

from healthkon.urls.common import service_urlpatterns

urlpatterns = service_urlpatterns(
    "records",
    [
        path("admin/", admin.site.urls),
        path("", include("records.urls")),
    ],
)

handler404 = "healthkon.api.views.not_found"
handler500 = "healthkon.api.views.server_error"
