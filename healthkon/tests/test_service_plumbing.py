"""What every service shares: /health, per-service schema and offline docs, routing and errors."""

import re
from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import clear_url_caches

from healthkon.service_map import SERVICES, service_by_name

pytestmark = pytest.mark.django_db

SERVICE_URLCONFS = {service.name: f"healthkon.urls.{service.name}" for service in SERVICES}
# A path that belongs to exactly one service, to show the others do not expose it.
OWN_PATHS = {"auth": "/auth/login", "records": "/admin/login/", "rag": "/rag/search"}


@pytest.fixture(params=[service.name for service in SERVICES])
def service(request):
    """Run the test once per service, with that service's URLconf and name."""
    name = request.param
    with override_settings(ROOT_URLCONF=SERVICE_URLCONFS[name], SERVICE_NAME=name):
        clear_url_caches()
        yield service_by_name(name)
    clear_url_caches()


def test_ports_and_settings_modules_match_the_design():
    assert [(s.name, s.port) for s in SERVICES] == [
        ("auth", 8000),
        ("records", 8001),
        ("rag", 8002),
        ("records_mobile", 8003),
        ("rag_mobile", 8004),
        ("calculator", 8005),
    ]
    assert service_by_name("rm").name == "records" and service_by_name("health_calc").name == "calculator"


class TestHealth:
    @pytest.mark.parametrize("path", ["/health", "/health/"])
    def test_answers_without_auth_and_without_redirect(self, service, api_client, path):
        response = api_client.get(path)
        assert response.status_code == 200
        body = response.json()
        assert {key: body[key] for key in ("status", "service", "database")} == {
            "status": "ok",
            "service": service.name,
            "database": "ok",
        }
        # The RAG services also report the vector store and the index queue (rag/tests/test_health.py).
        assert set(body) - {"status", "service", "database"} == (
            {"vector_store", "index"} if service.name in ("rag", "rag_mobile") else set()
        )

    def test_database_down_is_503(self, service, api_client):
        with mock.patch("healthkon.api.views.connection.cursor", side_effect=OperationalError("gone")):
            response = api_client.get("/health")
        assert response.status_code == 503
        assert response.json()["database"] == "unavailable"


class TestSchemaAndDocs:
    def test_schema_lists_only_this_services_endpoints(self, service, api_client):
        response = api_client.get("/api/schema/?format=json")
        assert response.status_code == 200
        schema = response.json()
        assert schema["info"]["title"] == service.title
        paths = set(schema["paths"])
        assert "/health/" in paths
        if service.name == "auth":
            assert {"/auth/login/", "/auth/register/", "/petugas/{id}/"} <= paths
        else:
            assert not any(path.startswith(("/auth/", "/petugas")) for path in paths)

    def test_schema_is_valid_openapi_without_generator_warnings(self, service, tmp_path):
        from django.core.management import call_command

        schema_file = tmp_path / "schema.yaml"
        call_command(
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--urlconf",
            f"healthkon.urls.{service.name}",
            "--file",
            str(schema_file),
        )
        assert schema_file.stat().st_size > 0

    @pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc", "/api/docs"])
    def test_docs_pages_load_assets_locally(self, service, page):
        response = Client().get(page)
        assert response.status_code == 200
        html = response.content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', html)
        assert assets, "the page should load its UI from static files"
        for asset in assets:
            assert asset.startswith("/static/"), f"{asset} would need the internet"
            assert finders.find(asset.removeprefix("/static/")), f"{asset} is not shipped"

    def test_static_asset_is_served(self, service):
        response = Client().get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
        assert response.status_code == 200


class TestRouting:
    def test_unknown_path_is_a_json_404(self, service, api_client):
        response = api_client.get("/no-such-thing/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}

    def test_each_service_exposes_only_its_own_routes(self, service, api_client):
        for owner, path in OWN_PATHS.items():
            response = api_client.get(path)
            if owner == service.name:
                assert response.status_code != 404, path
            else:
                assert response.status_code == 404, f"{service.name} must not expose {path}"


@pytest.mark.urls("healthkon.urls.auth")
def test_trailing_slash_never_redirects(api_client):
    for path in ["/auth/login", "/auth/login/"]:
        assert api_client.post(path, {}).status_code == 400


@pytest.mark.urls("healthkon.urls.auth")
def test_page_size_is_capped_at_100(make_user, client_for):
    admin = make_user("admin")
    for _ in range(101):
        make_user("staff")
    response = client_for(admin).get("/petugas/?page_size=1000")
    assert response.status_code == 200
    assert response.data["count"] == 102 and len(response.data["results"]) == 100
    assert response.data["next"] is not None


def test_mysql_url_gets_utf8mb4_and_strict_mode(monkeypatch):
    import importlib

    from healthkon.settings import base

    monkeypatch.setenv("DATABASE_URL", "mysql://root@127.0.0.1:3306/healthkon")
    try:
        importlib.reload(base)
        database = base.DATABASES["default"]
        assert database["ENGINE"] == "django.db.backends.mysql"
        assert database["OPTIONS"]["charset"] == "utf8mb4"
        assert "STRICT_TRANS_TABLES" in database["OPTIONS"]["init_command"]
        assert database["TEST"]["CHARSET"] == "utf8mb4"
    finally:
        monkeypatch.undo()
        importlib.reload(base)


@pytest.mark.parametrize("debug", ["false", "true"])
def test_no_signing_key_is_built_in_not_even_for_development(monkeypatch, debug):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    from healthkon.settings import base

    monkeypatch.setenv("DJANGO_DEBUG", debug)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(base)
    monkeypatch.setenv("DJANGO_DEBUG", "false")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    importlib.reload(base)
    assert base.DEBUG is False


def test_public_endpoints_that_check_credentials_document_their_401(api_client, settings):
    settings.ROOT_URLCONF = "healthkon.urls.auth"
    paths = api_client.get("/api/schema/?format=json").json()["paths"]
    for path in ("/auth/login/", "/auth/refresh/"):
        assert "401" in paths[path]["post"]["responses"], path
    # Public views read no token (a stale one in the header is ignored): no 401 to document.
    for path, method in (("/auth/register/", "post"), ("/auth/logout/", "post"), ("/health/", "get")):
        assert "401" not in paths[path][method]["responses"], path
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api_client.post("/auth/register/", {}).status_code == 400


def test_a_delete_documents_400_only_where_a_rule_can_refuse_it(api_client, settings):
    settings.ROOT_URLCONF = "healthkon.urls.auth"
    petugas = api_client.get("/api/schema/?format=json").json()["paths"]["/petugas/{id}/"]["delete"]["responses"]
    settings.ROOT_URLCONF = "healthkon.urls.calculator"
    clear_url_caches()
    metric = api_client.get("/api/schema/?format=json").json()["paths"]["/metrics/{id}/"]["delete"]["responses"]
    assert "400" in petugas and "400" not in metric
