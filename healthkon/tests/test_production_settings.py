"""Production hardening: `check --deploy` clean, security headers, CORS, body limits (issue 13)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("service", ["auth", "records", "rag", "records_mobile", "rag_mobile", "calculator"])
def test_check_deploy_is_clean_in_the_production_environment(service, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "CORS_"))
    }
    for line in (PROJECT_DIR / ".env.production.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        HEALTHKON_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE=f"healthkon.settings.{service}",
    )
    result = subprocess.run(  # noqa: S603 -- our own fixed argv
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.urls("healthkon.urls.records")
def test_responses_carry_the_security_headers(client, db):
    response = client.get("/health")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.urls("healthkon.urls.records")
def test_cors_answers_only_configured_origins(client, db, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://dashboard.healthkon.id"]
    allowed = client.options(
        "/patients/", HTTP_ORIGIN="https://dashboard.healthkon.id", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://dashboard.healthkon.id"
    other = client.options("/patients/", HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert "Access-Control-Allow-Origin" not in other


@pytest.mark.urls("healthkon.urls.records")
def test_an_oversized_body_is_refused_before_it_is_read(client, db, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1000
    response = client.generic("POST", "/patients/", b"x" * 1001, content_type="application/json")
    assert response.status_code == 413 and "1000" in response.json()["detail"]
    small = client.generic("POST", "/patients/", b"{}", content_type="application/json")
    assert small.status_code == 401  # reached the API (no token)


@pytest.mark.urls("healthkon.urls.records")
def test_a_malformed_content_length_is_a_400(client, db):
    response = client.generic("POST", "/patients/", b"{}", content_type="application/json", CONTENT_LENGTH="abc")
    assert response.status_code == 400
