"""The Django admin as the clinic's staff dashboard for medical records.

Rules are the API's: who may view/add/change/delete comes from the role groups' model
permissions (accounts.roles). On top of Django's defaults:
- "delete" voids (who, when, "voided in admin") — no admin path hard-deletes a clinical row,
  inline delete checkboxes included; voiding a visit voids what it produced, voiding a
  patient voids their visits and family links;
- admins (role admin or superuser) also see voided rows and can filter on them; doctors and
  staff see only live rows (and only live rows' history);
- created_by / updated_by come from the signed-in user; audit fields are read-only;
- every change is kept by django-simple-history (the "History" button);
- every row a page shows (changelist, change page, history) and every row saved or voided is
  recorded in the access audit log (AuditedAdminMixin, records.audit); the log itself is
  read-only here, for everybody.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Case, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Petugas, Role
from accounts.roles import user_role
from records import selectors, services
from records.audit import DeniedReason, audit_account_links, audit_record
from records.models import (
    RELEASE_DECISION_FIELDS,
    AccountLink,
    AccountLinkStatus,
    Allergy,
    AuditAction,
    AuditLog,
    Diagnosis,
    LabResult,
    MedicalDocument,
    MedicalRecord,
    Patient,
    Prescription,
    Relation,
)

ADMIN_VOID_REASON = "voided in admin"
AUDIT_FIELDS = (
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "voided",
    "voided_at",
    "voided_by",
    "void_reason",
)


def sees_voided(request) -> bool:
    """Admins (and superusers) see voided rows; doctors and staff never do."""
    return user_role(request.user) == Role.ADMIN


def database_converts_time_zones() -> bool:
    """MySQL/MariaDB need their time zone tables for date drill-downs (CONVERT_TZ); SQLite never does."""
    global _converts_time_zones
    if connection.vendor != "mysql":
        return True
    if _converts_time_zones is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT CONVERT_TZ('2000-01-01 00:00:00', 'UTC', 'Asia/Jakarta')")
            _converts_time_zones = cursor.fetchone()[0] is not None
    return _converts_time_zones


_converts_time_zones: bool | None = None


class TimeZoneSafeChangeList(ChangeList):
    """Drops the date drill-down (instead of a 500) on a MySQL server without time zone tables.

    Load them to get it back: `mariadb-tzinfo-to-sql /usr/share/zoneinfo | mariadb -u root mysql`.
    """

    def __init__(self, request, model, list_display, list_display_links, list_filter, date_hierarchy, *args, **kw):
        if date_hierarchy and not database_converts_time_zones():
            date_hierarchy = None
        super().__init__(request, model, list_display, list_display_links, list_filter, date_hierarchy, *args, **kw)


class ClinicalAdminForm(forms.ModelForm):
    """The models' rules may name a field this form does not show (e.g. a visit's patient on an inline):
    such errors are shown above the form instead of crashing it."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            for field in [name for name in errors.error_dict if name != NON_FIELD_ERRORS and name not in self.fields]:
                errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(errors.error_dict.pop(field))
        super()._update_errors(errors)


