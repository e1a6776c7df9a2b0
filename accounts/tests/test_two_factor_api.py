"""Issue 19 item 3: an account with an authenticator needs its code for API tokens too, not only the dashboard."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts import services
from conftest import DEFAULT_PASSWORD
from conftest import totp_code as current_code

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.auth")]

TOKEN_KEYS = {"access", "refresh", "token_type", "user"}


@pytest.fixture(autouse=True)
def _no_device_backoff(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off has a test of its own below


def wrong_code(device: TOTPDevice) -> str:
    return "000000" if current_code(device) != "000000" else "111111"


def login(user, password=DEFAULT_PASSWORD, **extra):
    return APIClient().post("/auth/login", {"email": user.email, "password": password}, **extra)


def login_otp(ticket, code, **extra):
    return APIClient().post("/auth/login/otp", {"ticket": ticket, "code": code}, **extra)


@pytest.fixture
def doctor_with_device(make_user):
    doctor = make_user("doctor")
    return doctor, TOTPDevice.objects.create(user=doctor, name="HP", confirmed=True)


class TestWithoutAnAuthenticator:
    def test_the_password_alone_answers_exactly_as_before(self, make_user):
        user = make_user("doctor")
        response = login(user)
        assert response.status_code == 200 and set(response.data) == TOKEN_KEYS
        assert response.data["token_type"] == "Bearer" and response.data["user"]["email"] == user.email

    def test_an_unconfirmed_device_asks_for_nothing_yet(self, make_user):
        user = make_user("staff")
        TOTPDevice.objects.create(user=user, name="HP", confirmed=False)
        assert set(login(user).data) == TOKEN_KEYS


class TestTwoSteps:
    def test_the_password_alone_gives_a_ticket_and_no_token(self, doctor_with_device):
        doctor, _device = doctor_with_device
        response = login(doctor)
        assert response.status_code == 200
        assert response.data["otp_required"] is True and response.data["ticket"]
        assert response.data["expires_in"] == 300
        assert not TOKEN_KEYS & set(response.data)
        assert not OutstandingToken.objects.filter(user=doctor).exists()

    def test_ticket_and_code_give_working_tokens(self, doctor_with_device):
        doctor, device = doctor_with_device
        ticket = login(doctor).data["ticket"]
        response = login_otp(ticket, current_code(device))
        assert response.status_code == 200 and set(response.data) == TOKEN_KEYS
        assert response.data["user"]["role"] == "doctor"
        client = APIClient(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
        assert client.get("/auth/me").status_code == 200

    def test_a_wrong_code_is_401_and_counted_on_the_device(self, doctor_with_device):
        doctor, device = doctor_with_device
        ticket = login(doctor).data["ticket"]
        response = login_otp(ticket, wrong_code(device))
        assert response.status_code == 401 and "access" not in response.data
        assert response["WWW-Authenticate"].startswith("Bearer")
        device.refresh_from_db()
        assert device.throttling_failure_count == 1  # committed, though the request failed
        assert not OutstandingToken.objects.filter(user=doctor).exists()

    def test_a_code_is_good_once(self, doctor_with_device):
        doctor, device = doctor_with_device
        code = current_code(device)
        assert login_otp(login(doctor).data["ticket"], code).status_code == 200
        assert login_otp(login(doctor).data["ticket"], code).status_code == 401

    def test_a_ticket_is_good_once(self, doctor_with_device):
        doctor, device = doctor_with_device
        ticket = login(doctor).data["ticket"]
        assert login_otp(ticket, current_code(device)).status_code == 200
        device.last_t = -1  # the same code would pass the device again: the ticket itself must refuse
        device.save()
        assert login_otp(ticket, current_code(device)).status_code == 401

    def test_an_expired_ticket_is_401(self, doctor_with_device, settings):
        doctor, device = doctor_with_device
        ticket = login(doctor).data["ticket"]
        settings.OTP_LOGIN_TICKET_SECONDS = -1
        assert login_otp(ticket, current_code(device)).status_code == 401

    def test_a_forged_ticket_is_401(self, doctor_with_device):
        doctor, device = doctor_with_device
        ticket = login(doctor).data["ticket"]
        assert (
            login_otp(ticket[:-2] + ("AA" if not ticket.endswith("AA") else "BB"), current_code(device)).status_code
            == 401
        )
        assert login_otp("garbage", current_code(device)).status_code == 401

    def test_a_password_change_or_deactivation_kills_the_ticket(self, doctor_with_device, make_user):
        doctor, device = doctor_with_device
        ticket = login(doctor).data["ticket"]
        services.user_change_password(user=doctor, new_password="Baru-Lebih-Kuat-7")
        assert login_otp(ticket, current_code(device)).status_code == 401
        ticket = login(doctor, "Baru-Lebih-Kuat-7").data["ticket"]
        services.user_deactivate(user=doctor, deactivated_by=make_user("admin"))
        assert login_otp(ticket, current_code(device)).status_code == 401

    def test_a_ticket_of_another_account_does_not_fit_my_code(self, doctor_with_device, make_user):
        doctor, device = doctor_with_device
        other = make_user("staff")
        TOTPDevice.objects.create(user=other, name="HP", confirmed=True)
        other_ticket = login(other).data["ticket"]
        assert login_otp(other_ticket, current_code(device)).status_code == 401  # the doctor's code

    @pytest.mark.parametrize(
        "body", [{}, {"ticket": "x"}, {"ticket": "x", "code": "12ab56"}, {"ticket": "x", "code": "1"}]
    )
    def test_a_malformed_body_is_400(self, body):
        response = APIClient().post("/auth/login/otp", body)
        assert response.status_code == 400


class TestThrottled:
    def test_codes_per_account_are_limited_from_any_ip(self, doctor_with_device, settings):
        rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login_otp_account": "2/min"}
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
        doctor, device = doctor_with_device
        ticket = login(doctor).data["ticket"]
        for number in range(2):
            assert login_otp(ticket, wrong_code(device), REMOTE_ADDR=f"192.0.2.{number}").status_code == 401
        response = login_otp(ticket, current_code(device), REMOTE_ADDR="192.0.2.99")
        assert response.status_code == 429 and int(response["Retry-After"]) > 0

    def test_the_ip_limit_of_login_counts_the_second_step(self, doctor_with_device, settings):
        rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login_ip": "2/min"}
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
        doctor, device = doctor_with_device
        ticket = login(doctor).data["ticket"]
        assert login_otp(ticket, wrong_code(device)).status_code == 401
        assert login_otp(ticket, current_code(device)).status_code == 429

    def test_the_device_backs_off_after_a_wrong_code(self, doctor_with_device, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 60
        doctor, device = doctor_with_device
        ticket = login(doctor).data["ticket"]
        assert login_otp(ticket, wrong_code(device)).status_code == 401
        assert login_otp(ticket, current_code(device)).status_code == 401  # the right code must wait


class TestRequiredForRoles:
    def test_a_required_role_without_an_authenticator_gets_no_token(self, make_user, settings):
        settings.OTP_REQUIRED_ROLES = ["admin"]
        admin = make_user("admin")
        response = login(admin)
        assert response.status_code == 403 and response.data["code"] == "otp_setup_required"
        assert not OutstandingToken.objects.filter(user=admin).exists()

    def test_other_roles_and_patients_sign_in_as_before(self, make_user, settings):
        settings.OTP_REQUIRED_ROLES = ["admin", "user"]  # patients have no dashboard to enrol in: never required
        assert set(login(make_user("doctor")).data) == TOKEN_KEYS
        assert set(login(make_user(None)).data) == TOKEN_KEYS

    def test_a_required_role_with_an_authenticator_uses_it(self, make_user, settings):
        settings.OTP_REQUIRED_ROLES = ["admin"]
        admin = make_user("admin")
        device = TOTPDevice.objects.create(user=admin, name="HP", confirmed=True)
        ticket = login(admin).data["ticket"]
        assert login_otp(ticket, current_code(device)).status_code == 200

    def test_a_wrong_password_is_still_401_first(self, make_user, settings):
        settings.OTP_REQUIRED_ROLES = ["admin"]
        assert login(make_user("admin"), "Salah-Sekali-1").status_code == 401


def test_the_schema_documents_both_answers_and_the_second_step(settings):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    login_responses = schema["paths"]["/auth/login/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "413", "429"} <= set(login_responses)
    result = schema["components"]["schemas"]["LoginResult"]["oneOf"]
    assert {item["$ref"].rsplit("/", 1)[-1] for item in result} == {"LoginResponse", "OTPChallenge"}
    otp = schema["paths"]["/auth/login/otp/"]["post"]
    assert {"200", "400", "401", "413", "429"} <= set(otp["responses"])
    assert otp["security"] == [{}]
