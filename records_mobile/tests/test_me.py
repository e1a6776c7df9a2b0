"""GET /me and POST /me/link: who the caller is, and linking an account as Mobile JKN users expect."""

import pytest
from django.core.cache import cache

from records.models import AuditLog, Patient
from records.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records_mobile")]


def link_body(patient: Patient, **changes) -> dict:
    return {"nik": patient.nik, "bpjs_number": patient.bpjs_number, "birth_date": str(patient.birth_date), **changes}


def test_me_shows_own_patient_and_only_consented_dependents(world, client_for):
    response = client_for(world.account).get("/me")
    assert response.status_code == 200
    data = response.json()
    assert data["patient"]["id"] == world.own.patient.pk
    assert data["patient"]["nik"] == world.own.patient.nik
    consented = {world.child.patient.pk, world.own.relation.related_patient_id}  # a child and a sibling
    assert {d["id"] for d in data["dependents"]} == consented
    [child] = [d for d in data["dependents"] if d["id"] == world.child.patient.pk]
    assert child["relationship"] == "child" and child["relationship_label"] == "Anak"
    assert "nik" not in child and "bpjs_number" not in child and "address" not in child
    assert world.child.patient.nik not in response.content.decode()


def test_me_audits_what_it_shows_with_the_patient_account_as_actor(world, client_for):
    client_for(world.account).get("/me")
    rows = AuditLog.objects.filter(path="/me")
    shown = {world.own.patient.pk, world.child.patient.pk, world.own.relation.related_patient_id}
    assert {row.patient_id for row in rows} == shown
    assert {(row.user_id, row.user_role, row.service, row.action) for row in rows} == {
        (world.account.pk, "user", "records_mobile", "read")
    }


def test_me_without_a_patient_is_null_and_empty(world, client_for):
    assert client_for(world.unlinked_account).get("/me/").json() == {
        "patient": None,
        "dependents": [],
        "pending_link": None,
    }


def test_account_without_patient_gets_empty_lists(world, client_for):
    client = client_for(world.unlinked_account)
    for path in ["medical-records", "allergies", "diagnoses", "prescriptions", "lab-results", "medical-documents"]:
        response = client.get(f"/{path}/")
        assert response.status_code == 200 and response.json()["count"] == 0
    assert client.get("/relations").json()["count"] == 0
    assert client.get("/me/fhir").status_code == 404


@pytest.fixture
def unlinked_patient(db):
    factories.MedicalRecordFactory(patient=factories.PatientFactory())
    return Patient.objects.latest("id")


def test_link_with_all_three_values_links_the_account(world, client_for, unlinked_patient):
    client = client_for(world.unlinked_account)
    response = client.post("/me/link", link_body(unlinked_patient), format="json")
    assert response.status_code == 200, response.content
    assert response.json()["patient"]["id"] == unlinked_patient.pk
    unlinked_patient.refresh_from_db()
    assert unlinked_patient.user == world.unlinked_account
    assert unlinked_patient.history.first().history_user == world.unlinked_account
    assert client.get("/medical-records/").json()["count"] == 1
    [entry] = AuditLog.objects.filter(action="link")
    assert entry.user == world.unlinked_account and entry.patient_id == unlinked_patient.pk
    assert entry.service == "records_mobile"


def test_link_accepts_spaces_as_typed_from_the_card(world, client_for, unlinked_patient):
    nik, bpjs = unlinked_patient.nik, unlinked_patient.bpjs_number
    body = link_body(unlinked_patient, nik=f"{nik[:6]} {nik[6:12]} {nik[12:]}", bpjs_number=f" {bpjs[:4]} {bpjs[4:]} ")
    assert client_for(world.unlinked_account).post("/me/link", body, format="json").status_code == 200


FAILURES = {
    "wrong nik": lambda p: link_body(p, nik="3171010101900999"),
    "wrong bpjs": lambda p: link_body(p, bpjs_number="0000000000001"),
    "wrong birth date": lambda p: link_body(p, birth_date="1901-01-01"),
    "malformed birth date": lambda p: link_body(p, birth_date="kemarin"),
    "missing nik": lambda p: {k: v for k, v in link_body(p).items() if k != "nik"},
    "empty body": lambda p: {},
    "list body": lambda p: ["nik"],
    "huge value": lambda p: link_body(p, nik="9" * 10_000),
}