class VoidingAdmin(SimpleHistoryAdmin):
    """The dashboard door onto the same rules as the API: rows from the resource's selector, writes
    through `records.services` (authorship, validation, history), delete voids, voided rows read-only."""

    form = ClinicalAdminForm
    list_per_page = 50
    selector = None  # the resource's function in records.selectors
    save_service = staticmethod(services.clinical_save)  # the resource's write path
    # Fields a history revert never writes back: they change only through their own action.
    kept_on_revert: tuple[str, ...] = ()

    def get_changelist(self, request, **kwargs):
        return TimeZoneSafeChangeList

    def get_queryset(self, request):
        queryset = type(self).selector(fetched_by=request.user, include_voided=sees_voided(request))
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def has_change_permission(self, request, obj=None):
        # The stored row decides: a history version being reverted may say "not voided".
        if obj is not None and (obj.voided or obj.stored_value("voided")):
            return False  # history, not a draft: shown to admins, changed by nobody
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.voided or obj.stored_value("voided")):
            return False
        return super().has_delete_permission(request, obj)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return [*filters, "voided"] if sees_voided(request) else filters

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return [*columns, "voided"] if sees_voided(request) else columns

    def get_readonly_fields(self, request, obj=None):
        kept = self.kept_on_revert if getattr(request, "reverting_history", False) else ()
        return [*super().get_readonly_fields(request, obj), *AUDIT_FIELDS, *kept]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets:  # explicit fieldsets: add the audit block once the row exists
            return [*fieldsets, (_("Audit"), {"fields": AUDIT_FIELDS, "classes": ["collapse"]})] if obj else fieldsets
        return fieldsets

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f not in AUDIT_FIELDS]
        return [*fields, *AUDIT_FIELDS] if obj else fields

    def save_model(self, request, obj, form, change):
        if getattr(request, "reverting_history", False):
            for name in self.kept_on_revert:  # the version's value is history, today's stays
                attname = obj._meta.get_field(name).attname
                setattr(obj, attname, obj.stored_value(attname))
        type(self).save_service(obj, saved_by=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        self.void(request, formset.deleted_objects)  # the inline "delete" box voids too
        for instance in instances:
            services.clinical_save(instance, saved_by=request.user)
        formset.save_m2m()

    def delete_model(self, request, obj):
        self.void(request, [obj])

    def delete_queryset(self, request, queryset):
        self.void(request, queryset)

    def void(self, request, objs) -> list:
        """Every admin path that would delete lands here; returns the rows voided."""
        with transaction.atomic():
            return [
                row
                for obj in objs
                for row in services.clinical_void(obj, voided_by=request.user, reason=ADMIN_VOID_REASON)
            ]

    def get_deleted_objects(self, objs, request):
        """Voiding touches no other table the way a delete would: confirm just these rows."""
        objs = list(objs)
        return [str(obj) for obj in objs], {self.model._meta.verbose_name_plural: len(objs)}, set(), []

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (func, name, _("Void selected %(verbose_name_plural)s"))
        return actions

    def history_view(self, request, object_id, extra_context=None):
        self._ensure_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._ensure_visible(request, object_id)
        request.reverting_history = True  # see kept_on_revert
        if request.method == "POST":  # a revert is a change of the row as it stands today
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _ensure_visible(self, request, object_id) -> None:
        """History is shown only to whoever may see the row today: doctors and staff never see voided rows."""
        try:
            visible = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404


class AuditedAdminMixin:
    """Records what a ModelAdmin page shows or saves in the access audit log (records.audit).

    Shown: the changelist's rows (list), a change, delete-confirmation or history page opened with
    GET (read), and autocomplete suggestions (list, see AuditedAutocompleteJsonView).
    Saved: the object and its inline rows (create/update); voided rows, cascade included (void).
    Writes are recorded in the transaction that makes them, so an audit failure undoes them.
    """

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None and response.status_code == 200:
            # Evaluating the page here fills its cache: the template reuses it, no extra query.
            audit_record(request=request, action=AuditAction.LIST, instances=changelist.result_list)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = (getattr(response, "context_data", None) or {}).get("original")
        if request.method == "GET" and original is not None and response.status_code == 200:
            audit_record(request=request, action=AuditAction.READ, instances=[original])
        return response

    def delete_view(self, request, object_id, extra_context=None):
        """The confirmation page shows the row and what voiding it would touch: a read."""
        response = super().delete_view(request, object_id, extra_context)
        shown = (getattr(response, "context_data", None) or {}).get("object")
        if request.method == "GET" and shown is not None and response.status_code == 200:
            audit_record(request=request, action=AuditAction.READ, instances=[shown])
        return response

    def get_actions(self, request):
        """The bulk void's confirmation page lists the selected rows: a read of each."""
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            confirm_or_void, name, description = actions["delete_selected"]

            def audited_delete_selected(modeladmin, request, queryset):
                response = confirm_or_void(modeladmin, request, queryset)
                if response is not None and request.method == "POST" and not request.POST.get("post"):
                    audit_record(request=request, action=AuditAction.READ, instances=list(queryset))
                return response

            actions["delete_selected"] = (audited_delete_selected, name, description)
        return actions

    def render_history_view(self, request, template, context, **kwargs):
        """simple-history's version list and old-version pages show the row: a read."""
        shown = context.get("original") or context.get("object")
        if request.method == "GET" and shown is not None:
            audit_record(request=request, action=AuditAction.READ, instances=[shown])
        return super().render_history_view(request, template, context, **kwargs)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(request=request, action=AuditAction.UPDATE if change else AuditAction.CREATE, instances=[obj])
            audit_account_links(request=request, patient=obj)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            audit_record(request=request, action=AuditAction.CREATE, instances=formset.new_objects)
            changed = [obj for obj, _fields in formset.changed_objects]
            audit_record(request=request, action=AuditAction.UPDATE, instances=changed)

    def void(self, request, objs) -> list:
        with transaction.atomic():
            voided = super().void(request, objs)
            audit_record(request=request, action=AuditAction.VOID, instances=voided)
        return voided


class AuditedAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete suggestions show patients' names and NIKs: for audited models they are a list read."""

    def get_context_data(self, *, object_list=None, **kwargs):
        context = super().get_context_data(object_list=object_list, **kwargs)
        if isinstance(self.model_admin, AuditedAdminMixin):
            context["object_list"] = list(context["object_list"])  # evaluated once, for the log and the JSON
            audit_record(request=self.request, action=AuditAction.LIST, instances=context["object_list"])
        return context


class ClinicalAdmin(AuditedAdminMixin, VoidingAdmin):
    """A clinical model's admin: voiding for deleting, history, every row shown or saved audited."""


class ClinicalInline(admin.TabularInline):
    """Live child rows of a visit; the delete box voids them (see ClinicalAdmin.save_formset)."""

    form = ClinicalAdminForm
    extra = 0
    show_change_link = True
    # Compact cells: a visit page holds five of these tables.
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 18})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 22})},
        models.DecimalField: {"widget": forms.NumberInput(attrs={"style": "width: 6em", "step": "any"})},
    }


