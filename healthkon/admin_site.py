from django.contrib.admin import AdminSite
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_petugas


class HealthkonAdminSite(AdminSite):
    """Only active petugas (admin, doctor, staff) may sign in; patients never can."""

    site_header = _("Healthkon — clinic dashboard")
    site_title = _("Healthkon")
    index_title = _("Medical records")

    def autocomplete_view(self, request):
        # Suggestions from clinical models are patient data: the records app logs who saw them.
        from records.admin import AuditedAutocompleteJsonView

        return AuditedAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_urls(self):
        from django.urls import path

        from rag.admin_views import tanya_ai

        def view(request):
            return tanya_ai(request, self)

        return [path("tanya-ai/", self.admin_view(view), name="tanya_ai"), *super().get_urls()]

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and is_petugas(user)
