"""The auth service's contract, through the HTTP API, including every denied case."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import User
from conftest import DEFAULT_PASSWORD
from records.models import Patient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.auth")]


def login(client, email, password=DEFAULT_PASSWORD, **extra):
    return client.post("/auth/login", {"email": email, "password": password}, format="json", **extra)


def set_throttle_rate(settings, scope: str, rate: str) -> None:
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], scope: rate}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


class TestRegister:
    def test_creates_a_patient_account(self, api_client):
        response = api_client.post(
            "/auth/register",
            {"email": "Siti@Example.ID", "password": DEFAULT_PASSWORD, "full_name": "Siti Aminah", "phone": "0812"},
        )
        assert response.status_code == 201, response.data
        assert response.data == {
            "id": response.data["id"],
            "email": "siti@example.id",
            "full_name": "Siti Aminah",
            "phone": "0812",
            "role": "user",
            "patient_id": None,
        }
        assert "password" not in response.data
        assert User.objects.get(email="siti@example.id").check_password(DEFAULT_PASSWORD)

    def test_duplicate_email_is_a_field_error_whatever_the_case(self, api_client, make_user):
        make_user(email="ani@example.id")
        response = api_client.post(
            "/auth/register/", {"email": "ANI@example.id", "password": DEFAULT_PASSWORD, "full_name": "Ani"}
        )
        assert response.status_code == 400
        assert "email" in response.data

    @pytest.mark.parametrize(
        "body, field",
        [
            ({"password": DEFAULT_PASSWORD, "full_name": "A"}, "email"),
            ({"email": "not-an-email", "password": DEFAULT_PASSWORD, "full_name": "A"}, "email"),
            ({"email": "a@example.id", "full_name": "A"}, "password"),
            ({"email": "a@example.id", "password": "123", "full_name": "A"}, "password"),
            ({"email": "a@example.id", "password": "password", "full_name": "A"}, "password"),
            ({"email": "a@example.id", "password": DEFAULT_PASSWORD}, "full_name"),
        ],
    )
    def test_bad_input_is_400_naming_the_field(self, api_client, body, field):
        response = api_client.post("/auth/register", body)
        assert response.status_code == 400
        assert field in response.data

    def test_malformed_json_is_400_not_500(self, api_client):
        response = api_client.post("/auth/register", data="{not json", content_type="application/json")
        assert response.status_code == 400
        assert "detail" in response.json()

    def test_registration_is_throttled_per_ip(self, api_client, settings):
        set_throttle_rate(settings, "register_ip", "2/hour")
        for number in range(2):
            body = {"email": f"r{number}@example.id", "password": DEFAULT_PASSWORD, "full_name": "R"}
            assert api_client.post("/auth/register", body).status_code == 201
        body = {"email": "r9@example.id", "password": DEFAULT_PASSWORD, "full_name": "R"}
        response = api_client.post("/auth/register", body)
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0


class TestLogin:
    def test_returns_tokens_and_the_user(self, api_client, make_user):
        user = make_user(email="budi@example.id")
        patient = Patient.objects.create(
            nik="3171011501900001", name="Budi", birth_date="1990-01-15", sex="M", user=user
        )
        response = login(api_client, "BUDI@example.id")
        assert response.status_code == 200, response.data
        assert response.data["token_type"] == "Bearer"
        assert response.data["access"] and response.data["refresh"]
        assert response.data["user"] == {
            "id": user.pk,
            "email": "budi@example.id",
            "full_name": "Budi",
            "phone": "",
            "role": "user",
            "patient_id": patient.pk,
        }

    @pytest.mark.parametrize("role", ["admin", "doctor", "staff"])
    def test_petugas_role_is_reported(self, api_client, make_user, role):
        user = make_user(role)
        assert login(api_client, user.email).data["user"]["role"] == role

    def test_superuser_is_an_admin(self, api_client, db):
        User.objects.create_superuser(email="root@example.id", password=DEFAULT_PASSWORD)
        assert login(api_client, "root@example.id").data["user"]["role"] == "admin"

    def test_wrong_password_and_unknown_email_look_the_same(self, api_client, make_user):
        make_user(email="budi@example.id")
        wrong_password = login(api_client, "budi@example.id", "Salah-Sekali-99")
        unknown_email = login(api_client, "nobody@example.id")
        assert wrong_password.status_code == unknown_email.status_code == 401
        assert wrong_password.data == unknown_email.data
        assert "access" not in wrong_password.data

    def test_inactive_account_cannot_sign_in(self, api_client, make_user):
        user = make_user()
        user.is_active = False
        user.save()
        assert login(api_client, user.email).status_code == 401

    def test_missing_fields_are_400(self, api_client):
        response = api_client.post("/auth/login", {})
        assert response.status_code == 400
        assert set(response.data) == {"email", "password"}

    def test_guesses_from_one_ip_do_not_lock_the_owner_out_elsewhere(self, api_client, make_user, settings):
        set_throttle_rate(settings, "login_account_ip", "3/min")
        make_user(email="budi@example.id")
        for _ in range(3):
            assert login(api_client, "budi@example.id", "Salah-99x", REMOTE_ADDR="203.0.113.66").status_code == 401
        response = login(api_client, "Budi@example.id", REMOTE_ADDR="203.0.113.66")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        # The owner, from their own network, signs in with the right password.
        assert login(api_client, "budi@example.id", REMOTE_ADDR="10.0.0.99").status_code == 200

    def test_throttled_loosely_per_account_across_ips(self, api_client, make_user, settings):
        set_throttle_rate(settings, "login_account", "4/min")
        make_user(email="budi@example.id")
        for number in range(4):
            assert login(api_client, "budi@example.id", "Salah-99x", REMOTE_ADDR=f"10.0.0.{number}").status_code == 401
        assert login(api_client, "Budi@example.id", REMOTE_ADDR="10.0.0.99").status_code == 429
        # Another account from the same IP is unaffected.
        make_user(email="ani@example.id")
        assert login(api_client, "ani@example.id", REMOTE_ADDR="10.0.0.99").status_code == 200

    def test_account_wide_limit_is_looser_than_the_per_ip_one(self):
        from django.conf import settings
        from rest_framework.throttling import SimpleRateThrottle

        rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        (strict_count, strict_seconds), (loose_count, loose_seconds) = (
            SimpleRateThrottle.parse_rate(None, rates[scope]) for scope in ("login_account_ip", "login_account")
        )
        # Over an hour, the account-wide limit admits many times what one IP may try.
        assert loose_count * 3600 / loose_seconds >= 10 * strict_count

    def test_throttled_per_ip_across_accounts(self, api_client, settings):
        set_throttle_rate(settings, "login_ip", "3/min")
        for number in range(3):
            assert login(api_client, f"guess{number}@example.id").status_code == 401
        response = login(api_client, "guess9@example.id")
        assert response.status_code == 429
        assert "Retry-After" in response
        assert login(api_client, "guess9@example.id", REMOTE_ADDR="192.0.2.7").status_code == 401

    def test_forged_forwarded_for_does_not_escape_the_ip_throttle(self, api_client, settings):
        set_throttle_rate(settings, "login_ip", "2/min")
        for number in range(2):
            login(api_client, f"g{number}@example.id", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
        assert login(api_client, "g9@example.id", HTTP_X_FORWARDED_FOR="198.51.100.50").status_code == 429


class TestTokens:
    def test_refresh_rotates_and_old_refresh_dies(self, api_client, make_user):
        user = make_user()
        first = login(api_client, user.email).data
        rotated = api_client.post("/auth/refresh", {"refresh": first["refresh"]})
        assert rotated.status_code == 200
        assert rotated.data["access"] and rotated.data["refresh"] != first["refresh"]
        assert api_client.post("/auth/refresh", {"refresh": first["refresh"]}).status_code == 401

    def test_refresh_with_garbage_is_401_and_missing_is_400(self, api_client, db):
        assert api_client.post("/auth/refresh", {"refresh": "garbage"}).status_code == 401
        assert api_client.post("/auth/refresh", {}).status_code == 400

    def test_logout_blacklists_the_refresh_token(self, api_client, make_user):
        user = make_user()
        tokens = login(api_client, user.email).data
        assert api_client.post("/auth/logout", {"refresh": tokens["refresh"]}).status_code == 204
        assert api_client.post("/auth/refresh", {"refresh": tokens["refresh"]}).status_code == 401

    def test_an_expired_access_token_in_the_header_does_not_block_the_public_endpoints(self, api_client, make_user):
        """The app still sends its expired access token: login, refresh, logout and register must work."""
        user = make_user()
        tokens = login(api_client, user.email).data
        expired = AccessToken.for_user(user)
        expired.set_exp(lifetime=-dt.timedelta(minutes=1))
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {expired}")
        assert api_client.get("/auth/me").status_code == 401  # a protected endpoint still refuses it
        assert login(api_client, user.email).status_code == 200
        refreshed = api_client.post("/auth/refresh", {"refresh": tokens["refresh"]})
        assert refreshed.status_code == 200
        assert api_client.post("/auth/logout", {"refresh": refreshed.data["refresh"]}).status_code == 204
        body = {"email": "baru@example.id", "password": DEFAULT_PASSWORD, "full_name": "Baru"}
        assert api_client.post("/auth/register", body).status_code == 201
        for path in ("/health", "/api/schema/", "/api/docs/", "/api/redoc/"):
            assert api_client.get(path).status_code == 200, path

    def test_logout_with_bad_token_is_400(self, api_client, db):
        response = api_client.post("/auth/logout", {"refresh": "garbage"})
        assert response.status_code == 400
        assert "refresh" in response.data

    def test_access_token_is_not_a_refresh_token(self, api_client, make_user):
        tokens = login(api_client, make_user().email).data
        assert api_client.post("/auth/refresh", {"refresh": tokens["access"]}).status_code == 401

    def test_lifetimes_come_from_settings(self):
        assert settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].days == 30
        assert settings.SIMPLE_JWT["ROTATE_REFRESH_TOKENS"] and settings.SIMPLE_JWT["BLACKLIST_AFTER_ROTATION"]


class TestMe:
    def test_requires_a_token(self, api_client):
        response = api_client.get("/auth/me")
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")

    def test_rejects_a_forged_token(self, api_client):
        api_client.credentials(HTTP_AUTHORIZATION="Bearer eyJhbGciOiJIUzI1NiJ9.e30.bad")
        assert api_client.get("/auth/me").status_code == 401

    def test_shows_own_profile(self, make_user, client_for):
        user = make_user("doctor", phone="0811")
        response = client_for(user).get("/auth/me/")
        assert response.status_code == 200
        assert response.data == {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "phone": "0811",
            "role": "doctor",
            "patient_id": None,
        }

    def test_updates_own_name_and_phone_but_not_role(self, make_user, client_for):
        user = make_user()
        response = client_for(user).patch("/auth/me", {"full_name": "Budi Santoso", "phone": "0899", "role": "admin"})
        assert response.status_code == 200
        assert response.data["full_name"] == "Budi Santoso" and response.data["role"] == "user"
        user.refresh_from_db()
        assert user.phone == "0899" and not user.is_staff

    def test_deactivated_user_token_stops_working(self, make_user, client_for):
        user = make_user()
        client = client_for(user)
        user.is_active = False
        user.save()
        assert client.get("/auth/me").status_code == 401


class TestChangePassword:
    def test_changes_password_and_signs_out_other_sessions(self, api_client, make_user, client_for):
        user = make_user()
        old_session = login(api_client, user.email).data
        response = client_for(user).post(
            "/auth/change-password", {"old_password": DEFAULT_PASSWORD, "new_password": "Baru-Lebih-Kuat-7"}
        )
        assert response.status_code == 204
        assert login(api_client, user.email).status_code == 401
        assert login(api_client, user.email, "Baru-Lebih-Kuat-7").status_code == 200
        assert api_client.post("/auth/refresh", {"refresh": old_session["refresh"]}).status_code == 401

    def test_password_change_ends_access_tokens_too(self, make_user, client_for):
        user = make_user()
        other_device = client_for(user)
        this_device = client_for(user)
        assert other_device.get("/auth/me").status_code == 200
        response = this_device.post(
            "/auth/change-password", {"old_password": DEFAULT_PASSWORD, "new_password": "Baru-Lebih-Kuat-7"}
        )
        assert response.status_code == 204
        assert other_device.get("/auth/me").status_code == 401
        assert this_device.get("/auth/me").status_code == 401

    def test_change_password_is_throttled_per_account(self, make_user, client_for, settings):
        set_throttle_rate(settings, "change_password", "2/hour")
        client = client_for(make_user())
        for _ in range(2):
            body = {"old_password": "Tebakan-Salah-1", "new_password": "Baru-Lebih-Kuat-7"}
            assert client.post("/auth/change-password", body).status_code == 400
        response = client.post("/auth/change-password", {"old_password": DEFAULT_PASSWORD, "new_password": "X-Baru-9"})
        assert response.status_code == 429 and int(response["Retry-After"]) > 0

    def test_wrong_old_password_is_a_field_error(self, make_user, client_for):
        user = make_user()
        response = client_for(user).post(
            "/auth/change-password", {"old_password": "Salah-1234", "new_password": "Baru-Lebih-Kuat-7"}
        )
        assert response.status_code == 400 and "old_password" in response.data
        user.refresh_from_db()
        assert user.check_password(DEFAULT_PASSWORD)

    def test_weak_new_password_is_a_field_error(self, make_user, client_for):
        response = client_for(make_user()).post(
            "/auth/change-password", {"old_password": DEFAULT_PASSWORD, "new_password": "12345678"}
        )
        assert response.status_code == 400 and "new_password" in response.data

    def test_requires_a_token(self, api_client):
        body = {"old_password": "a", "new_password": "b"}
        assert api_client.post("/auth/change-password", body).status_code == 401


class TestPasswordHashing:
    def test_bcrypt_is_the_production_hasher(self):
        from healthkon.settings import base

        assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.BCryptSHA256PasswordHasher"
        with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
            assert identify_hasher(make_password("Kuat-Sekali-2024")).algorithm == "bcrypt_sha256"
