"""Accounts in the dashboard obey the API's rules: delete deactivates, superuser is not for the taking."""

import pytest
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import services
from accounts.models import Petugas, User

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


@pytest.fixture
def clinic_admin(make_user):
    """An admin by role (the clinic's), not a superuser."""
    return make_user("admin")


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:accounts_{model}_{view}", args=args)


def assert_deactivated_like_the_api(user: User, access_client, refresh: str) -> None:
    user.refresh_from_db()
    assert not user.is_active and not user.is_staff and not user.groups.exists()
    assert Petugas.objects.filter(user=user).exists()  # kept: clinical rows point at who wrote them
    assert access_client.get("/patients/").status_code == 401  # the access token is dead
    jti = RefreshToken(refresh, verify=False)["jti"]
    assert BlacklistedToken.objects.filter(token__jti=jti).exists()  # and so is the refresh token


def test_deleting_a_petugas_in_the_dashboard_deactivates_it_like_the_api(client, clinic_admin, make_user, client_for):
    doctor = make_user("doctor")
    refresh = str(services.tokens_for_user(user=doctor))
    doctor_api = client_for(doctor)
    assert doctor_api.get("/patients/").status_code == 200
    client.force_login(clinic_admin)
    assert client.get(url("petugas", "delete", doctor.petugas.pk)).status_code == 200
    response = client.post(url("petugas", "delete", doctor.petugas.pk), {"post": "yes"})
    assert response.status_code == 302
    assert_deactivated_like_the_api(doctor, doctor_api, refresh)


def test_bulk_deleting_petugas_deactivates_each_and_never_the_caller(client, clinic_admin, make_user, client_for):
    staff = make_user("staff")
    staff_api = client_for(staff)
    client.force_login(clinic_admin)
    response = client.post(
        url("petugas", "changelist"),
        {"action": "delete_selected", "_selected_action": [staff.petugas.pk, clinic_admin.petugas.pk], "post": "yes"},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    clinic_admin.refresh_from_db()
    assert not staff.is_active and staff_api.get("/patients/").status_code == 401
    assert clinic_admin.is_active


def test_nobody_deactivates_their_own_account_in_the_dashboard(client, clinic_admin):
    client.force_login(clinic_admin)
    assert client.post(url("petugas", "delete", clinic_admin.petugas.pk), {"post": "yes"}).status_code == 403
    assert client.post(url("user", "delete", clinic_admin.pk), {"post": "yes"}).status_code == 403
    clinic_admin.refresh_from_db()
    assert clinic_admin.is_active


def test_deleting_a_patient_account_deactivates_it(client, clinic_admin, make_user, client_for):
    account = make_user(None)
    account_api = client_for(account)
    client.force_login(clinic_admin)
    assert client.post(url("user", "delete", account.pk), {"post": "yes"}).status_code == 302
    account.refresh_from_db()
    assert not account.is_active and User.objects.filter(pk=account.pk).exists()
    assert account_api.get("/patients/").status_code == 401


def test_a_clinic_admin_cannot_make_anyone_a_superuser(client, clinic_admin, make_user):
    other = make_user("staff")
    client.force_login(clinic_admin)
    for target in (clinic_admin, other):
        page = client.get(url("user", "change", target.pk))
        assert page.status_code == 200
        assert "is_superuser" not in page.context["adminform"].form.fields
        data = {
            "email": target.email,
            "full_name": target.full_name,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": list(target.groups.values_list("pk", flat=True)),
        }
        assert client.post(url("user", "change", target.pk), data).status_code == 302
        target.refresh_from_db()
        assert not target.is_superuser


def test_a_clinic_admin_cannot_change_a_superusers_account(client, clinic_admin, db):
    root = User.objects.create_superuser(email="root@example.id", password="Sangat-Rahasia-1")
    client.force_login(clinic_admin)
    data = {"email": "taken@example.id", "full_name": "x", "is_active": "on"}
    assert client.post(url("user", "change", root.pk), data).status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    assert client.post(password_url, {"password1": "Baru-Sekali-99", "password2": "Baru-Sekali-99"}).status_code == 403
    assert client.post(url("user", "delete", root.pk), {"post": "yes"}).status_code == 403
    root.refresh_from_db()
    assert root.email == "root@example.id" and root.is_active


def test_a_superuser_may_grant_superuser(client, make_user, db):
    root = User.objects.create_superuser(email="root@example.id", password="Sangat-Rahasia-1")
    other = make_user("staff")
    client.force_login(root)
    page = client.get(url("user", "change", other.pk))
    assert "is_superuser" in page.context["adminform"].form.fields


def test_nobody_deactivates_themselves_or_changes_their_own_role_in_the_dashboard(client, clinic_admin):
    client.force_login(clinic_admin)
    own_user_form = client.get(url("user", "change", clinic_admin.pk)).context["adminform"].form
    own_petugas_form = client.get(url("petugas", "change", clinic_admin.petugas.pk)).context["adminform"].form
    assert "is_active" not in own_user_form.fields and "role" not in own_petugas_form.fields
    posted = {"user": clinic_admin.pk, "nama": "Admin", "role": "staff", "nip": "", "license_number": ""}
    assert client.post(url("petugas", "change", clinic_admin.petugas.pk), posted).status_code == 302
    clinic_admin.petugas.refresh_from_db()
    assert clinic_admin.petugas.role == "admin"


def test_an_admin_may_change_another_petugas_role_in_the_dashboard(client, clinic_admin, make_user):
    other = make_user("staff")
    client.force_login(clinic_admin)
    assert "role" in client.get(url("petugas", "change", other.petugas.pk)).context["adminform"].form.fields
