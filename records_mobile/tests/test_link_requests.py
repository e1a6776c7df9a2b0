"""Issue 19 item 1: self-linking a record that a guardian's relation uses waits for staff.

A relative who has read a dependent's record may know its NIK, BPJS number and birth date, so
those three prove nothing for such a record: `POST /me/link` answers 202, links nothing, and
staff confirm or reject the request on the dashboard's "account links" page (:8001 admin).
Every attempt is audited (`link_requested`, then `link` or `link_rejected` by the staff member).
"""

import pytest
from django.urls import reverse

from records.models import AccountLink, AuditLog, Patient
from records.tests import factories

pytestmark = pytest.mark.django_db


def link_body(patient: Patient) -> dict:
    return {"nik": patient.nik, "bpjs_number": patient.bpjs_number, "birth_date": str(patient.birth_date)}


@pytest.fixture
def mobile(settings):
    settings.ROOT_URLCONF = "healthkon.urls.records_mobile"
    settings.SERVICE_NAME = "records_mobile"


@pytest.fixture
def second_account(make_user):
    """The relative's second account (or the grown-up child's own): no patient yet."""
    return make_user(None)


def request_link(client_for, account, patient):
    return client_for(account).post("/me/link", link_body(patient), format="json")


def test_a_record_in_a_guardians_use_is_not_linked_but_waits_for_staff(mobile, world, client_for, second_account):
    child = world.child.patient
    response = request_link(client_for, second_account, child)
    assert response.status_code == 202
    assert response.json()["status"] == "pending" and "KTP" in response.json()["detail"]
    assert Patient.objects.get(pk=child.pk).user_id is None
    client = client_for(second_account)
    assert client.get("/medical-records/").json()["count"] == 0
    assert client.get(f"/medical-records/{world.child.visit.pk}/").status_code == 404
    assert client.get("/me").json()["pending_link"]["status"] == "pending"
    again = request_link(client_for, second_account, child)  # asking twice is one request
    assert again.status_code == 202
    [link] = AccountLink.objects.all()
    assert (link.user_id, link.patient_id, link.status, link.channel) == (
        second_account.pk,
        child.pk,
        "pending",
        "mobile",
    )
    rows = AuditLog.objects.filter(action="link_requested").order_by("id")
    assert [(row.user_id, row.patient_id, row.detail) for row in rows] == [
        (second_account.pk, child.pk, {"account_link": link.pk})
    ] * 2


def test_a_record_without_a_guardian_links_at_once_and_is_listed_for_staff(mobile, world, client_for, second_account):
    alone = factories.PatientFactory()
    factories.RelationFactory(related_patient=alone, can_view_records=False)  # known, but nobody views it
    response = request_link(client_for, second_account, alone)
    assert response.status_code == 200 and response.json()["patient"]["id"] == alone.pk
    [link] = AccountLink.objects.all()
    assert (link.status, link.channel, link.decided_by_id) == ("linked", "mobile", second_account.pk)


def test_pending_requests_are_throttled_like_any_attempt(mobile, world, client_for, second_account, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "link_account": "2/hour"},
    }
    statuses = [request_link(client_for, second_account, world.child.patient).status_code for _ in range(3)]
    assert statuses == [202, 202, 429]


@pytest.fixture
def pending(mobile, world, client_for, second_account):
    assert request_link(client_for, second_account, world.child.patient).status_code == 202
    return AccountLink.objects.get()


def decide(client, link, action: str):
    url = reverse("admin:records_accountlink_changelist")
    return client.post(url, {"action": action, "_selected_action": [link.pk]})


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_see_pending_links_first_and_confirm_one(pending, world, client, make_user, settings, role, client_for):
    settings.ROOT_URLCONF = "healthkon.urls.records"
    settings.SERVICE_NAME = "records"
    newer_decided = AccountLink.objects.create(
        patient=factories.PatientFactory(), user_email="lama@example.id", status="linked", channel="staff"
    )
    staff = make_user(role)
    client.force_login(staff)
    page = client.get(reverse("admin:records_accountlink_changelist"))
    assert page.status_code == 200
    assert list(page.context["cl"].result_list)[:2] == [pending, newer_decided]  # pending first, then newest
    assert decide(client, pending, "confirm_links").status_code == 302

    pending.refresh_from_db()
    assert (pending.status, pending.decided_by_id) == ("approved", staff.pk) and pending.decided_at
    child = Patient.objects.get(pk=world.child.patient.pk)
    assert child.user_id == pending.user_id
    [row] = AuditLog.objects.filter(action="link")
    assert (row.user_id, row.patient_id, row.detail) == (
        staff.pk,
        child.pk,
        {"account_link": pending.pk, "account": pending.user_id},
    )
    settings.ROOT_URLCONF = "healthkon.urls.records_mobile"
    now_own = client_for(child.user).get("/medical-records/").json()
    assert [visit["patient"] for visit in now_own["results"]] == [child.pk]


def test_staff_reject_a_request_and_nothing_is_linked(pending, world, client, make_user, settings):
    settings.ROOT_URLCONF = "healthkon.urls.records"
    staff = make_user("staff")
    client.force_login(staff)
    assert decide(client, pending, "reject_links").status_code == 302
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert Patient.objects.get(pk=world.child.patient.pk).user_id is None
    assert AuditLog.objects.filter(action="link_rejected", user=staff, patient=world.child.patient).count() == 1
    assert decide(client, pending, "confirm_links").status_code == 302  # decided once, never again
    assert Patient.objects.get(pk=world.child.patient.pk).user_id is None


def test_a_confirmation_after_the_record_was_linked_elsewhere_changes_nothing(
    pending, world, client, make_user, settings
):
    settings.ROOT_URLCONF = "healthkon.urls.records"
    someone = make_user(None)
    Patient.objects.filter(pk=world.child.patient.pk).update(user=someone)
    client.force_login(make_user("admin"))
    response = client.post(
        reverse("admin:records_accountlink_changelist"),
        {"action": "confirm_links", "_selected_action": [pending.pk]},
        follow=True,
    )
    assert "sudah ditautkan sementara itu" in response.content.decode()  # the dashboard speaks Indonesian
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert Patient.objects.get(pk=world.child.patient.pk).user_id == someone.pk


def test_doctors_neither_see_nor_decide_link_requests(pending, client, make_user, settings):
    settings.ROOT_URLCONF = "healthkon.urls.records"
    client.force_login(make_user("doctor"))
    assert client.get(reverse("admin:records_accountlink_changelist")).status_code == 403
    assert decide(client, pending, "confirm_links").status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_link_rows_cannot_be_added_edited_or_deleted_in_the_dashboard(pending, client, make_user, settings):
    settings.ROOT_URLCONF = "healthkon.urls.records"
    client.force_login(make_user("admin"))
    assert client.get(reverse("admin:records_accountlink_add")).status_code == 403
    change = reverse("admin:records_accountlink_change", args=[pending.pk])
    assert client.get(change).status_code == 200  # view only
    assert client.post(change, {"status": "approved"}).status_code == 403
    assert (
        client.post(reverse("admin:records_accountlink_delete", args=[pending.pk]), {"post": "yes"}).status_code == 403
    )
    pending.refresh_from_db()
    assert pending.status == "pending"