class DiagnosisInline(ClinicalInline):
    model = Diagnosis
    fields = ["icd10_code", "description", "kind"]


class PrescriptionInline(ClinicalInline):
    model = Prescription
    fields = ["medication", "dosage", "frequency", "duration_days", "instructions"]


class AllergyInline(ClinicalInline):
    model = Allergy
    fields = ["allergen", "reaction", "severity"]


class LabResultInline(ClinicalInline):
    model = LabResult
    fields = ["test_name", "value", "unit", "reference_range", "flag", "resulted_at", "release_state"]


class MedicalDocumentInline(admin.StackedInline):
    model = MedicalDocument
    extra = 0
    show_change_link = True
    fields = ["document_type", "title", "content", "file", "release_state"]


class VisitSummaryInline(admin.TabularInline):
    """A patient's visits, newest first, read-only: each links to its own page."""

    model = MedicalRecord
    template = "admin/records/visit_summary_inline.html"
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = _("visits")
    fields = ["visit_link", "facility", "attending_name", "chief_complaint_short", "diagnoses"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attending").prefetch_related("diagnoses")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("visit date"))
    def visit_link(self, record):
        url = reverse("admin:records_medicalrecord_change", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, timezone.localtime(record.visit_date).strftime("%Y-%m-%d %H:%M"))

    @admin.display(description=_("attending"))
    def attending_name(self, record):
        return record.attending.nama if record.attending_id else "—"  # no link: petugas pages are admin-only

    @admin.display(description=_("chief complaint"))
    def chief_complaint_short(self, record):
        return Truncator(record.chief_complaint).chars(60)

    @admin.display(description=_("diagnoses"))
    def diagnoses(self, record):
        rows = ((d.icd10_code, d.description) for d in record.diagnoses.all())
        return format_html_join(", ", "<code>{}</code> {}", rows)


@admin.register(Patient)
class PatientAdmin(ClinicalAdmin):
    selector = selectors.patient_list
    save_service = staticmethod(services.patient_save)
    kept_on_revert = ("user",)  # linked and unlinked only as its own audited action
    list_display = ["name", "nik", "bpjs_number", "birth_date", "sex", "blood_type", "phone"]
    list_filter = ["sex", "blood_type"]
    search_fields = ["name", "^nik", "^bpjs_number"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "nik", "bpjs_number", "birth_date", "sex", "blood_type"]}),
        (_("Contact"), {"fields": ["phone", "address", "user"]}),
    ]
    inlines = [VisitSummaryInline]

    def get_autocomplete_fields(self, request):
        # Linking a mobile account needs a view on users, which only admins have; others see the id.
        return self.autocomplete_fields if request.user.has_perm("accounts.view_user") else []

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.has_perm("accounts.view_user") else ["user", *readonly]