@pytest.mark.parametrize("case", FAILURES)
def test_every_mismatch_is_the_same_generic_400(world, client_for, unlinked_patient, case):
    client = client_for(world.unlinked_account)
    reference = client.post("/me/link", link_body(unlinked_patient, nik="0000000000000000"), format="json")
    response = client.post("/me/link", FAILURES[case](unlinked_patient), format="json")
    assert response.status_code == reference.status_code == 400
    assert response.content == reference.content
    assert set(response.json()) == {"detail"}
    unlinked_patient.refresh_from_db()
    assert unlinked_patient.user is None


def test_refusals_for_accounts_and_patients_that_are_taken_look_the_same(world, client_for, unlinked_patient):
    generic = client_for(world.unlinked_account).post("/me/link", {}, format="json").content
    # A patient who already has an account (the stranger's own record).
    taken = client_for(world.unlinked_account).post("/me/link", link_body(world.stranger.patient), format="json")
    # An account that already has a patient, asking for an unlinked one.
    again = client_for(world.account).post("/me/link", link_body(unlinked_patient), format="json")
    assert taken.status_code == again.status_code == 400
    assert taken.content == again.content == generic
    unlinked_patient.refresh_from_db()
    assert unlinked_patient.user is None
    assert Patient.objects.get(pk=world.stranger.patient.pk).user == world.stranger_account


def test_a_voided_patient_cannot_be_linked(world, client_for, unlinked_patient, make_user):
    from records import services

    services.patient_void(patient=unlinked_patient, voided_by=make_user("admin"), reason="duplikat")
    response = client_for(world.unlinked_account).post("/me/link", link_body(unlinked_patient), format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["admin", "doctor", "staff"])
def test_petugas_cannot_link(client_for, make_user, unlinked_patient, role):
    response = client_for(make_user(role)).post("/me/link", link_body(unlinked_patient), format="json")
    assert response.status_code == 403
    unlinked_patient.refresh_from_db()
    assert unlinked_patient.user is None


def test_every_attempt_is_audited(world, client_for, unlinked_patient):
    client = client_for(world.unlinked_account)
    client.post("/me/link", link_body(unlinked_patient, nik="3171010101900999"), format="json")
    client.post("/me/link", {}, format="json")
    client.post("/me/link", link_body(unlinked_patient), format="json")
    actions = list(AuditLog.objects.filter(path="/me/link").order_by("id").values_list("action", "user_id"))
    account = world.unlinked_account.pk
    assert actions == [("link_failed", account), ("link_failed", account), ("link", account)]
    failed = AuditLog.objects.filter(action="link_failed").first()
    assert failed.patient_id is None and failed.resource == "accounts.user"
    assert unlinked_patient.nik not in failed.path


def test_link_is_throttled_per_account(world, client_for, settings, unlinked_patient):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "link_account": "3/hour",
            "link_ip": "100/hour",
        },
    }
    client = client_for(world.unlinked_account)
    wrong = link_body(unlinked_patient, nik="3171010101900999")
    assert [client.post("/me/link", wrong, format="json").status_code for _ in range(3)] == [400, 400, 400]
    blocked = client.post("/me/link", link_body(unlinked_patient), format="json")  # even the right answer
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    unlinked_patient.refresh_from_db()
    assert unlinked_patient.user is None
    assert AuditLog.objects.filter(action="link_failed").count() == 4  # throttled attempts too
    # From another IP the same account stays blocked.
    assert client.post("/me/link", wrong, format="json", REMOTE_ADDR="10.9.9.9").status_code == 429


def test_link_is_throttled_per_ip_across_accounts(make_user, client_for, settings, unlinked_patient):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "link_account": "100/hour",
            "link_ip": "3/hour",
        },
    }
    wrong = link_body(unlinked_patient, nik="3171010101900999")
    statuses = [client_for(make_user(None)).post("/me/link", wrong, format="json").status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    other_ip = client_for(make_user(None)).post("/me/link", wrong, format="json", REMOTE_ADDR="10.1.2.3")
    assert other_ip.status_code == 400


def test_link_rates_come_from_settings():
    from django.conf import settings as django_settings

    rates = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert rates["link_account"] and rates["link_ip"]
    cache.clear()


@pytest.mark.parametrize("language, words", [("id", "Periksa NIK"), ("en", "Check the NIK")])
def test_the_generic_refusal_speaks_the_callers_language(world, client_for, language, words):
    response = client_for(world.unlinked_account).post("/me/link", {}, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400 and words in response.json()["detail"]
