"""GET /patients/{id}/fhir: a FHIR R4 Bundle for those who may read the patient, nothing for others."""

import pytest
from fhir.resources.R4B.bundle import Bundle

from records import services
from records.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


@pytest.mark.parametrize("role", ["admin", "doctor", "staff"])
def test_petugas_get_a_valid_bundle(role_client, role):
    diagnosis = factories.DiagnosisFactory()
    patient = diagnosis.patient
    response = role_client(role).get(f"/patients/{patient.pk}/fhir")
    assert response.status_code == 200, response.data
    bundle = Bundle.model_validate(response.json())
    types = [entry.resource.__resource_type__ for entry in bundle.entry]
    assert types[0] == "Patient" and "Encounter" in types and "Condition" in types
    identifiers = response.json()["entry"][0]["resource"]["identifier"]
    assert {"system": "https://fhir.kemkes.go.id/id/nik", "value": patient.nik}.items() <= identifiers[0].items()


def test_no_token_is_401_and_patient_account_is_403(api_client, make_user, client_for):
    patient = factories.PatientFactory()
    assert api_client.get(f"/patients/{patient.pk}/fhir").status_code == 401
    assert client_for(make_user()).get(f"/patients/{patient.pk}/fhir/").status_code == 403


def test_unknown_and_voided_patients_are_404(doctor_api, admin_account):
    patient = factories.PatientFactory()
    assert doctor_api.get("/patients/999999/fhir").status_code == 404
    services.patient_void(patient=patient, voided_by=admin_account, reason="duplicate")
    assert doctor_api.get(f"/patients/{patient.pk}/fhir").status_code == 404
