"""Issue 19 item 2: nobody edits an account with more rights than their own; a TOTP secret shows once.

The attack: a clinic admin (role admin, not a superuser) attaches a petugas profile to a
superuser's account in the dashboard, then resets its password with `PATCH :8000 /petugas/{id}/`,
or reads the superuser's TOTP secret in the device admin. Every door is tried here.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.models import Petugas, User
from conftest import DEFAULT_PASSWORD
from conftest import totp_code as code_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Diambil-Alih-99"


@pytest.fixture
def root(db):
    return User.objects.create_superuser(email="root@example.id", password=DEFAULT_PASSWORD, full_name="Root")


@pytest.fixture
def clinic_admin(make_user):
    return make_user("admin")


@pytest.fixture
def api(settings, client_for):
    """client_for on :8000."""
    settings.ROOT_URLCONF = "healthkon.urls.auth"
    return client_for


@pytest.fixture
def dashboard(settings, client):
    """The Django admin on :8001."""
    settings.ROOT_URLCONF = "healthkon.urls.records"
    return client


def attach_petugas(user, role="admin") -> Petugas:
    """What the attacker did in the dashboard before the fix (or what a superuser may legitimately do)."""
    return Petugas.objects.create(user=user, nama="Root", role=role)


def password_still(user, password=DEFAULT_PASSWORD) -> bool:
    user.refresh_from_db()
    return user.check_password(password)


class TestApi:
    @pytest.mark.parametrize("method", ["patch", "put"])
    def test_an_admin_cannot_reset_a_superusers_password(self, api, clinic_admin, root, method):
        petugas = attach_petugas(root)
        body = {"email": root.email, "nama": "Root", "role": "admin", "password": NEW_PASSWORD}
        response = getattr(api(clinic_admin), method)(f"/petugas/{petugas.pk}/", body)
        assert response.status_code == 403
        assert password_still(root) and root.email == "root@example.id"

    def test_an_admin_cannot_deactivate_a_superuser(self, api, clinic_admin, root):
        petugas = attach_petugas(root)
        assert api(clinic_admin).delete(f"/petugas/{petugas.pk}/").status_code == 403
        root.refresh_from_db()
        assert root.is_active

    def test_an_admin_cannot_touch_an_account_with_extra_rights(self, api, clinic_admin, make_user):
        staff = make_user("staff")
        staff.user_permissions.add(Permission.objects.get(codename="view_group"))  # granted by a superuser
        response = api(clinic_admin).patch(f"/petugas/{staff.petugas.pk}/", {"password": NEW_PASSWORD})
        assert response.status_code == 403 and password_still(staff)
        assert api(clinic_admin).delete(f"/petugas/{staff.petugas.pk}/").status_code == 403

    def test_an_admin_may_manage_equals_and_those_below(self, api, clinic_admin, make_user):
        for target in (make_user("admin"), make_user("doctor"), make_user("staff")):
            response = api(clinic_admin).patch(f"/petugas/{target.petugas.pk}/", {"password": NEW_PASSWORD})
            assert response.status_code == 200, response.data
            assert password_still(target, NEW_PASSWORD)

    def test_a_superuser_may_manage_a_superuser(self, api, root):
        other_root = User.objects.create_superuser(email="root2@example.id", password=DEFAULT_PASSWORD)
        petugas = attach_petugas(other_root)
        response = api(root).patch(f"/petugas/{petugas.pk}/", {"password": NEW_PASSWORD})
        assert response.status_code == 200 and password_still(other_root, NEW_PASSWORD)

    def test_nobody_hands_out_a_role_with_more_rights(self, api, make_user):
        """A custom group gives an admin-role petugas fewer rights than the admin role carries."""
        limited = make_user("staff")
        limited.user_permissions.add(*Permission.objects.filter(codename__in=["view_petugas", "change_petugas"]))
        target = make_user("staff")
        response = api(limited).patch(f"/petugas/{target.petugas.pk}/", {"role": "admin"})
        assert response.status_code == 403
        target.petugas.refresh_from_db()
        assert target.petugas.role == "staff"


class TestDashboard:
    def test_an_admin_cannot_attach_a_petugas_profile_to_a_superuser(self, dashboard, clinic_admin, root):
        dashboard.force_login(clinic_admin)
        body = {"user": root.pk, "nama": "Root", "role": "admin", "nip": "", "license_number": ""}
        page = dashboard.post(reverse("admin:accounts_petugas_add"), body)
        assert page.status_code == 200 and "user" in page.context["adminform"].form.errors
        assert not Petugas.objects.filter(user=root).exists()

    def test_an_admin_cannot_move_a_petugas_profile_onto_a_superuser(self, dashboard, clinic_admin, make_user, root):
        staff = make_user("staff")
        dashboard.force_login(clinic_admin)
        body = {"user": root.pk, "nama": "Staf", "role": "staff", "nip": "", "license_number": ""}
        page = dashboard.post(reverse("admin:accounts_petugas_change", args=[staff.petugas.pk]), body)
        assert page.status_code == 200 and "user" in page.context["adminform"].form.errors
        staff.petugas.refresh_from_db()
        assert staff.petugas.user == staff

    def test_an_existing_superuser_petugas_is_out_of_an_admins_reach(self, dashboard, clinic_admin, root):
        petugas = attach_petugas(root)
        dashboard.force_login(clinic_admin)
        body = {"user": root.pk, "nama": "Diubah", "role": "staff", "nip": "", "license_number": ""}
        assert dashboard.post(reverse("admin:accounts_petugas_change", args=[petugas.pk]), body).status_code == 403
        assert (
            dashboard.post(reverse("admin:accounts_petugas_delete", args=[petugas.pk]), {"post": "yes"}).status_code
            == 403
        )
        bulk = {"action": "delete_selected", "_selected_action": [petugas.pk], "post": "yes"}
        dashboard.post(reverse("admin:accounts_petugas_changelist"), bulk)
        petugas.refresh_from_db()
        root.refresh_from_db()
        assert petugas.nama == "Root" and petugas.role == "admin" and root.is_active

    def test_an_admin_cannot_reset_the_password_of_an_account_with_extra_rights(
        self, dashboard, clinic_admin, make_user
    ):
        staff = make_user("staff")
        staff.user_permissions.add(Permission.objects.get(codename="view_group"))
        dashboard.force_login(clinic_admin)
        url = reverse("admin:auth_user_password_change", args=[staff.pk])
        assert dashboard.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 403
        assert password_still(staff)

    def test_an_admin_may_reset_a_staff_password(self, dashboard, clinic_admin, make_user):
        staff = make_user("staff")
        dashboard.force_login(clinic_admin)
        url = reverse("admin:auth_user_password_change", args=[staff.pk])
        response = dashboard.post(
            url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
        )
        assert response.status_code == 302 and password_still(staff, NEW_PASSWORD)

    def test_an_admin_cannot_hand_out_a_group_with_more_rights(self, dashboard, clinic_admin, make_user):
        powerful = Group.objects.create(name="auditors-plus")
        powerful.permissions.add(Permission.objects.get(codename="change_group"))
        staff = make_user("staff")
        dashboard.force_login(clinic_admin)
        form = dashboard.get(reverse("admin:accounts_user_change", args=[staff.pk])).context["adminform"].form
        offered = set(form.fields["groups"].queryset.values_list("name", flat=True))
        assert "auditors-plus" not in offered and {"admin", "doctor", "staff"} <= offered

    def test_a_superuser_may_attach_a_petugas_profile_to_a_superuser(self, dashboard, root):
        other_root = User.objects.create_superuser(email="root2@example.id", password=DEFAULT_PASSWORD)
        dashboard.force_login(root)
        body = {"user": other_root.pk, "nama": "Root 2", "role": "admin", "nip": "", "license_number": ""}
        assert dashboard.post(reverse("admin:accounts_petugas_add"), body).status_code == 302
        assert Petugas.objects.filter(user=other_root).exists()


class TestAuthenticators:
    def test_nobody_adds_or_edits_a_device_for_someone_else(self, dashboard, clinic_admin, root, make_user):
        device = TOTPDevice.objects.create(user=make_user("staff"), name="HP", confirmed=True)
        for user in (clinic_admin, root):
            dashboard.force_login(user)
            assert dashboard.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
            body = {"user": device.user_id, "name": "HP", "key": "00" * 20, "confirmed": "on"}
            dashboard.post(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]), body)
            device.refresh_from_db()
            assert device.key != "00" * 20

    def test_the_secret_is_never_shown_in_the_device_admin(self, dashboard, clinic_admin, root, make_user):
        device = TOTPDevice.objects.create(user=make_user("staff"), name="HP", confirmed=True)
        for user in (clinic_admin, root):
            dashboard.force_login(user)
            for view in ("changelist", "change"):
                args = [device.pk] if view == "change" else []
                page = dashboard.get(reverse(f"admin:otp_totp_totpdevice_{view}", args=args))
                assert page.status_code == 200
                assert device.key not in page.content.decode()
            for view in ("config", "qrcode"):
                assert dashboard.get(reverse(f"admin:otp_totp_totpdevice_{view}", args=[device.pk])).status_code == 403

    def test_an_admin_neither_sees_nor_resets_a_superusers_device(self, dashboard, clinic_admin, root):
        device = TOTPDevice.objects.create(user=root, name="HP root", confirmed=True)
        dashboard.force_login(clinic_admin)
        listing = dashboard.get(reverse("admin:otp_totp_totpdevice_changelist")).content.decode()
        assert "HP root" not in listing
        assert dashboard.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).status_code == 302
        dashboard.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
        bulk = {"action": "delete_selected", "_selected_action": [device.pk], "post": "yes"}
        dashboard.post(reverse("admin:otp_totp_totpdevice_changelist"), bulk)
        assert TOTPDevice.objects.filter(pk=device.pk).exists()

    def test_an_admin_resets_a_staff_device_by_deleting_it(self, dashboard, clinic_admin, make_user):
        device = TOTPDevice.objects.create(user=make_user("staff"), name="HP", confirmed=True)
        dashboard.force_login(clinic_admin)
        response = dashboard.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
        assert response.status_code == 302 and not TOTPDevice.objects.filter(pk=device.pk).exists()


def secret_on(page) -> str | None:
    match = re.search(r"<code>([A-Z2-7 ]+)</code>", page.content.decode())
    return match.group(1).replace(" ", "") if match else None


class TestEnrolment:
    url = "/admin/two-factor/"

    def test_the_owner_enrols_and_sees_the_secret_once(self, dashboard, make_user, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        doctor = make_user("doctor")
        dashboard.force_login(doctor)
        assert secret_on(dashboard.get(self.url)) is None  # looking changes nothing
        started = dashboard.post(self.url, {"action": "start"})
        secret = secret_on(started)
        assert secret and 'src="data:image/svg+xml;base64,' in started.content.decode()
        device = TOTPDevice.objects.get(user=doctor)
        assert not device.confirmed
        again = dashboard.get(self.url)
        assert secret_on(again) is None and secret not in again.content.decode()  # never again
        assert dashboard.post(self.url, {"action": "confirm", "code": "12"}).status_code == 200
        wrong = "000000" if code_of(device) != "000000" else "111111"
        assert dashboard.post(self.url, {"action": "confirm", "code": wrong}).status_code == 200
        device.refresh_from_db()
        assert not device.confirmed
        response = dashboard.post(self.url, {"action": "confirm", "code": code_of(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert dashboard.get(reverse("admin:index")).status_code == 200  # this session is verified
        assert (
            secret_on(dashboard.get(self.url)) is None
            and secret_on(dashboard.post(self.url, {"action": "start"})) is None
        )

    def test_starting_again_replaces_the_pending_secret(self, dashboard, make_user):
        doctor = make_user("doctor")
        dashboard.force_login(doctor)
        first = secret_on(dashboard.post(self.url, {"action": "start"}))
        second = secret_on(dashboard.post(self.url, {"action": "start"}))
        assert first != second and TOTPDevice.objects.filter(user=doctor).count() == 1

    def test_the_enrolled_device_then_guards_the_api_login(self, dashboard, make_user, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        doctor = make_user("doctor")
        dashboard.force_login(doctor)
        dashboard.post(self.url, {"action": "start"})
        dashboard.post(self.url, {"action": "confirm", "code": code_of(TOTPDevice.objects.get(user=doctor))})
        settings.ROOT_URLCONF = "healthkon.urls.auth"
        response = APIClient().post("/auth/login", {"email": doctor.email, "password": DEFAULT_PASSWORD})
        assert response.data["otp_required"] is True and "access" not in response.data

    def test_patients_have_no_enrolment_page(self, dashboard, make_user):
        dashboard.force_login(make_user(None))
        assert dashboard.get(self.url).status_code == 302  # to the login page

    def test_a_required_role_may_only_enrol_until_it_has(self, dashboard, make_user, settings):
        settings.OTP_REQUIRED_ROLES = ["admin"]
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        admin = make_user("admin")
        dashboard.force_login(admin)
        for url in (reverse("admin:index"), reverse("admin:records_patient_changelist")):
            response = dashboard.get(url)
            assert response.status_code == 302 and response["Location"] == self.url
        assert dashboard.get(self.url).status_code == 200
        dashboard.post(self.url, {"action": "start"})
        dashboard.post(self.url, {"action": "confirm", "code": code_of(TOTPDevice.objects.get(user=admin))})
        assert dashboard.get(reverse("admin:index")).status_code == 200

    def test_other_roles_are_not_sent_to_enrol(self, dashboard, make_user, settings):
        settings.OTP_REQUIRED_ROLES = ["admin"]
        dashboard.force_login(make_user("doctor"))
        assert dashboard.get(reverse("admin:index")).status_code == 200

    def test_the_page_speaks_one_language(self, dashboard, make_user):
        dashboard.force_login(make_user("doctor"))
        indonesian = dashboard.get(self.url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
        assert "Pasang autentikator" in indonesian and "Set up an authenticator" not in indonesian
        english = dashboard.get(self.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Set up an authenticator" in english
