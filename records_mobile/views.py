"""The patients' records service (rm_mobile, :8003): read-only, own and dependents' data only.

Thin, as on :8001: `records.selectors` decide which rows exist for the caller (own patient plus
dependents through a live relation with `can_view_records`, released lab results and documents
only); a list without `?patient=` (or `?medical_record=`) holds the caller's own rows only, and
`GET /me` says whom else the caller may view; `IsPatientAccount` decides who may call at all
(patient accounts; petugas get 403); the one write, linking an account, is
`records.services.patient_link_account`.

Every read is recorded in the access audit log with the patient's account as the actor
(`records.views.AuditedReadMixin`).

Cheap for a phone: every GET response carries an `ETag` computed from the body that was sent
(so it changes whenever anything shown changes: a row, a label's language, a page link), and
`If-None-Match` with that tag answers 304 with no body. The request still runs in full and is
still audited: a 304 reveals nothing new, but the patient's data was read on their behalf, and
Permenkes 24/2022 asks for every access. Responses over 200 bytes are gzip-compressed for clients
that accept it. `Cache-Control: private, no-cache` keeps shared caches out and makes the app
revalidate, which is what the ETag makes cheap.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from healthkon.api.exceptions import ApplicationError
from healthkon.api.filters import IdField, RequestedFiltersBackend
from records import fhir, selectors, services
from records.audit import OutOfScope
from records.identifiers import MasksOthersIdentifiersMixin, masker_for
from records.models import AccountLinkStatus, AuditAction, Patient
from records.views import AuditedReadMixin, document_download
from records_mobile import filters as mobile_filters
from records_mobile import serializers as mobile_serializers
from records_mobile.permissions import IsPatientAccount
from records_mobile.throttles import LinkAccountThrottle, LinkIPThrottle

ID_PATTERN = r"[0-9]{1,18}"  # ids beyond BIGINT never reach the database: the path is a 404
# Query parameters that pick whose rows a list shows; without either, a list is the caller's own.
ROWS_NAMING_A_PATIENT = ("patient", "medical_record")


class PhoneFriendlyMixin:
    """ETag/If-None-Match → 304 and gzip on every response of the view; private, revalidated caching."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        # Outermost gzip, then the conditional check on the uncompressed body (gzip weakens the tag;
        # If-None-Match compares weakly, so the app's next request still matches).
        return gzip_page(conditional_page(super().as_view(*args, **kwargs)))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Authorization", "Accept-Language"))
        return response


class PatientReadOnlyViewSet(
    MasksOthersIdentifiersMixin, PhoneFriendlyMixin, AuditedReadMixin, viewsets.ReadOnlyModelViewSet
):
    """List and detail of one resource, scoped by its selector; writes answer 405."""

    permission_classes = [IsAuthenticated, IsPatientAccount]
    filter_backends = [RequestedFiltersBackend]
    lookup_value_regex = ID_PATTERN
    selector = None  # set by each resource
    related = ()  # select_related for the fields the serializer shows

    def get_queryset(self):
        return type(self).selector(fetched_by=self.request.user).select_related(*self.related)

    def filter_queryset(self, queryset):
        """A list is the caller's own rows unless `?patient=` (or `?medical_record=`) names another in scope."""
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and not any(name in self.request.query_params for name in ROWS_NAMING_A_PATIENT):
            queryset = queryset.filter(patient__user=self.request.user)
        return queryset


class MedicalRecordViewSet(PatientReadOnlyViewSet):
    """Visits, newest first; the detail nests diagnoses, prescriptions, lab results, allergies, documents."""

    filterset_class = mobile_filters.MedicalRecordFilterSet
    selector = staticmethod(selectors.medical_record_list)
    related = ("attending",)

    def get_queryset(self):
        return selectors.medical_record_list(
            fetched_by=self.request.user, with_children=self.action == "retrieve"
        ).select_related(*self.related)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return mobile_serializers.MedicalRecordDetailSerializer
        return mobile_serializers.MedicalRecordSerializer


class AllergyViewSet(PatientReadOnlyViewSet):
    serializer_class = mobile_serializers.AllergySerializer
    filterset_class = mobile_filters.AllergyFilterSet
    selector = staticmethod(selectors.allergy_list)
    related = ("medical_record",)


class DiagnosisViewSet(PatientReadOnlyViewSet):
    serializer_class = mobile_serializers.DiagnosisSerializer
    filterset_class = mobile_filters.DiagnosisFilterSet
    selector = staticmethod(selectors.diagnosis_list)
    related = ("medical_record",)


class PrescriptionViewSet(PatientReadOnlyViewSet):
    serializer_class = mobile_serializers.PrescriptionSerializer
    filterset_class = mobile_filters.PrescriptionFilterSet
    selector = staticmethod(selectors.prescription_list)
    related = ("medical_record",)


class LabResultViewSet(PatientReadOnlyViewSet):
    """Released lab results only: a result the clinician holds back does not exist here."""

    serializer_class = mobile_serializers.LabResultSerializer
    filterset_class = mobile_filters.LabResultFilterSet
    selector = staticmethod(selectors.lab_result_list)
    related = ("medical_record",)


