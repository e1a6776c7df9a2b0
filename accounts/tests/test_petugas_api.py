"""/petugas/ is for admins only; roles become groups that carry the permission matrix."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import Petugas, User
from conftest import DEFAULT_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.urls("healthkon.urls.auth")]

NEW_DOCTOR = {
    "email": "dr.rina@klinik.id",
    "password": "Dokter-Rina-2024",
    "full_name": "dr. Rina Wulandari",
    "nama": "Rina Wulandari",
    "role": "doctor",
    "nip": "198503122010012003",
    "license_number": "STR-3171-2020-001",
}


@pytest.fixture
def admin_client(make_user, client_for):
    return client_for(make_user("admin"))


class TestAccess:
    def test_no_token_is_401(self, api_client):
        assert api_client.get("/petugas/").status_code == 401

    @pytest.mark.parametrize("role", [None, "doctor", "staff"])
    def test_non_admins_are_403_on_every_method(self, make_user, client_for, role):
        client = client_for(make_user(role))
        target = make_user("staff").petugas
        assert client.get("/petugas/").status_code == 403
        assert client.post("/petugas/", NEW_DOCTOR).status_code == 403
        assert client.get(f"/petugas/{target.pk}/").status_code == 403
        assert client.patch(f"/petugas/{target.pk}", {"role": "admin"}).status_code == 403
        assert client.delete(f"/petugas/{target.pk}").status_code == 403
        target.refresh_from_db()
        assert target.role == "staff" and target.user.is_active

    def test_superuser_without_petugas_row_is_admin(self, client_for, db):
        root = User.objects.create_superuser(email="root@example.id", password=DEFAULT_PASSWORD)
        assert client_for(root).get("/petugas").status_code == 200


class TestCrud:
    def test_create_doctor_gives_group_and_dashboard_access(self, admin_client, api_client):
        response = admin_client.post("/petugas/", NEW_DOCTOR)
        assert response.status_code == 201, response.data
        assert response.data["email"] == "dr.rina@klinik.id" and response.data["role"] == "doctor"
        assert "password" not in response.data
        user = User.objects.get(email="dr.rina@klinik.id")
        assert user.is_staff and list(user.groups.values_list("name", flat=True)) == ["doctor"]
        assert user.has_perm("records.change_patient") and not user.has_perm("accounts.view_petugas")
        login = api_client.post("/auth/login", {"email": NEW_DOCTOR["email"], "password": NEW_DOCTOR["password"]})
        assert login.data["user"]["role"] == "doctor"

    @pytest.mark.parametrize(
        "change, field",
        [
            ({"role": "nurse"}, "role"),
            ({"license_number": ""}, "license_number"),
            ({"nip": "12345"}, "nip"),
            ({"email": "bad"}, "email"),
            ({"password": "123"}, "password"),
            ({"nama": ""}, "nama"),
        ],
    )
    def test_invalid_create_is_400_and_creates_nothing(self, admin_client, change, field):
        response = admin_client.post("/petugas/", {**NEW_DOCTOR, **change})
        assert response.status_code == 400
        assert field in response.data
        assert not User.objects.filter(email=NEW_DOCTOR["email"]).exists()

    def test_duplicate_email_is_400(self, admin_client, make_user):
        make_user(email="dr.rina@klinik.id")
        response = admin_client.post("/petugas/", NEW_DOCTOR)
        assert response.status_code == 400 and "email" in response.data

    def test_list_is_paginated_and_filterable(self, admin_client, make_user):
        for _ in range(3):
            make_user("staff")
        make_user("doctor")
        response = admin_client.get("/petugas/?role=staff&page_size=2")
        assert response.status_code == 200
        assert set(response.data) == {"count", "next", "previous", "results"}
        assert response.data["count"] == 3 and len(response.data["results"]) == 2
        assert all(row["role"] == "staff" for row in response.data["results"])

    def test_list_query_count_is_constant(self, admin_client, make_user, django_assert_max_num_queries):
        for _ in range(15):
            make_user("staff")
        with django_assert_max_num_queries(6):
            assert admin_client.get("/petugas/?page_size=100").status_code == 200

    def test_change_role_moves_group(self, admin_client, make_user):
        user = make_user("staff")
        response = admin_client.patch(f"/petugas/{user.petugas.pk}", {"role": "doctor", "license_number": "STR-9"})
        assert response.status_code == 200, response.data
        assert list(user.groups.values_list("name", flat=True)) == ["doctor"]

    def test_put_updates_without_a_new_password(self, admin_client, make_user):
        petugas = make_user("staff").petugas
        body = {"email": petugas.user.email, "nama": "Dewi", "role": "staff", "full_name": "Dewi"}
        response = admin_client.put(f"/petugas/{petugas.pk}/", body)
        assert response.status_code == 200, response.data
        petugas.refresh_from_db()
        assert petugas.nama == "Dewi" and petugas.user.check_password(DEFAULT_PASSWORD)

    def test_delete_deactivates_and_keeps_the_row(self, admin_client, make_user, api_client):
        user = make_user("doctor")
        response = admin_client.delete(f"/petugas/{user.petugas.pk}/")
        assert response.status_code == 204
        user.refresh_from_db()
        assert Petugas.objects.filter(pk=user.petugas.pk).exists()
        assert not user.is_active and not user.is_staff and not user.groups.exists()
        assert api_client.post("/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD}).status_code == 401

    def test_admin_cannot_deactivate_self(self, make_user, client_for):
        admin = make_user("admin")
        response = client_for(admin).delete(f"/petugas/{admin.petugas.pk}")
        assert response.status_code == 400
        admin.refresh_from_db()
        assert admin.is_active

    def test_unknown_id_is_404(self, admin_client):
        assert admin_client.get("/petugas/999999/").status_code == 404


def test_groups_carry_the_permission_matrix(db):
    def perms(role):
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    assert {"view_petugas", "add_petugas", "change_petugas", "delete_petugas", "delete_patient"} <= perms("admin")
    assert perms("doctor") >= {"view_patient", "add_patient", "change_patient"}
    assert "delete_patient" not in perms("doctor") and "view_petugas" not in perms("doctor")
    assert "delete_patient" not in perms("staff") and "view_user" not in perms("staff")


class TestNobodyLocksThemselvesOut:
    """The rule DELETE already had, for PATCH and PUT too: another admin must do it."""

    @pytest.mark.parametrize(
        "change, field",
        [({"is_active": False}, "is_active"), ({"role": "staff"}, "role"), ({"role": "doctor"}, "role")],
    )
    @pytest.mark.parametrize("method", ["patch", "put"])
    def test_own_deactivation_or_role_change_is_400_and_changes_nothing(
        self, make_user, client_for, method, change, field
    ):
        admin = make_user("admin")
        client = client_for(admin)
        body = {"email": admin.email, "nama": admin.petugas.nama, "role": "admin", "license_number": "STR-1"} | change
        response = getattr(client, method)(f"/petugas/{admin.petugas.pk}", body)
        assert response.status_code == 400 and field in response.json()
        admin.refresh_from_db()
        admin.petugas.refresh_from_db()
        assert admin.is_active and admin.petugas.role == "admin"
        assert client.get("/petugas/").status_code == 200  # still signed in, still an admin

    def test_own_harmless_edits_still_work(self, make_user, client_for):
        admin = make_user("admin")
        response = client_for(admin).patch(
            f"/petugas/{admin.petugas.pk}", {"phone": "081234567890", "is_active": True, "role": "admin"}
        )
        assert response.status_code == 200 and response.json()["phone"] == "081234567890"

    def test_another_admin_may_do_it(self, make_user, client_for):
        admin, other = make_user("admin"), make_user("admin")
        response = client_for(other).patch(f"/petugas/{admin.petugas.pk}", {"role": "staff", "is_active": False})
        assert response.status_code == 200
        admin.refresh_from_db()
        assert not admin.is_active


class TestPasswordInTheSchema:
    """Issue 19 item 9: what the OpenAPI schema says about `password` is what the server does."""

    @pytest.fixture
    def schema(self, settings):
        from drf_spectacular.generators import SchemaGenerator

        return SchemaGenerator().get_schema(request=None, public=True)

    def request_schema(self, schema, path, method):
        ref = schema["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]

    def test_create_requires_a_password_in_schema_and_server(self, schema, admin_client):
        assert "password" in self.request_schema(schema, "/petugas/", "post")["required"]
        body = {key: value for key, value in NEW_DOCTOR.items() if key != "password"}
        response = admin_client.post("/petugas/", body)
        assert response.status_code == 400 and "password" in response.data
        assert not User.objects.filter(email=NEW_DOCTOR["email"]).exists()

    @pytest.mark.parametrize("method", ["put", "patch"])
    def test_updates_may_leave_the_password_out_in_schema_and_server(self, schema, admin_client, make_user, method):
        body_schema = self.request_schema(schema, "/petugas/{id}/", method)
        assert "password" in body_schema["properties"]
        assert "password" not in body_schema.get("required", [])
        petugas = make_user("staff").petugas
        body = {"email": petugas.user.email, "nama": "Dewi", "role": "staff"}
        response = getattr(admin_client, method)(f"/petugas/{petugas.pk}/", body)
        assert response.status_code == 200, response.data
        assert "password" not in response.data
        petugas.user.refresh_from_db()
        assert petugas.user.check_password(DEFAULT_PASSWORD)

    def test_an_empty_password_is_refused_as_the_schema_says(self, schema, admin_client, make_user):
        assert self.request_schema(schema, "/petugas/{id}/", "put")["properties"]["password"].get("minLength") == 1
        petugas = make_user("staff").petugas
        body = {"email": petugas.user.email, "nama": "Dewi", "role": "staff", "password": ""}
        response = admin_client.put(f"/petugas/{petugas.pk}/", body)
        assert response.status_code == 400 and "password" in response.data
