"""A clinician may hold a lab result or document back from the patient's app: both doors set it, who and when kept."""

import pytest
from django.urls import reverse

from records import selectors
from records.models import LabResult, MedicalDocument, MedicalRecord, ReleaseState
from records.tests import factories
from records.tests.test_admin import form_data, logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]

RELEASABLE = {
    "lab-results": (LabResult, factories.LabResultFactory),
    "medical-documents": (MedicalDocument, factories.MedicalDocumentFactory),
}


@pytest.fixture
def family(make_user):
    account = make_user(None)
    mother = factories.PatientFactory(user=account)
    child = factories.PatientFactory()
    factories.RelationFactory(patient=mother, related_patient=child, can_view_records=True)
    return {"account": account, "mother": mother, "child": child}


@pytest.mark.parametrize("path", RELEASABLE)
def test_new_rows_are_released_by_their_author(doctor_api, doctor_account, visit, path):
    body = (
        {"medical_record": visit.pk, "test_name": "Hemoglobin"}
        if path == "lab-results"
        else {"medical_record": visit.pk, "title": "Surat rujukan"}
    )
    response = doctor_api.post(f"/{path}/", body)
    assert response.status_code == 201, response.data
    assert response.data["release_state"] == "released"
    assert response.data["release_decided_by"] == doctor_account.pk
    assert response.data["release_decided_at"] is not None


@pytest.mark.parametrize("path", RELEASABLE)
def test_holding_records_who_and_when_and_keeps_a_version(doctor_api, doctor_account, path):
    model, factory = RELEASABLE[path]
    row = factory()
    response = doctor_api.patch(f"/{path}/{row.pk}", {"release_state": "held"}, format="json")
    assert response.status_code == 200, response.data
    row.refresh_from_db()
    assert row.release_state == ReleaseState.HELD
    assert row.release_decided_by == doctor_account and row.release_decided_at is not None
    assert [version.release_state for version in row.history.order_by("history_id")] == ["released", "held"]


@pytest.mark.parametrize("path", RELEASABLE)
def test_decision_fields_cannot_be_written_and_state_is_validated(doctor_api, admin_account, path):
    _model, factory = RELEASABLE[path]
    row = factory()
    response = doctor_api.patch(
        f"/{path}/{row.pk}", {"release_decided_by": admin_account.pk, "release_decided_at": "2020-01-01T00:00:00Z"}
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.release_decided_by != admin_account
    response = doctor_api.patch(f"/{path}/{row.pk}", {"release_state": "secret"})
    assert response.status_code == 400 and "release_state" in response.data


@pytest.mark.parametrize("path", RELEASABLE)
def test_an_unrelated_edit_keeps_the_release_decision(doctor_api, path):
    model, factory = RELEASABLE[path]
    row = factory(release_state=ReleaseState.HELD)
    decided_at = model.objects.get(pk=row.pk).release_decided_at
    field = "test_name" if path == "lab-results" else "title"
    assert doctor_api.patch(f"/{path}/{row.pk}", {field: "Diperbarui"}).status_code == 200
    row.refresh_from_db()
    assert row.release_state == ReleaseState.HELD and row.release_decided_at == decided_at


@pytest.mark.parametrize("path", RELEASABLE)
def test_staff_filter_by_release_state(admin_api, path):
    _model, factory = RELEASABLE[path]
    held = factory(release_state=ReleaseState.HELD)
    factory()
    response = admin_api.get(f"/{path}/", {"release_state": "held"})
    assert [row["id"] for row in response.data["results"]] == [held.pk]


def test_patient_accounts_never_reach_held_rows(family):
    own_visit = factories.MedicalRecordFactory(patient=family["mother"])
    child_visit = factories.MedicalRecordFactory(patient=family["child"])
    released_lab = factories.LabResultFactory(medical_record=own_visit)
    factories.LabResultFactory(medical_record=child_visit, release_state=ReleaseState.HELD)
    released_document = factories.MedicalDocumentFactory(medical_record=child_visit)
    factories.MedicalDocumentFactory(medical_record=own_visit, release_state=ReleaseState.HELD)
    account = family["account"]

    assert list(selectors.lab_result_list(fetched_by=account)) == [released_lab]
    assert list(selectors.medical_document_list(fetched_by=account)) == [released_document]
    visits = {visit.pk: visit for visit in selectors.medical_record_list(fetched_by=account, with_children=True)}
    assert visits[own_visit.pk].live_lab_results == [released_lab]
    assert visits[own_visit.pk].live_medical_documents == []
    assert visits[child_visit.pk].live_lab_results == []
    assert visits[child_visit.pk].live_medical_documents == [released_document]


def test_petugas_see_held_rows_in_lists_and_visits(doctor_account):
    visit = factories.MedicalRecordFactory()
    held = factories.LabResultFactory(medical_record=visit, release_state=ReleaseState.HELD)
    assert list(selectors.lab_result_list(fetched_by=doctor_account)) == [held]
    [shown] = selectors.medical_record_list(fetched_by=doctor_account, with_children=True)
    assert shown.live_lab_results == [held]


def test_dashboard_holds_a_result_and_records_the_doctor(client, doctor_account):
    lab = factories.LabResultFactory()
    url = reverse("admin:records_labresult_change", args=[lab.pk])
    page = logged_in(client, doctor_account).get(url)
    assert page.status_code == 200 and "release_state" in page.context["adminform"].form.fields
    response = client.post(url, {**form_data(page), "release_state": "held"})
    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.release_state == ReleaseState.HELD and lab.release_decided_by == doctor_account


def test_dashboard_visit_page_holds_a_document_inline(client, doctor_account):
    visit = factories.MedicalRecordFactory()
    document = factories.MedicalDocumentFactory(medical_record=visit)
    url = reverse("admin:records_medicalrecord_change", args=[visit.pk])
    page = logged_in(client, doctor_account).get(url)
    data = form_data(page)
    [key] = [key for key, value in data.items() if key.endswith("-release_state") and "document" in key]
    response = client.post(url, {**data, key: "held"})
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    document.refresh_from_db()
    assert document.release_state == ReleaseState.HELD and document.release_decided_by == doctor_account
    assert MedicalRecord.objects.filter(pk=visit.pk).exists()


def test_fhir_bundle_follows_the_viewer(family, doctor_account):
    from records import fhir

    visit = factories.MedicalRecordFactory(patient=family["mother"])
    held = factories.LabResultFactory(medical_record=visit, release_state=ReleaseState.HELD)
    released = factories.LabResultFactory(medical_record=visit)

    def lab_ids(bundle):
        return {e["resource"]["id"] for e in bundle["entry"] if e["resource"]["id"].startswith("lab-")}

    both = {f"lab-{held.pk}", f"lab-{released.pk}"}
    assert lab_ids(fhir.patient_bundle(family["mother"], viewer=doctor_account)) == both
    assert lab_ids(fhir.patient_bundle(family["mother"], viewer=family["account"])) == {f"lab-{released.pk}"}
    assert lab_ids(fhir.patient_bundle(family["mother"])) == {f"lab-{released.pk}"}  # no viewer: held stays out
