"""Issue 19 item 5: logout ends the session's access tokens; a reused refresh token ends its whole family."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import EndedSession, SessionEndReason
from accounts.token_sessions import SESSION_CLAIM
from conftest import DEFAULT_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.auth")]


def sign_in(user) -> dict:
    response = APIClient().post("/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.data
    return response.data


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def refresh(token: str):
    return APIClient().post("/auth/refresh", {"refresh": token})


class TestLogout:
    def test_logout_ends_the_sessions_access_token_at_once(self, make_user):
        user = make_user()
        session = sign_in(user)
        assert bearer(session["access"]).get("/auth/me").status_code == 200
        assert APIClient().post("/auth/logout", {"refresh": session["refresh"]}).status_code == 204
        response = bearer(session["access"]).get("/auth/me")
        assert response.status_code == 401 and response.data["code"] == "session_ended"
        assert EndedSession.objects.get(user=user).reason == SessionEndReason.LOGOUT

    def test_logout_ends_only_that_session(self, make_user):
        user = make_user()
        phone, tablet = sign_in(user), sign_in(user)
        assert APIClient().post("/auth/logout", {"refresh": phone["refresh"]}).status_code == 204
        assert bearer(tablet["access"]).get("/auth/me").status_code == 200
        assert refresh(tablet["refresh"]).status_code == 200

    def test_logout_ends_access_tokens_minted_by_earlier_rotations_too(self, make_user):
        session = sign_in(make_user())
        rotated = refresh(session["refresh"]).data
        assert APIClient().post("/auth/logout", {"refresh": rotated["refresh"]}).status_code == 204
        assert bearer(session["access"]).get("/auth/me").status_code == 401
        assert bearer(rotated["access"]).get("/auth/me").status_code == 401

    def test_an_ended_session_is_refused_by_the_other_services(self, make_user, settings):
        session = sign_in(make_user("doctor"))
        assert APIClient().post("/auth/logout", {"refresh": session["refresh"]}).status_code == 204
        settings.ROOT_URLCONF = "healthkon.urls.records"
        assert bearer(session["access"]).get("/patients/").status_code == 401

    def test_a_logged_out_token_stays_refused_after_the_cache_is_emptied(self, make_user):
        session = sign_in(make_user())
        assert APIClient().post("/auth/logout", {"refresh": session["refresh"]}).status_code == 204
        cache.clear()  # a Redis restart or flush
        assert bearer(session["access"]).get("/auth/me").status_code == 401

    def test_with_the_cache_down_the_database_decides(self, make_user, monkeypatch):
        user = make_user()
        ended, alive = sign_in(user), sign_in(user)
        assert APIClient().post("/auth/logout", {"refresh": ended["refresh"]}).status_code == 204

        def down(*args, **kwargs):
            raise ConnectionError("redis is down")

        monkeypatch.setattr(cache, "get_many", down)
        assert bearer(ended["access"]).get("/auth/me").status_code == 401
        assert bearer(alive["access"]).get("/auth/me").status_code == 200

    def test_rows_outlive_every_token_they_refuse_and_no_more(self, make_user, settings):
        user = make_user()
        old = EndedSession.objects.create(session_id="a" * 32, user=user, reason=SessionEndReason.LOGOUT)
        recent = EndedSession.objects.create(session_id="b" * 32, user=user, reason=SessionEndReason.LOGOUT)
        EndedSession.objects.filter(pk=old.pk).update(ended_at=timezone.now() - datetime.timedelta(days=31))
        EndedSession.objects.filter(pk=recent.pk).update(ended_at=timezone.now() - datetime.timedelta(days=29))
        assert APIClient().post("/auth/logout", {"refresh": sign_in(user)["refresh"]}).status_code == 204
        assert set(EndedSession.objects.values_list("session_id", flat=True)) >= {"b" * 32}
        assert not EndedSession.objects.filter(pk=old.pk).exists()


class TestTheCheckIsCheap:
    def test_no_query_on_the_hot_path_one_after_the_cache_was_emptied(self, make_user):
        session = sign_in(make_user())
        client = bearer(session["access"])
        client.get("/auth/me")  # loads the ended sessions into the cache, if not yet there

        def ended_session_queries():
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/auth/me").status_code == 200
            return [query["sql"] for query in queries if "ended_sessions" in query["sql"]]

        assert ended_session_queries() == []
        cache.clear()
        assert len(ended_session_queries()) == 1  # reloaded once...
        assert ended_session_queries() == []  # ...and read from the cache again


class TestRefreshReuse:
    def test_reusing_a_rotated_refresh_token_ends_the_whole_family(self, make_user):
        user = make_user()
        first = sign_in(user)
        second = refresh(first["refresh"]).data  # the legitimate rotation
        assert refresh(first["refresh"]).status_code == 401  # a thief (or the owner) replays the old one
        assert EndedSession.objects.get(user=user).reason == SessionEndReason.REFRESH_REUSE
        assert refresh(second["refresh"]).status_code == 401  # the newest refresh token is dead too
        for access in (first["access"], second["access"]):
            assert bearer(access).get("/auth/me").status_code == 401

    def test_reuse_ends_only_that_family(self, make_user):
        user = make_user()
        stolen, other_device = sign_in(user), sign_in(user)
        refresh(stolen["refresh"])
        assert refresh(stolen["refresh"]).status_code == 401
        assert bearer(other_device["access"]).get("/auth/me").status_code == 200
        assert refresh(other_device["refresh"]).status_code == 200

    def test_rotation_keeps_the_session_id(self, make_user):
        first = sign_in(make_user())
        second = refresh(first["refresh"]).data
        session_ids = {
            RefreshToken(first["refresh"], verify=False)[SESSION_CLAIM],
            RefreshToken(second["refresh"], verify=False)[SESSION_CLAIM],
            RefreshToken(second["access"], verify=False)[SESSION_CLAIM],
        }
        assert len(session_ids) == 1

    def test_each_login_is_its_own_session(self, make_user):
        user = make_user()
        assert (
            RefreshToken(sign_in(user)["refresh"], verify=False)[SESSION_CLAIM]
            != RefreshToken(sign_in(user)["refresh"], verify=False)[SESSION_CLAIM]
        )

    def test_a_token_issued_before_sessions_existed_starts_its_own_family(self, make_user):
        user = make_user()
        legacy = RefreshToken.for_user(user)  # no session id
        assert SESSION_CLAIM not in legacy.payload
        rotated = refresh(str(legacy)).data
        assert RefreshToken(rotated["refresh"], verify=False)[SESSION_CLAIM] == legacy["jti"]
        assert refresh(str(legacy)).status_code == 401  # reuse
        assert refresh(rotated["refresh"]).status_code == 401
        assert bearer(rotated["access"]).get("/auth/me").status_code == 401

    def test_garbage_or_a_forged_token_ends_nothing(self, make_user):
        user = make_user()
        session = sign_in(user)
        header, payload, _signature = session["refresh"].split(".")
        assert refresh(f"{header}.{payload}.AAAA").status_code == 401
        assert refresh("garbage").status_code == 401
        assert not EndedSession.objects.exists()
        assert refresh(session["refresh"]).status_code == 200

    def test_an_access_token_sent_as_refresh_ends_nothing(self, make_user):
        session = sign_in(make_user())
        assert refresh(session["access"]).status_code == 401
        assert not EndedSession.objects.exists()
