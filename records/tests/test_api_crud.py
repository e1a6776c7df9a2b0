"""Create, read, update and void through the API: authorship, history, scoping of voided rows."""

import pytest

from records.models import MedicalRecord, Patient
from records.tests import factories
from records.tests.resources import RESOURCES

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]

ALL = list(RESOURCES)


@pytest.mark.parametrize("path", ALL)
def test_create_sets_authorship_and_a_first_version(admin_api, admin_account, path):
    resource = RESOURCES[path]
    response = admin_api.post(resource.url(), resource.create_body())
    assert response.status_code == 201, response.data
    row = resource.model.objects.get(pk=response.data["id"])
    assert row.created_by == admin_account and row.updated_by == admin_account
    assert response.data["created_by"] == admin_account.pk and response.data["voided"] is False
    assert [version.history_type for version in row.history.all()] == ["+"]
    assert row.history.first().history_user == admin_account


@pytest.mark.parametrize("path", ALL)
def test_list_is_paginated_and_answers_with_or_without_slash(admin_api, path):
    resource = RESOURCES[path]
    rows = [resource.make_row() for _ in range(3)]
    for url in (f"/{path}", f"/{path}/"):
        response = admin_api.get(url, {"page_size": 2})
        assert response.status_code == 200
        assert set(response.data) == {"count", "next", "previous", "results"}
        assert response.data["count"] == 3 and len(response.data["results"]) == 2
    assert admin_api.get(f"/{path}/{rows[0].pk}").status_code == 200


@pytest.mark.parametrize("path", ALL)
def test_patch_keeps_the_previous_version(doctor_api, admin_api, doctor_account, path):
    resource = RESOURCES[path]
    row = resource.make_row()
    field, value = resource.change
    old_value = getattr(row, field)
    client = admin_api if path == "relations" else doctor_api  # doctors only read relations
    response = client.patch(resource.url(row.pk), {field: value})
    assert response.status_code == 200, response.data
    assert response.data[field] == value
    row.refresh_from_db()
    assert getattr(row, field) == value
    versions = list(row.history.order_by("history_id"))
    assert [version.history_type for version in versions] == ["+", "~"]
    assert getattr(versions[0], field) == old_value


@pytest.mark.parametrize("path", ALL)
def test_put_replaces_the_row(admin_api, path):
    resource = RESOURCES[path]
    row = resource.make_row()
    field, value = resource.change
    body = {**admin_api.get(resource.url(row.pk)).data, field: value}
    response = admin_api.put(resource.url(row.pk), body)
    assert response.status_code == 200, response.data
    row.refresh_from_db()
    assert getattr(row, field) == value


@pytest.mark.parametrize("path", ALL)
def test_delete_voids_and_never_deletes(admin_api, admin_account, doctor_api, path):
    resource = RESOURCES[path]
    row = resource.make_row()

    response = admin_api.delete(resource.url(row.pk) + "?reason=duplikat")

    assert response.status_code == 204
    row = resource.model.all_objects.get(pk=row.pk)
    assert row.voided and row.voided_by == admin_account and row.voided_at is not None
    assert row.void_reason == "duplikat"
    last = row.history.order_by("history_id").last()
    assert last.history_type == "~" and last.voided and last.history_change_reason == "voided: duplikat"
    assert last.history_user == admin_account
    # Gone for everyone by default...
    assert doctor_api.get(resource.url(row.pk)).status_code == 404
    assert doctor_api.get(resource.url(row.pk), {"include_voided": "true"}).status_code == 404
    assert doctor_api.get(resource.url(), {"include_voided": "true"}).data["count"] == 0
    assert admin_api.get(resource.url(row.pk)).status_code == 404
    assert admin_api.get(resource.url()).data["count"] == 0
    # ...but kept for admins who ask.
    detail = admin_api.get(resource.url(row.pk), {"include_voided": "true"})
    assert detail.status_code == 200 and detail.data["voided"] is True and detail.data["void_reason"] == "duplikat"
    assert admin_api.get(resource.url(), {"include_voided": "true"}).data["count"] == 1


@pytest.mark.parametrize("path", ALL)
def test_voided_rows_cannot_be_changed_even_by_admins(admin_api, path):
    resource = RESOURCES[path]
    row = resource.make_row()
    admin_api.delete(resource.url(row.pk))
    field, value = resource.change
    response = admin_api.patch(resource.url(row.pk) + "?include_voided=true", {field: value})
    assert response.status_code == 404
    assert admin_api.delete(resource.url(row.pk) + "?include_voided=true").status_code == 404
    assert getattr(resource.model.all_objects.get(pk=row.pk), field) != value


def test_void_reason_may_come_in_the_body(admin_api):
    patient = factories.PatientFactory()
    assert admin_api.delete(f"/patients/{patient.pk}", {"reason": "pasien ganda"}).status_code == 204
    assert Patient.all_objects.get(pk=patient.pk).void_reason == "pasien ganda"


def test_void_reason_too_long_is_400_and_voids_nothing(admin_api):
    patient = factories.PatientFactory()
    response = admin_api.delete(f"/patients/{patient.pk}?reason={'x' * 256}")
    assert response.status_code == 400 and "reason" in response.data
    assert not Patient.all_objects.get(pk=patient.pk).voided


def test_long_void_reason_is_cut_to_fit_the_history_column(admin_api):
    patient = factories.PatientFactory()
    assert admin_api.delete(f"/patients/{patient.pk}", {"reason": "y" * 255}).status_code == 204
    assert len(Patient.all_objects.get(pk=patient.pk).history.first().history_change_reason) == 100


