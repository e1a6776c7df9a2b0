"""Cached permissions (accounts.access): one query per request, and every change seen at once."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import access
from accounts import services as account_services
from accounts.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.records")]


def sql_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured.captured_queries]


def test_a_signed_in_petugas_costs_one_query_before_the_endpoint(make_user, client_for):
    doctor = make_user("doctor")
    api = client_for(doctor)
    response, statements = sql_of(api, "/patients/")
    assert response.status_code == 200
    auth = [sql for sql in statements if "auth_permission" in sql or "petugas" in sql]
    assert len(auth) == 1, statements  # the user with its petugas row; permissions from the cache
    assert "petugas" in auth[0]


def test_cold_cache_reads_the_permissions_and_keeps_them(make_user, client_for):
    from django.core.cache import cache

    api = client_for(make_user("doctor"))
    cache.clear()
    first, cold = sql_of(api, "/patients/")
    second, warm = sql_of(api, "/patients/")
    assert first.status_code == second.status_code == 200
    assert sum("auth_permission" in sql for sql in cold) == 2
    assert sum("auth_permission" in sql for sql in warm) == 0


def test_a_role_change_is_seen_by_the_next_request(make_user, client_for):
    admin = make_user("admin")
    api = client_for(admin)
    assert api.get("/audit-logs/").status_code == 200
    account_services.petugas_update(petugas=admin.petugas, data={"role": Role.DOCTOR})
    assert api.get("/audit-logs/").status_code == 403
    assert api.get("/patients/").status_code == 200


def test_a_deactivation_is_seen_by_the_next_request(make_user, client_for):
    doctor = make_user("doctor")
    api = client_for(doctor)
    assert api.get("/patients/").status_code == 200
    account_services.user_deactivate(user=doctor, deactivated_by=make_user("admin"))
    assert api.get("/patients/").status_code == 401


def test_a_group_permission_change_is_seen_by_the_next_request(make_user, client_for):
    api = client_for(make_user("doctor"))
    assert api.get("/patients/").status_code == 200
    group = Group.objects.get(name=Role.DOCTOR)
    view_patient = Permission.objects.get(content_type__app_label="records", codename="view_patient")
    group.permissions.remove(view_patient)
    assert api.get("/patients/").status_code == 403
    group.permissions.add(view_patient)
    assert api.get("/patients/").status_code == 200


def test_leaving_the_group_is_seen_by_the_next_request(make_user, client_for):
    doctor = make_user("doctor")
    api = client_for(doctor)
    assert api.get("/patients/").status_code == 200
    doctor.groups.clear()
    assert api.get("/patients/").status_code == 403


def test_a_permission_granted_to_the_user_is_seen_by_the_next_request(make_user, client_for):
    staff = make_user("staff")
    api = client_for(staff)
    assert api.get("/audit-logs/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_auditlog"))
    assert api.get("/audit-logs/").status_code == 200


def test_the_version_is_bumped_again_when_the_change_commits(make_user, django_capture_on_commit_callbacks):
    doctor = make_user("doctor")
    before = access.access_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        account_services.petugas_update(petugas=doctor.petugas, data={"role": Role.STAFF})
    during = access.access_version()
    assert during != before
    for callback in callbacks:
        callback()
    assert access.access_version() != during


def test_a_login_does_not_void_the_cache(make_user):
    doctor = make_user("doctor")
    before = access.access_version()
    account_services.tokens_for_user(user=doctor)
    assert access.access_version() == before


def test_without_a_cache_permissions_come_from_the_database(make_user, client_for):
    api = client_for(make_user("staff"))
    with mock.patch.object(access.cache, "get", side_effect=ConnectionError("cache down")):
        assert api.get("/patients/").status_code == 200
        assert api.get("/audit-logs/").status_code == 403
