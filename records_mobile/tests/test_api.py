"""What a patient receives: plain fields with translated labels, filters that narrow, audited reads."""

import datetime

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from records.models import AuditLog
from records.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records_mobile")]

PATHS = ["medical-records", "allergies", "diagnoses", "prescriptions", "lab-results", "medical-documents", "relations"]
STAFF_ONLY = {
    "created_by",
    "updated_by",
    "created_at",
    "updated_at",
    "voided",
    "voided_at",
    "voided_by",
    "void_reason",
    "release_state",
    "release_decided_at",
    "release_decided_by",
    "attending",
    "original_filename",
    "file",
}


@pytest.fixture
def parent(world, client_for):
    return client_for(world.account)


def keys(value) -> set:
    """Every key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | set().union(*(keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys(v) for v in value)) if value else set()
    return set()


@pytest.mark.parametrize("path", PATHS)
def test_no_staff_internal_fields_anywhere(world, parent, path):
    row = world.own.rows[path]
    for response in (parent.get(f"/{path}/"), parent.get(f"/{path}/{row.pk}")):
        assert response.status_code == 200
        assert not keys(response.json()) & STAFF_ONLY


def test_relations_show_only_id_and_name_of_the_related_patient(world, parent):
    data = parent.get(f"/relations/{world.relations['no_consent'].pk}").json()
    assert data["related_patient"] == {"id": world.no_consent.patient.pk, "name": world.no_consent.patient.name}
    assert data["can_view_records"] is False
    text = parent.get("/relations/").content.decode()
    for other in (world.no_consent.patient, world.child.patient):
        assert other.nik not in text and other.bpjs_number not in text and str(other.birth_date) not in text


@pytest.mark.parametrize(
    "language, labels",
    [
        ("en", {"severity": "Moderate", "kind": "Primary", "flag": "High", "document": "Referral letter"}),
        ("id", {"severity": "Sedang", "kind": "Primer", "flag": "Tinggi", "document": "Surat rujukan"}),
    ],
)
def test_labels_follow_accept_language(world, parent, language, labels):
    visit = parent.get(f"/medical-records/{world.own.visit.pk}", HTTP_ACCEPT_LANGUAGE=language).json()
    assert visit["allergies"][0]["severity_label"] == labels["severity"]
    assert visit["diagnoses"][0]["kind_label"] == labels["kind"]
    assert visit["lab_results"][0]["flag_label"] == labels["flag"]
    assert visit["medical_documents"][0]["document_type_label"] == labels["document"]
    assert visit["diagnoses"][0]["icd10_code"] == "E11.9" and visit["diagnoses"][0]["description"]
    lab = parent.get(f"/lab-results/{world.own.lab.pk}", HTTP_ACCEPT_LANGUAGE=language).json()
    assert lab["flag_label"] == labels["flag"]


def test_indonesian_is_the_default(world, parent):
    assert parent.get(f"/lab-results/{world.own.lab.pk}").json()["flag_label"] == "Tinggi"


def test_visits_are_newest_first_and_paginated(world, parent):
    own = world.own.patient
    for days in (30, 10, 20):
        factories.MedicalRecordFactory(patient=own, visit_date=timezone.now() - datetime.timedelta(days=days))
    data = parent.get("/medical-records/", {"patient": own.pk, "page_size": 2}).json()
    assert data["count"] == 4 and len(data["results"]) == 2 and data["next"]
    dates = [row["visit_date"] for row in parent.get("/medical-records/", {"patient": own.pk}).json()["results"]]
    assert dates == sorted(dates, reverse=True)


def test_date_range_filters_on_the_visit_date(world, parent):
    own = world.own.patient
    old = factories.MedicalRecordFactory(
        patient=own, visit_date=timezone.make_aware(datetime.datetime(2024, 3, 5, 23, 30))
    )
    factories.DiagnosisFactory(medical_record=old)
    response = parent.get("/medical-records/", {"from": "2024-03-05", "to": "2024-03-05"})
    assert [row["id"] for row in response.json()["results"]] == [old.pk]
    response = parent.get("/diagnoses/", {"to": "2024-12-31"})
    assert [row["medical_record"] for row in response.json()["results"]] == [old.pk]
    assert parent.get("/medical-records/", {"from": "2024-03-06", "to": "2024-03-06"}).json()["count"] == 0


@pytest.mark.parametrize(
    "params, field",
    [
        ({"from": "2024-13-01"}, "from"),
        ({"to": "kemarin"}, "to"),
        ({"from": "2024-03-06", "to": "2024-03-05"}, "from"),
        ({"flag": "secret"}, "flag"),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(world, parent, params, field):
    response = parent.get("/lab-results/", params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "path, params, row",
    [
        ("lab-results", {"flag": "high"}, "lab"),
        ("allergies", {"severity": "moderate"}, "allergy"),
        ("diagnoses", {"kind": "primary"}, "diagnosis"),
        ("medical-documents", {"document_type": "referral"}, "document"),
    ],
)
def test_type_filters(world, parent, path, params, row):
    ids = {r["id"] for r in parent.get(f"/{path}/", {**params, "patient": world.own.patient.pk}).json()["results"]}
    assert ids == {getattr(world.own, row).pk}
    other = {"flag": "low", "severity": "severe", "kind": "secondary", "document_type": "imaging"}
    assert parent.get(f"/{path}/", {k: other[k] for k in params}).json()["count"] == 0


@pytest.mark.parametrize(
    "params, status",
    [({"page_size": "0"}, 400), ({"page_size": "-5"}, 400), ({"page_size": "abc"}, 400), ({"page": "999"}, 404)],
)
def test_odd_pagination_is_a_4xx(world, parent, params, status):
    response = parent.get("/medical-records/", params)
    assert response.status_code == status
    if status == 400:
        assert "page_size" in response.json()


@pytest.mark.parametrize("path", PATHS)
def test_every_read_is_audited_with_the_patient_account_as_actor(world, parent, path):
    row = world.own.rows[path]
    AuditLog.objects.all()  # nothing to clear: count what this test adds
    before = AuditLog.objects.count()
    listed = parent.get(f"/{path}/?page_size=100").json()["count"]
    parent.get(f"/{path}/{row.pk}")
    rows = AuditLog.objects.order_by("id")[before:]
    assert [r.action for r in rows] == ["list"] * listed + ["read"]
    assert {(r.user_id, r.user_role, r.service) for r in rows} == {(world.account.pk, "user", "records_mobile")}


def test_downloads_and_fhir_are_audited(world, parent):
    parent.get(f"/medical-documents/{world.own.document.pk}/download")
    parent.get("/me/fhir")
    assert AuditLog.objects.filter(action="download", object_id=str(world.own.document.pk)).exists()
    assert AuditLog.objects.filter(action="export_fhir", patient=world.own.patient, service="records_mobile").exists()


def test_me_fhir_is_the_callers_own_by_default_and_a_valid_r4_bundle(world, parent):
    response = parent.get("/me/fhir")
    assert response.status_code == 200
    bundle = Bundle.model_validate(response.json())
    patients = [e.resource for e in bundle.entry if e.resource.__resource_type__ == "Patient"]
    assert [p.id for p in patients] == [str(world.own.patient.pk)]
    types = {e.resource.__resource_type__ for e in bundle.entry}
    assert {"Encounter", "Condition", "AllergyIntolerance", "MedicationRequest", "Observation"} <= types
    encounters = [e.resource.id for e in bundle.entry if e.resource.__resource_type__ == "Encounter"]
    assert encounters == [str(world.own.visit.pk)]  # not the child's visit


def test_me_fhir_for_a_dependent(world, parent):
    response = parent.get("/me/fhir/", {"patient": world.child.patient.pk})
    bundle = Bundle.model_validate(response.json())
    assert bundle.entry[0].resource.id == str(world.child.patient.pk)


@pytest.mark.parametrize("value", ["abc", "-1", "1e308", "0", "99999999999999999999"])
def test_me_fhir_bad_patient_is_400(world, parent, value):
    response = parent.get("/me/fhir", {"patient": value})
    assert response.status_code == 400 and set(response.json()) == {"patient"}


def test_trailing_slash_is_optional_and_never_redirects(world, parent):
    for url in ["/medical-records", "/medical-records/", "/me", "/me/", "/me/fhir", "/me/fhir/"]:
        assert parent.get(url).status_code == 200
    assert parent.get(f"/medical-records/{world.own.visit.pk}").status_code == 200