class MedicalDocumentViewSet(PatientReadOnlyViewSet):
    """Released documents only; `download` serves the file under the same scope."""

    serializer_class = mobile_serializers.MedicalDocumentSerializer
    filterset_class = mobile_filters.MedicalDocumentFilterSet
    selector = staticmethod(selectors.medical_document_list)
    related = ("medical_record",)

    @extend_schema(
        summary="The document's file, as an attachment",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def download(self, request, *args, **kwargs):
        """404 when the caller cannot see the document, it is held back, or it has no file."""
        return document_download(self, self.get_object())


class RelationViewSet(PatientReadOnlyViewSet):
    """The caller's own family links (where its patient is the viewer)."""

    serializer_class = mobile_serializers.RelationSerializer
    filterset_class = mobile_filters.RelationFilterSet
    selector = staticmethod(selectors.relation_list)
    related = ("related_patient",)


# --- /me ------------------------------------------------------------------------------------


class MeView(MasksOthersIdentifiersMixin, PhoneFriendlyMixin, AuditedReadMixin, APIView):
    """The caller's linked patient (or null) and the dependents whose records it may view."""

    permission_classes = [IsAuthenticated, IsPatientAccount]

    @extend_schema(responses={200: mobile_serializers.MeSerializer})
    def get(self, request):
        patient = selectors.own_patient(fetched_by=request.user)
        dependents = list(selectors.dependent_relation_list(fetched_by=request.user)) if patient else []
        pending = None if patient else selectors.pending_account_link(fetched_by=request.user)
        data = mobile_serializers.MeSerializer(
            {"patient": patient, "dependents": dependents, "pending_link": pending}
        ).data
        shown = ([patient] if patient else []) + [relation.related_patient for relation in dependents]
        self.audit(AuditAction.READ, shown)
        return Response(data)


LINK_REFUSED = _(
    "These details do not match a patient record that can be linked to this account. "
    "Check the NIK, BPJS number and birth date, or ask the clinic to link your record."
)


LINK_PENDING = _(
    "These details match a record that a family member's account can already view, so the clinic "
    "confirms this link first. Show your KTP and BPJS card at the clinic; your record appears here once confirmed."
)


class MeLinkView(MasksOthersIdentifiersMixin, PhoneFriendlyMixin, AuditedReadMixin, APIView):
    """Link the caller's account to its patient record by NIK, BPJS number and birth date (Mobile JKN style).

    Every failure, whatever the cause (a wrong value, a malformed one, a patient already linked,
    an account that already has a patient), is the same 400; every attempt, throttled ones too,
    is in the access audit log (`link` on the patient, or `link_failed` on the account). A record
    a guardian's relation already uses is not linked at once: 202, and the request waits for staff
    in the dashboard (`link_requested`; see records.services.patient_in_guardian_use).
    """

    permission_classes = [IsAuthenticated, IsPatientAccount]
    throttle_classes = [LinkIPThrottle, LinkAccountThrottle]

    @extend_schema(
        request=mobile_serializers.LinkSerializer,
        responses={200: mobile_serializers.MeSerializer, 202: mobile_serializers.LinkPendingSerializer},
    )
    def post(self, request):
        serializer = mobile_serializers.LinkSerializer(data=request.data)
        try:
            if not serializer.is_valid():
                raise services.PatientLinkRefused
            link = services.patient_link_account(user=request.user, **serializer.validated_data)
        except services.PatientLinkRefused:
            self.audit(AuditAction.LINK_FAILED, [request.user])
            raise ApplicationError(LINK_REFUSED) from None
        if link.status == AccountLinkStatus.PENDING:
            self.audit(AuditAction.LINK_REQUESTED, [link.patient], detail={"account_link": link.pk})
            body = {"status": link.status, "requested_at": link.requested_at, "detail": LINK_PENDING}
            return Response(mobile_serializers.LinkPendingSerializer(body).data, status=status.HTTP_202_ACCEPTED)
        self.audit(AuditAction.LINK, [link.patient], detail={"account_link": link.pk})
        dependents = list(selectors.dependent_relation_list(fetched_by=request.user))
        return Response(mobile_serializers.MeSerializer({"patient": link.patient, "dependents": dependents}).data)

    def throttled(self, request, wait):
        self.audit(AuditAction.LINK_FAILED, [request.user])
        super().throttled(request, wait)


PATIENT_PARAMETER = OpenApiParameter(
    "patient", OpenApiTypes.INT, description="A dependent in the caller's scope; the caller's own patient by default."
)


class MeFhirView(MasksOthersIdentifiersMixin, PhoneFriendlyMixin, AuditedReadMixin, APIView):
    """The caller's own record (or a dependent's, with `?patient=`) as a FHIR R4 Bundle."""

    permission_classes = [IsAuthenticated, IsPatientAccount]
    not_found_for_query_parameters = True  # ?patient= outside the caller's scope

    @extend_schema(
        summary="FHIR R4 Bundle of the caller's own record",
        parameters=[PATIENT_PARAMETER],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        raw = request.query_params.get("patient")
        patients = selectors.patient_list(fetched_by=request.user)
        if raw is None:
            patients = patients.filter(user=request.user)
        else:
            try:
                patient_id = IdField().clean(raw)
            except DjangoValidationError as error:
                raise ValidationError({"patient": [_("A patient id is a positive whole number.")]}) from error
            patients = patients.filter(pk=patient_id)
        patient = fhir.patient_bundle_queryset(patients, viewer=request.user).first()
        if patient is None and raw is not None:
            raise OutOfScope(Patient, raw)
        if patient is None:
            raise NotFound
        bundle = fhir.patient_bundle(
            patient,
            viewer=request.user,
            mask_text=masker_for(request.user).text,
            mask_identifiers=patient.user_id != request.user.pk,  # a dependent's record
        )
        self.audit(AuditAction.EXPORT_FHIR, [patient])
        return Response(bundle, status=status.HTTP_200_OK)
