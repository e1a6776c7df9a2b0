"""Routes of the patients' records service (rm_mobile, :8003); each answers with or without a trailing slash."""

from django.urls import re_path

from healthkon.api.routers import OptionalSlashRouter
from records_mobile import views

router = OptionalSlashRouter()
router.register("medical-records", views.MedicalRecordViewSet, basename="mobile-medical-record")
router.register("allergies", views.AllergyViewSet, basename="mobile-allergy")
router.register("diagnoses", views.DiagnosisViewSet, basename="mobile-diagnosis")
router.register("prescriptions", views.PrescriptionViewSet, basename="mobile-prescription")
router.register("lab-results", views.LabResultViewSet, basename="mobile-lab-result")
router.register("medical-documents", views.MedicalDocumentViewSet, basename="mobile-medical-document")
router.register("relations", views.RelationViewSet, basename="mobile-relation")

urlpatterns = [
    re_path(r"^me/?$", views.MeView.as_view(), name="mobile-me"),
    re_path(r"^me/link/?$", views.MeLinkView.as_view(), name="mobile-me-link"),
    re_path(r"^me/fhir/?$", views.MeFhirView.as_view(), name="mobile-me-fhir"),
    *router.urls,
]
