"""The index queue in the dashboard: what is waiting or failed, and a retry for failed jobs."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rag import outbox
from rag.models import IndexJob, IndexJobState


@admin.register(IndexJob)
class IndexJobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "object_id", "state", "attempts", "created_at", "available_at", "short_error"]
    list_filter = ["state", "kind"]
    ordering = ["-id"]
    list_per_page = 100
    readonly_fields = [field.name for field in IndexJob._meta.fields]
    actions = ["retry_now"]

    @admin.display(description=_("last error"))
    def short_error(self, job):
        return job.last_error[:120]

    @admin.action(description=_("Retry the selected failed jobs now"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = outbox.retry_failed(queryset.filter(state=IndexJobState.FAILED))
        message = ngettext("%(count)d failed job queued again.", "%(count)d failed jobs queued again.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields
