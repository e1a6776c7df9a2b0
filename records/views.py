"""The records API for clinic staff (rm, :8001). Thin: selectors decide rows, services write.

Permission classes decide *whether* a role may call a method (the matrix, as model
permissions); the resource's selector decides *which rows* exist for the caller. DELETE voids.
Every row returned or written is recorded in the access audit log (records.audit).
"""

from django.db import transaction
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response

from accounts.roles import is_petugas
from healthkon.api.filters import RequestedFiltersBackend, query_flag
from healthkon.api.lean import lean_data, lean_plan
from healthkon.api.parsers import JSONParser, MultiPartParser
from healthkon.api.permissions import ModelPermissions
from records import documents, fhir, selectors, services
from records import filters as record_filters
from records import serializers as record_serializers
from records.audit import AuditedDenialsMixin, OutOfScope, audit_account_links, audit_record
from records.models import AuditAction

INCLUDE_VOIDED = OpenApiParameter(
    "include_voided", OpenApiTypes.BOOL, description="Admins only: also show voided rows (reads only)."
)
VOID_REASON = OpenApiParameter("reason", OpenApiTypes.STR, description="Why the entry is voided.")


class ServiceViewSet(viewsets.ModelViewSet):
    """CRUD where delete means void; subclasses name their selector, services and instance keyword."""

    permission_classes = [IsAuthenticated, ModelPermissions]
    filter_backends = [RequestedFiltersBackend, filters.OrderingFilter]
    ordering_fields = ["id", "created_at", "updated_at"]

    # Set by each resource.
    selector = None
    create_service = None
    update_service = None
    void_service = None
    instance_keyword = ""

    def include_voided(self) -> bool:
        """Voided rows are history: readable by admins on request, never writable."""
        if self.request.method not in SAFE_METHODS:
            return False
        return query_flag(self.request, "include_voided")

    def get_queryset(self):
        return type(self).selector(fetched_by=self.request.user, include_voided=self.include_voided())

    def list(self, request, *args, **kwargs):
        """DRF's list; a page of plain columns is serialized by healthkon.api.lean (same JSON)."""
        plan = lean_plan(self.get_serializer_class())
        if plan is None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(lean_data(plan, queryset))
        return self.get_paginated_response(lean_data(plan, page))

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(created_by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            **{self.instance_keyword: serializer.instance},
            updated_by=self.request.user,
            data=serializer.validated_data,
        )

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        void_request = record_serializers.VoidSerializer(
            data={"reason": request.query_params.get("reason") or _body_reason(request)}
        )
        void_request.is_valid(raise_exception=True)
        self.perform_void(instance, reason=void_request.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_void(self, instance, *, reason: str) -> None:
        type(self).void_service(**{self.instance_keyword: instance}, voided_by=self.request.user, reason=reason)


class AuditedReadMixin(AuditedDenialsMixin):
    """Records in the access audit log every row a list or detail response returns.

    Rows are recorded only once the response data exists, so a 400/403/404 records no read (an
    id outside the caller's scope, and every 403, is a `denied` row instead); an audit failure
    fails the request (503). The mobile services' read-only viewsets use it too.
    """

    _listed_rows = None

    def audit(self, action: AuditAction, instances, detail: dict | None = None) -> None:
        audit_record(request=self.request, action=action, instances=instances, detail=detail)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            model = self.get_serializer_class().Meta.model
            raise OutOfScope(model, self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")) from None

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._listed_rows = page
        return page

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)  # the page is serialized by now
        if self._listed_rows is None:  # not paginated: the whole (filtered) list was returned
            self._listed_rows = self.filter_queryset(self.get_queryset())
        self.audit(AuditAction.LIST, self._listed_rows)
        return response

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        self.audit(AuditAction.READ, [instance])
        return Response(data)


class AuditedViewSetMixin(AuditedReadMixin):
    """Reads as in `AuditedReadMixin`, and every row a write touched; a write and its audit rows commit together."""

    @transaction.atomic
    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.audit(AuditAction.CREATE, [serializer.instance])

    @transaction.atomic
    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.audit(AuditAction.UPDATE, [serializer.instance])

    @transaction.atomic
    def perform_void(self, instance, *, reason: str) -> None:
        super().perform_void(instance, reason=reason)
        self.audit(AuditAction.VOID, [instance])


@extend_schema_view(
    list=extend_schema(parameters=[INCLUDE_VOIDED]),
    retrieve=extend_schema(parameters=[INCLUDE_VOIDED]),
    destroy=extend_schema(parameters=[VOID_REASON], summary="Void (soft delete) the entry", responses={204: None}),
)
class ClinicalViewSet(AuditedViewSetMixin, ServiceViewSet):
    """Clinical CRUD (delete voids), every row returned or written recorded in the audit log."""


def _body_reason(request) -> str:
    data = request.data
    reason = data.get("reason", "") if hasattr(data, "get") else ""
    return reason if isinstance(reason, str) else ""


class PatientViewSet(ClinicalViewSet):
    """Patients; `?search=` finds NIK and BPJS numbers by prefix, names by words (see patient_search)."""

    serializer_class = record_serializers.PatientSerializer
    filter_backends = [RequestedFiltersBackend, record_filters.PatientSearchFilter, filters.OrderingFilter]
    filterset_class = record_filters.PatientFilterSet
    search_fields = ["name", "nik", "bpjs_number"]
    ordering_fields = [*ClinicalViewSet.ordering_fields, "name", "birth_date", "nik"]
    selector = staticmethod(selectors.patient_list)
    create_service = staticmethod(services.patient_create)
    update_service = staticmethod(services.patient_update)
    void_service = staticmethod(services.patient_void)
    instance_keyword = "patient"

    # Linking or unlinking the mobile account (`user`): its own audit row, besides the create/update.
    @transaction.atomic
    def perform_create(self, serializer):
        super().perform_create(serializer)
        audit_account_links(request=self.request, patient=serializer.instance)

    @transaction.atomic
    def perform_update(self, serializer):
        super().perform_update(serializer)
        audit_account_links(request=self.request, patient=serializer.instance)

    @extend_schema(summary="FHIR R4 Bundle of the patient", responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="fhir")
    def fhir(self, request, pk=None):
        """Everything the caller may see of this patient, as SATUSEHAT-style FHIR resources."""
        patient = self.get_object()
        bundle = fhir.patient_bundle(patient, viewer=request.user)
        self.audit(AuditAction.EXPORT_FHIR, [patient])
        return Response(bundle)


class MedicalRecordViewSet(ClinicalViewSet):
    """Visits; the detail includes the visit's live allergies, diagnoses, prescriptions, lab results, documents."""

    filterset_class = record_filters.MedicalRecordFilterSet
    ordering_fields = [*ClinicalViewSet.ordering_fields, "visit_date"]
    selector = staticmethod(selectors.medical_record_list)
    create_service = staticmethod(services.medical_record_create)
    update_service = staticmethod(services.medical_record_update)
    void_service = staticmethod(services.medical_record_void)
    instance_keyword = "medical_record"

    def get_queryset(self):
        return selectors.medical_record_list(
            fetched_by=self.request.user,
            include_voided=self.include_voided(),
            with_children=self.action == "retrieve",
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return record_serializers.MedicalRecordDetailSerializer
        return record_serializers.MedicalRecordSerializer


class AllergyViewSet(ClinicalViewSet):
    serializer_class = record_serializers.AllergySerializer
    filterset_class = record_filters.AllergyFilterSet
    ordering_fields = [*ClinicalViewSet.ordering_fields, "allergen", "severity"]
    selector = staticmethod(selectors.allergy_list)
    create_service = staticmethod(services.allergy_create)
    update_service = staticmethod(services.allergy_update)
    void_service = staticmethod(services.allergy_void)
    instance_keyword = "allergy"


class DiagnosisViewSet(ClinicalViewSet):
    serializer_class = record_serializers.DiagnosisSerializer
    filterset_class = record_filters.DiagnosisFilterSet
    ordering_fields = [*ClinicalViewSet.ordering_fields, "icd10_code"]
    selector = staticmethod(selectors.diagnosis_list)
    create_service = staticmethod(services.diagnosis_create)
    update_service = staticmethod(services.diagnosis_update)
    void_service = staticmethod(services.diagnosis_void)
    instance_keyword = "diagnosis"


class PrescriptionViewSet(ClinicalViewSet):
    serializer_class = record_serializers.PrescriptionSerializer
    filterset_class = record_filters.PrescriptionFilterSet
    ordering_fields = [*ClinicalViewSet.ordering_fields, "medication"]
    selector = staticmethod(selectors.prescription_list)
    create_service = staticmethod(services.prescription_create)
    update_service = staticmethod(services.prescription_update)
    void_service = staticmethod(services.prescription_void)
    instance_keyword = "prescription"


class LabResultViewSet(ClinicalViewSet):
    serializer_class = record_serializers.LabResultSerializer
    filterset_class = record_filters.LabResultFilterSet
    ordering_fields = [*ClinicalViewSet.ordering_fields, "resulted_at", "test_name"]
    selector = staticmethod(selectors.lab_result_list)
    create_service = staticmethod(services.lab_result_create)
    update_service = staticmethod(services.lab_result_update)
    void_service = staticmethod(services.lab_result_void)
    instance_keyword = "lab_result"


class MedicalDocumentViewSet(ClinicalViewSet):
    """Documents; upload a PDF or UTF-8 text file as multipart `file`, fetch it from `download`."""

    serializer_class = record_serializers.MedicalDocumentSerializer
    parser_classes = [JSONParser, MultiPartParser]
    filterset_class = record_filters.MedicalDocumentFilterSet
    ordering_fields = [*ClinicalViewSet.ordering_fields, "title"]
    selector = staticmethod(selectors.medical_document_list)
    create_service = staticmethod(services.medical_document_create)
    update_service = staticmethod(services.medical_document_update)
    void_service = staticmethod(services.medical_document_void)
    instance_keyword = "medical_document"

    @extend_schema(parameters=[INCLUDE_VOIDED], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def download(self, request, *args, **kwargs):
        """The stored file, as an attachment; 404 when the caller cannot see the document."""
        return document_download(self, self.get_object())


def document_download(view: AuditedReadMixin, document) -> FileResponse:
    """The document's stored file as an attachment, audited as a download; 404 when it has no file."""
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    extension = documents.EXTENSIONS.get(document.file_content_type, "")
    filename = documents.safe_filename(document.original_filename, fallback=f"document-{document.pk}{extension}")
    content_type = document.file_content_type or "application/octet-stream"
    if content_type == documents.TEXT:
        content_type = f"{content_type}; charset=utf-8"  # text was checked to be UTF-8 on upload
    try:
        view.audit(AuditAction.DOWNLOAD, [document])
    except Exception:
        handle.close()
        raise
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


class RelationViewSet(ClinicalViewSet):
    """Family links: `patient` may view `related_patient`'s records when `can_view_records`."""

    serializer_class = record_serializers.RelationSerializer
    filterset_class = record_filters.RelationFilterSet
    ordering_fields = [*ClinicalViewSet.ordering_fields, "relationship"]
    selector = staticmethod(selectors.relation_list)
    create_service = staticmethod(services.relation_create)
    update_service = staticmethod(services.relation_update)
    void_service = staticmethod(services.relation_void)
    instance_keyword = "relation"


@extend_schema_view(
    list=extend_schema(summary="Who read or changed which patient's data, newest first"),
)
class AuditLogViewSet(AuditedDenialsMixin, viewsets.ReadOnlyModelViewSet):
    """The access audit log (admins): read-only for everybody, its own reads are not audited."""

    serializer_class = record_serializers.AuditLogSerializer
    permission_classes = [IsAuthenticated, ModelPermissions]
    filterset_class = record_filters.AuditLogFilterSet

    def get_queryset(self):
        return selectors.audit_log_list(fetched_by=self.request.user)

    def check_permissions(self, request):
        # 405 before the model permissions' 403: no role, admins included, may write here. A
        # patient's account is the wrong role for this service: 403, as everywhere on :8001.
        if request.method not in SAFE_METHODS and is_petugas(request.user):
            raise MethodNotAllowed(request.method)
        super().check_permissions(request)
