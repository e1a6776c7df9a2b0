"""Denied attempts on :8003 are in the audit log (issue 19 item 8): caller, target and reason.

The answer is the one a missing id gets, byte for byte (test_access_matrix); the log tells staff
whose record was asked for (`patient`), or that no such row exists (`not_found`).
"""

import pytest

from records.models import AuditLog

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records_mobile")]

MISSING_ID = 987654321


def denied():
    return [
        (row.user_id, row.resource, row.object_id, row.patient_id, row.detail["reason"], row.detail["status"])
        for row in AuditLog.objects.filter(action="denied").order_by("id")
    ]


def test_a_strangers_row_by_id_is_one_denied_row_naming_its_patient(world, client_for):
    client = client_for(world.account)
    visit = world.stranger.visit
    assert client.get(f"/medical-records/{visit.pk}/").status_code == 404
    assert client.get(f"/medical-records/{MISSING_ID}/").status_code == 404
    account, patient = world.account.pk, world.stranger.patient.pk
    assert denied() == [
        (account, "records.medicalrecord", str(visit.pk), patient, "out_of_scope", 404),
        (account, "records.medicalrecord", str(MISSING_ID), None, "not_found", 404),
    ]
    assert not AuditLog.objects.exclude(action="denied").exists()  # no read was recorded


def test_out_of_scope_patient_filters_fhir_and_downloads_are_denied_rows(world, client_for):
    client = client_for(world.account)
    no_consent = world.no_consent.patient
    assert client.get("/diagnoses/", {"patient": no_consent.pk}).status_code == 404
    assert client.get("/allergies/", {"medical_record": world.stranger.visit.pk}).status_code == 404
    assert client.get("/me/fhir", {"patient": no_consent.pk}).status_code == 404
    assert client.get(f"/medical-documents/{world.stranger.document.pk}/download").status_code == 404
    assert client.get(f"/lab-results/{world.own.held_lab.pk}/").status_code == 404  # held back: not theirs yet
    account = world.account.pk
    assert denied() == [
        (account, "records.patient", str(no_consent.pk), no_consent.pk, "out_of_scope", 404),
        (
            account,
            "records.medicalrecord",
            str(world.stranger.visit.pk),
            world.stranger.patient.pk,
            "out_of_scope",
            404,
        ),
        (account, "records.patient", str(no_consent.pk), no_consent.pk, "out_of_scope", 404),
        (
            account,
            "records.medicaldocument",
            str(world.stranger.document.pk),
            world.stranger.patient.pk,
            "out_of_scope",
            404,
        ),
        (account, "records.labresult", str(world.own.held_lab.pk), world.own.patient.pk, "out_of_scope", 404),
    ]


def test_petugas_on_the_patients_service_is_a_denied_row(world, client_for, make_user):
    doctor = make_user("doctor")
    assert client_for(doctor).get(f"/medical-records/{world.own.visit.pk}/").status_code == 403
    assert denied() == [
        (doctor.pk, "records.medicalrecord", str(world.own.visit.pk), world.own.patient.pk, "forbidden", 403)
    ]


def test_no_token_names_nobody_and_writes_nothing(world, api_client):
    assert api_client.get(f"/medical-records/{world.stranger.visit.pk}/").status_code == 401
    assert not AuditLog.objects.exists()


def test_a_denied_read_costs_two_queries_more_than_a_missing_one_and_the_same_body(
    world, client_for, django_assert_max_num_queries
):
    """Constant cost: the scoped lookup as before, then one read of the target's patient and one INSERT."""
    client = client_for(world.account)
    client.get("/me")  # warm-up: session-independent caches (content types, translations)
    with django_assert_max_num_queries(7):
        foreign = client.get(f"/diagnoses/{world.stranger.diagnosis.pk}/")
    with django_assert_max_num_queries(7):
        missing = client.get(f"/diagnoses/{MISSING_ID}/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.content == missing.content
