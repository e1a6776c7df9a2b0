"""Linking mobile accounts to patients on :8001 and in the dashboard (issue 19, item 4).

Only staff and admins link or unlink (`PATCH /patients/{id} {"user": N}`); a doctor gets a 403
for that field and nothing changes; each link and unlink is its own audit action with who and
when, and an AccountLink row; reverting a history version never writes `user` back.
"""

import datetime

import pytest

from records.models import AccountLink, AuditLog, Patient
from records.tests import factories
from records.tests.test_admin import admin_url, form_data, logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


@pytest.fixture(autouse=True)
def _records_service(settings):
    settings.SERVICE_NAME = "records"


@pytest.fixture
def patient():
    return factories.PatientFactory()


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admins_link_and_unlink_each_audited_with_who_and_when(make_user, client_for, patient, role):
    linker, account, other = make_user(role), make_user(None), make_user(None)
    client = client_for(linker)

    linked = client.patch(f"/patients/{patient.pk}/", {"user": account.pk}, format="json")
    assert linked.status_code == 200 and linked.json()["user"] == account.pk
    moved = client.patch(f"/patients/{patient.pk}/", {"user": other.pk}, format="json")
    assert moved.status_code == 200
    unlinked = client.patch(f"/patients/{patient.pk}/", {"user": None}, format="json")
    assert unlinked.status_code == 200 and unlinked.json()["user"] is None

    rows = AuditLog.objects.filter(action__in=["link", "unlink"], patient=patient).order_by("id")
    assert [(row.action, row.detail["account"]) for row in rows] == [
        ("link", account.pk),
        ("unlink", account.pk),
        ("link", other.pk),
        ("unlink", other.pk),
    ]
    assert {(row.user_id, row.user_role, row.service) for row in rows} == {(linker.pk, role, "records")}
    assert all(row.occurred_at for row in rows)
    links = AccountLink.objects.filter(patient=patient).order_by("id")
    assert [(link.user_id, link.status, link.channel, link.decided_by_id) for link in links] == [
        (account.pk, "linked", "staff", linker.pk),
        (account.pk, "unlinked", "staff", linker.pk),
        (other.pk, "linked", "staff", linker.pk),
        (other.pk, "unlinked", "staff", linker.pk),
    ]


def test_a_doctor_gets_403_for_the_account_field_and_nothing_changes(make_user, client_for, patient):
    doctor, account = make_user("doctor"), make_user(None)
    client = client_for(doctor)
    before = Patient.objects.get(pk=patient.pk)

    response = client.patch(f"/patients/{patient.pk}/", {"user": account.pk, "phone": "0811111111"}, format="json")
    assert response.status_code == 403
    after = Patient.objects.get(pk=patient.pk)
    assert (after.user_id, after.phone, after.updated_at) == (None, before.phone, before.updated_at)
    assert not AuditLog.objects.filter(action__in=["link", "update"]).exists()
    [denied] = AuditLog.objects.filter(action="denied")
    assert (denied.user_id, denied.patient_id, denied.detail) == (
        doctor.pk,
        patient.pk,
        {"reason": "may_not_link_accounts", "status": 403},
    )
    assert not AccountLink.objects.exists()


def test_a_doctor_cannot_unlink_or_create_a_linked_patient_either(make_user, client_for, patient):
    doctor, account = make_user("doctor"), make_user(None)
    Patient.objects.filter(pk=patient.pk).update(user=account)
    client = client_for(doctor)
    assert client.patch(f"/patients/{patient.pk}/", {"user": None}, format="json").status_code == 403
    assert Patient.objects.get(pk=patient.pk).user_id == account.pk
    nik = factories.make_nik(datetime.date(1990, 1, 1), "F")
    body = {"nik": nik, "name": "Baru", "birth_date": "1990-01-01", "sex": "F", "user": make_user().pk}
    assert client.post("/patients/", body, format="json").status_code == 403
    assert not Patient.objects.filter(nik=body["nik"]).exists()


def test_a_doctor_may_still_edit_a_linked_patient_and_resend_the_same_account(make_user, client_for, patient):
    account = make_user(None)
    Patient.objects.filter(pk=patient.pk).update(user=account)
    client = client_for(make_user("doctor"))
    response = client.patch(f"/patients/{patient.pk}/", {"phone": "0812345678", "user": account.pk}, format="json")
    assert response.status_code == 200
    assert Patient.objects.get(pk=patient.pk).phone == "0812345678"
    assert not AuditLog.objects.filter(action__in=["link", "unlink"]).exists()


def test_the_existing_account_checks_still_hold_for_staff(make_user, client_for, patient):
    account = make_user(None)
    factories.PatientFactory(user=account)
    response = client_for(make_user("staff")).patch(f"/patients/{patient.pk}/", {"user": account.pk}, format="json")
    assert response.status_code == 400 and "user" in response.json()
    assert not AuditLog.objects.filter(action="link").exists() and not AccountLink.objects.exists()


def test_history_revert_in_the_dashboard_never_changes_the_account(client, make_user, client_for, patient):
    admin = make_user("admin")
    old_version = patient.history.first()  # before any account was linked
    account = make_user(None)
    assert client_for(admin).patch(f"/patients/{patient.pk}/", {"user": account.pk}, format="json").status_code == 200

    url = f"{admin_url('patient', 'history', patient.pk)}{old_version.history_id}/"
    page = logged_in(client, admin).get(url)
    assert page.status_code == 200
    assert "user" not in page.context["adminform"].form.fields  # shown read-only on a revert
    data = {**form_data(page), "name": "Nama Lama Dipulihkan", "user": ""}
    response = client.post(url, data)
    assert response.status_code == 302, getattr(response, "context", None) and response.context["adminform"].errors
    patient.refresh_from_db()
    assert patient.name == "Nama Lama Dipulihkan"  # the revert happened
    assert patient.user_id == account.pk  # but the link did not move
    assert not AuditLog.objects.filter(action="unlink").exists()


def test_dashboard_link_by_an_admin_is_audited_as_a_link(client, make_user, patient):
    admin, account = make_user("admin"), make_user(None)
    url = admin_url("patient", "change", patient.pk)
    data = {**form_data(logged_in(client, admin).get(url)), "user": account.pk}
    assert client.post(url, data).status_code == 302
    assert Patient.objects.get(pk=patient.pk).user_id == account.pk
    [row] = AuditLog.objects.filter(action="link")
    assert (row.user_id, row.patient_id, row.detail) == (admin.pk, patient.pk, {"account": account.pk})