@admin.register(MedicalRecord)
class MedicalRecordAdmin(ClinicalAdmin):
    selector = selectors.medical_record_list
    list_display = ["visit_date", "patient", "facility", "attending", "short_complaint"]
    list_filter = ["facility"]
    search_fields = ["patient__name", "^patient__nik", "^patient__bpjs_number", "chief_complaint"]
    autocomplete_fields = ["patient"]
    date_hierarchy = "visit_date"
    list_select_related = ["patient", "attending"]
    fieldsets = [
        (None, {"fields": ["patient", "visit_date", "facility", "attending", "chief_complaint", "notes"]}),
        (
            _("Vital signs"),
            {
                "fields": [
                    ("height_cm", "weight_kg"),
                    ("systolic", "diastolic"),
                    ("heart_rate", "temperature_c", "spo2"),
                ]
            },
        ),
    ]
    inlines = [DiagnosisInline, PrescriptionInline, AllergyInline, LabResultInline, MedicalDocumentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("patient")  # __str__ reads the patient

    @admin.display(description=_("chief complaint"))
    def short_complaint(self, record):
        return Truncator(record.chief_complaint).chars(60)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The attending list is the clinic's doctors. Not an autocomplete: that would need view
        # permission on petugas, which doctors and staff do not have (only admins manage accounts).
        if db_field.name == "attending":
            kwargs["queryset"] = Petugas.objects.filter(role=Role.DOCTOR, user__is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        petugas = getattr(request.user, "petugas", None)
        if petugas is not None and petugas.role == Role.DOCTOR:
            initial.setdefault("attending", petugas.pk)
        initial.setdefault("visit_date", timezone.now())
        return initial


class VisitChildAdmin(ClinicalAdmin):
    """A visit's product on its own page: the visit by autocomplete, the patient shown, never typed."""

    autocomplete_fields = ["medical_record"]
    list_select_related = ["patient", "medical_record"]
    search_fields = ["patient__name", "=patient__nik"]

    def get_readonly_fields(self, request, obj=None):
        return ["patient", *super().get_readonly_fields(request, obj)]

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "patient"]
        return ["patient", *fields] if obj else fields


@admin.register(Diagnosis)
class DiagnosisAdmin(VisitChildAdmin):
    selector = selectors.diagnosis_list
    list_display = ["icd10_code", "description", "kind", "icd10_edition", "patient", "created_at"]
    list_filter = ["kind", "icd10_edition"]
    readonly_fields = ["icd10_edition"]
    search_fields = [*VisitChildAdmin.search_fields, "^icd10_code", "description"]


@admin.register(Prescription)
class PrescriptionAdmin(VisitChildAdmin):
    selector = selectors.prescription_list
    list_display = ["medication", "dosage", "frequency", "duration_days", "patient", "created_at"]
    search_fields = [*VisitChildAdmin.search_fields, "medication"]


@admin.register(Allergy)
class AllergyAdmin(VisitChildAdmin):
    selector = selectors.allergy_list
    list_display = ["allergen", "reaction", "severity", "patient", "created_at"]
    list_filter = ["severity"]
    search_fields = [*VisitChildAdmin.search_fields, "allergen"]


@admin.register(LabResult)
class LabResultAdmin(VisitChildAdmin):
    selector = selectors.lab_result_list
    list_display = ["test_name", "value", "unit", "flag", "patient", "resulted_at", "release_state"]
    list_filter = ["flag", "release_state"]
    search_fields = [*VisitChildAdmin.search_fields, "test_name"]
    readonly_fields = RELEASE_DECISION_FIELDS
    date_hierarchy = "resulted_at"


@admin.register(MedicalDocument)
class MedicalDocumentAdmin(VisitChildAdmin):
    selector = selectors.medical_document_list
    list_display = ["title", "document_type", "patient", "created_at", "release_state"]
    list_filter = ["document_type", "release_state"]
    search_fields = [*VisitChildAdmin.search_fields, "title"]
    readonly_fields = ["file_content_type", "file_size", "original_filename", *RELEASE_DECISION_FIELDS]


@admin.register(Relation)
class RelationAdmin(ClinicalAdmin):
    selector = selectors.relation_list
    list_display = ["patient", "relationship", "related_patient", "can_view_records"]
    list_filter = ["relationship", "can_view_records"]
    search_fields = ["patient__name", "=patient__nik", "related_patient__name", "=related_patient__nik"]
    autocomplete_fields = ["patient", "related_patient"]
    list_select_related = ["patient", "related_patient"]


@admin.register(AccountLink)
class AccountLinkAdmin(admin.ModelAdmin):
    """Mobile accounts linked to patients: pending self-links first (staff confirm or reject them), then recent links.

    Shown to staff and admins (records.view_accountlink); the decisions are
    `records.services.account_link_decide`, audited as `link` or `link_rejected` on the patient.
    Rows are written by the link services only: nobody adds, edits or deletes them here.
    """

    list_display = ["requested_at", "status", "channel", "user_email", "patient", "decided_by", "decided_at"]
    list_filter = ["status", "channel"]
    search_fields = ["user_email", "=patient__nik", "patient__name"]
    list_select_related = ["patient", "decided_by"]
    readonly_fields = [field.name for field in AccountLink._meta.fields]
    actions = ["confirm_links", "reject_links"]
    list_per_page = 50

    def get_ordering(self, request):
        return [Case(When(status=AccountLinkStatus.PENDING, then=0), default=1), "-requested_at", "-id"]

    def get_changelist(self, request, **kwargs):
        return TimeZoneSafeChangeList

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)  # the actions, never the form

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None and response.status_code == 200:
            # Each row shows a patient: a read of theirs, as on every other page.
            audit_record(
                request=request, action=AuditAction.LIST, instances=[link.patient for link in changelist.result_list]
            )
        return response

    @admin.action(description=_("Confirm the selected links (the account gets the record)"), permissions=["change"])
    def confirm_links(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Reject the selected link requests"), permissions=["change"])
    def reject_links(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, *, approve: bool) -> None:
        done = 0
        for link in queryset.select_related("patient"):
            try:
                with transaction.atomic():
                    link = services.account_link_decide(link=link, decided_by=request.user, approve=approve)
                    action = AuditAction.LINK if approve else AuditAction.LINK_REJECTED
                    detail = {"account_link": link.pk, "account": link.user_id}
                    audit_record(request=request, action=action, instances=[link.patient], detail=detail)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{link}: {' '.join(error.messages)}", level=messages.ERROR)
        if done:
            self.message_user(request, _("%(count)d request(s) decided.") % {"count": done}, level=messages.SUCCESS)


class DeniedReasonFilter(admin.SimpleListFilter):
    """Refused attempts (action `denied`) by why: outside the caller's scope, no such row, wrong role."""

    title = _("refusal reason")
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return DeniedReason.choices

    def queryset(self, request, queryset):
        if self.value() not in DeniedReason.values:
            return queryset
        return queryset.filter(action=AuditAction.DENIED, detail__reason=self.value())


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """The access audit log: viewable by whoever holds view_auditlog (admins), changeable by nobody."""

    list_display = [
        "occurred_at",
        "user_email",
        "user_role",
        "action",
        "denied_reason",
        "resource",
        "object_id",
        "patient",
        "ip",
    ]
    list_filter = ["action", DeniedReasonFilter, "resource", "user_role", "service"]
    search_fields = ["user_email", "=patient__nik"]
    list_select_related = ["patient"]
    date_hierarchy = "occurred_at"
    list_per_page = 100
    readonly_fields = [field.name for field in AuditLog._meta.fields]

    def get_changelist(self, request, **kwargs):
        return TimeZoneSafeChangeList

    @admin.display(description=_("refusal reason"))
    def denied_reason(self, entry):
        reason = entry.detail.get("reason") if entry.action == AuditAction.DENIED else None
        return DeniedReason(reason).label if reason in DeniedReason.values else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
