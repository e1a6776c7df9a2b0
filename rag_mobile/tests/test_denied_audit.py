"""RAG questions about someone outside the caller's scope are denied rows in the audit log (issue 19 item 8).

Scope is decided before retrieval (rag.selectors), so none of these needs the index.
"""

import pytest
from django.test import override_settings

from records import services
from records.models import AuditLog
from records.tests.factories import PatientFactory, RelationFactory

pytestmark = pytest.mark.django_db


def denied():
    return [
        (row.user_id, row.service, row.resource, row.object_id, row.patient_id, row.detail["reason"])
        for row in AuditLog.objects.filter(action="denied").order_by("id")
    ]


@pytest.fixture
def family(make_user):
    account = make_user()
    own = PatientFactory(user=account)
    no_consent = PatientFactory()
    RelationFactory(patient=own, related_patient=no_consent, can_view_records=False)
    return {"account": account, "own": own, "no_consent": no_consent, "stranger": PatientFactory()}


@pytest.mark.urls("healthkon.urls.rag_mobile")
@override_settings(SERVICE_NAME="rag_mobile")
def test_a_patient_asking_about_someone_else_is_a_denied_row(family, client_for):
    client = client_for(family["account"])
    for target in (family["stranger"], family["no_consent"]):
        response = client.post("/rag/query", {"question": "Apa diagnosisnya?", "patient_id": target.pk}, format="json")
        assert response.status_code == 404
    missing = client.post("/rag/query", {"question": "Apa diagnosisnya?", "patient_id": 987654321}, format="json")
    assert missing.status_code == 404 and missing.content == response.content
    account = family["account"].pk
    assert denied() == [
        (account, "rag_mobile", "records.patient", str(family["stranger"].pk), family["stranger"].pk, "out_of_scope"),
        (
            account,
            "rag_mobile",
            "records.patient",
            str(family["no_consent"].pk),
            family["no_consent"].pk,
            "out_of_scope",
        ),
        (account, "rag_mobile", "records.patient", "987654321", None, "not_found"),
    ]
    assert not AuditLog.objects.exclude(action="denied").exists()  # no question was logged as asked


@pytest.mark.urls("healthkon.urls.rag")
@override_settings(SERVICE_NAME="rag")
def test_staff_asking_about_a_voided_patient_and_a_patient_on_the_staff_service_are_denied_rows(
    family, client_for, make_user
):
    doctor = make_user("doctor")
    voided = PatientFactory()
    services.patient_void(patient=voided, voided_by=doctor, reason="duplikat")
    body = {"query": "diabetes", "patient_id": voided.pk}
    assert client_for(doctor).post("/rag/search", body, format="json").status_code == 404
    own = family["own"]
    asked = {"question": "Apa diagnosis saya?", "patient_id": own.pk}
    assert client_for(family["account"]).post("/rag/query", asked, format="json").status_code == 403
    assert denied() == [
        (doctor.pk, "rag", "records.patient", str(voided.pk), voided.pk, "out_of_scope"),
        (family["account"].pk, "rag", "records.patient", str(own.pk), own.pk, "forbidden"),
    ]