class TestVoidedParentsHideTheirChildren:
    def test_voided_patient_hides_visits_and_children(self, admin_api, doctor_api):
        allergy = factories.AllergyFactory()
        patient = allergy.patient
        relation = factories.RelationFactory(related_patient=patient)
        record_id = allergy.medical_record_id
        admin_api.delete(f"/patients/{patient.pk}")

        assert doctor_api.get("/medical-records/", {"patient": patient.pk}).data["count"] == 0
        assert doctor_api.get(f"/medical-records/{record_id}").status_code == 404
        assert doctor_api.get("/allergies/", {"patient": patient.pk}).data["count"] == 0
        assert doctor_api.get(f"/allergies/{allergy.pk}").status_code == 404
        assert doctor_api.get(f"/relations/{relation.pk}").status_code == 404
        assert admin_api.get("/medical-records/", {"patient": patient.pk}).data["count"] == 0
        # The rows themselves are untouched, so un-voiding the patient would bring them back.
        assert MedicalRecord.objects.filter(pk=record_id).exists()

    def test_voided_visit_hides_its_children(self, admin_api, doctor_api):
        diagnosis = factories.DiagnosisFactory()
        admin_api.delete(f"/medical-records/{diagnosis.medical_record_id}")
        assert doctor_api.get(f"/diagnoses/{diagnosis.pk}").status_code == 404
        assert doctor_api.get("/diagnoses/").data["count"] == 0
        assert admin_api.get(f"/diagnoses/{diagnosis.pk}", {"include_voided": "1"}).status_code == 200


class TestNestedDetail:
    def test_visit_detail_includes_live_children_only(self, doctor_api):
        record = factories.MedicalRecordFactory()
        allergy = factories.AllergyFactory(medical_record=record)
        factories.AllergyFactory(medical_record=record, voided=True)
        diagnosis = factories.DiagnosisFactory(medical_record=record)
        prescription = factories.PrescriptionFactory(medical_record=record)
        lab_result = factories.LabResultFactory(medical_record=record)
        document = factories.MedicalDocumentFactory(medical_record=record)
        factories.DiagnosisFactory()  # another visit's

        data = doctor_api.get(f"/medical-records/{record.pk}/").data

        assert [row["id"] for row in data["allergies"]] == [allergy.pk]
        assert [row["id"] for row in data["diagnoses"]] == [diagnosis.pk]
        assert [row["id"] for row in data["prescriptions"]] == [prescription.pk]
        assert [row["id"] for row in data["lab_results"]] == [lab_result.pk]
        assert [row["id"] for row in data["medical_documents"]] == [document.pk]
        assert data["diagnoses"][0]["patient"] == record.patient_id
        assert data["diagnoses"][0]["icd10_code"] == "E11.9"

    def test_list_does_not_nest(self, doctor_api):
        factories.AllergyFactory()
        row = doctor_api.get("/medical-records/").data["results"][0]
        assert "allergies" not in row


class TestChildren:
    def test_patient_is_derived_from_the_visit_and_read_only(self, doctor_api):
        record = factories.MedicalRecordFactory()
        other = factories.PatientFactory()
        response = doctor_api.post(
            "/allergies/", {"medical_record": record.pk, "patient": other.pk, "allergen": "Udang", "severity": "mild"}
        )
        assert response.status_code == 201, response.data
        assert response.data["patient"] == record.patient_id

    def test_child_cannot_move_to_another_visit(self, doctor_api):
        allergy = factories.AllergyFactory()
        other_visit = factories.MedicalRecordFactory()
        response = doctor_api.patch(f"/allergies/{allergy.pk}", {"medical_record": other_visit.pk})
        assert response.status_code == 400 and "medical_record" in response.data
        allergy.refresh_from_db()
        assert allergy.medical_record_id != other_visit.pk

    def test_visit_cannot_move_to_another_patient(self, doctor_api):
        record = factories.MedicalRecordFactory()
        response = doctor_api.patch(f"/medical-records/{record.pk}", {"patient": factories.PatientFactory().pk})
        assert response.status_code == 400 and "patient" in response.data


class TestPatientAccountLink:
    def test_staff_links_a_mobile_account(self, staff_api, make_user):
        patient, account = factories.PatientFactory(), make_user(None)
        response = staff_api.patch(f"/patients/{patient.pk}", {"user": account.pk})
        assert response.status_code == 200, response.data
        patient.refresh_from_db()
        assert patient.user == account

    def test_and_unlinks_it(self, staff_api, make_user):
        patient = factories.PatientFactory(user=make_user(None))
        assert staff_api.patch(f"/patients/{patient.pk}", {"user": None}).status_code == 200
        patient.refresh_from_db()
        assert patient.user is None

    @pytest.mark.parametrize("role", ["admin", "doctor", "staff"])
    def test_a_petugas_account_cannot_be_linked(self, staff_api, make_user, role):
        patient = factories.PatientFactory()
        response = staff_api.patch(f"/patients/{patient.pk}", {"user": make_user(role).pk})
        assert response.status_code == 400 and "user" in response.data
        patient.refresh_from_db()
        assert patient.user is None

    def test_an_account_linked_elsewhere_cannot_be_linked(self, staff_api, make_user):
        account = make_user(None)
        factories.PatientFactory(user=account, voided=True)  # even to a voided patient
        patient = factories.PatientFactory()
        response = staff_api.patch(f"/patients/{patient.pk}", {"user": account.pk})
        assert response.status_code == 400 and "user" in response.data

    def test_unknown_account_is_400(self, staff_api):
        patient = factories.PatientFactory()
        response = staff_api.patch(f"/patients/{patient.pk}", {"user": 999_999})
        assert response.status_code == 400 and "user" in response.data
