"""Routes of the records API (rm, :8001); each answers with or without a trailing slash."""

from healthkon.api.routers import OptionalSlashRouter
from records import views

router = OptionalSlashRouter()
router.register("patients", views.PatientViewSet, basename="patient")
router.register("medical-records", views.MedicalRecordViewSet, basename="medical-record")
router.register("allergies", views.AllergyViewSet, basename="allergy")
router.register("diagnoses", views.DiagnosisViewSet, basename="diagnosis")
router.register("prescriptions", views.PrescriptionViewSet, basename="prescription")
router.register("lab-results", views.LabResultViewSet, basename="lab-result")
router.register("medical-documents", views.MedicalDocumentViewSet, basename="medical-document")
router.register("relations", views.RelationViewSet, basename="relation")
router.register("audit-logs", views.AuditLogViewSet, basename="audit-log")

urlpatterns = router.urls
