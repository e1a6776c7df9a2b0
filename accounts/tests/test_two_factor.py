"""Optional two-factor sign-in to the dashboard: a petugas with a confirmed TOTP device must give its code."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import DEFAULT_PASSWORD
from conftest import totp_code as current_code

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


def sign_in(client, user, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": user.email, "password": DEFAULT_PASSWORD, "next": reverse("admin:index"), **extra},
    )


def test_without_a_device_the_password_is_enough(client, make_user):
    doctor = make_user("doctor")
    assert sign_in(client, doctor).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_unconfirmed_device_asks_for_nothing_yet(client, make_user):
    doctor = make_user("doctor")
    TOTPDevice.objects.create(user=doctor, name="HP", confirmed=False)
    assert sign_in(client, doctor).status_code == 302


def test_with_a_device_the_code_is_required_and_checked(client, make_user, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code; not under test here
    doctor = make_user("doctor")
    device = TOTPDevice.objects.create(user=doctor, name="HP", confirmed=True)
    page = sign_in(client, doctor)
    assert page.status_code == 200 and page.context["form"].errors  # password alone is refused
    assert client.get(reverse("admin:index")).status_code == 302  # not in
    assert (
        sign_in(client, doctor, otp_token="000000" if current_code(device) != "000000" else "111111").status_code == 200
    )
    assert sign_in(client, doctor, otp_token=current_code(device)).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_session_signed_in_before_the_device_was_added_must_sign_in_again(client, make_user):
    doctor = make_user("doctor")
    assert sign_in(client, doctor).status_code == 302
    TOTPDevice.objects.create(user=doctor, name="HP", confirmed=True)
    assert client.get(reverse("admin:index")).status_code == 302  # back to the login page


def test_clinic_admins_see_devices_doctors_do_not(client, make_user):
    admin, doctor = make_user("admin"), make_user("doctor")
    client.force_login(admin)
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200
    client.force_login(doctor)
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403
