"""The processes that write (records, :8001 with the dashboard) and the patient's reader (:8003)
never import torch nor load the embedding model: they write index jobs, a worker embeds.

Each check runs in a fresh interpreter with the service's own settings (an in-memory database):
the suite's own process has long imported torch for the RAG tests.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCRIPT = r"""
import sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)

from django.test import Client
from django.urls import get_resolver
from rest_framework.test import APIClient

from accounts import services as accounts
from rag.models import IndexJob
from records import services
from records.tests.factories import PatientFactory

get_resolver().url_patterns  # every view module of this service's URLconf imported
import healthkon.wsgi  # noqa: F401 -- what gunicorn and runserver load

admin = accounts.petugas_create(email="a@x.id", password="Kuat-Sekali-2024", nama="Admin", role="admin").user
patient = PatientFactory()
api = APIClient()
api.force_authenticate(admin)
if "{service}" == "records":
    visit = api.post("/medical-records/", {{"patient": patient.pk, "visit_date": "2026-01-05T09:00:00+07:00",
                     "chief_complaint": "Demam"}}, format="json")
    assert visit.status_code == 201, visit.content
    created = api.post("/prescriptions/", {{"medical_record": visit.json()["id"], "medication": "Parasetamol"}},
                       format="json")
    assert created.status_code == 201, created.content
    assert api.delete(f"/prescriptions/{{created.json()['id']}}").status_code in (204, 400), "void"
    assert IndexJob.objects.count() >= 2, "each clinical write left its index job"
    browser = Client()
    browser.force_login(admin)
    page = browser.post(f"/admin/tanya-ai/?patient={{patient.pk}}", {{"question": "Obat apa?", "top_k": 3}})
    assert page.status_code == 200, page.status_code
    assert "unavailable" in page.content.decode() or "tidak tersedia" in page.content.decode()
else:
    assert api.get("/health").status_code == 200
loaded = sorted(name for name in ("torch", "sentence_transformers", "transformers") if name in sys.modules)
print("LOADED", loaded)
"""


@pytest.mark.parametrize("service", ["records", "records_mobile"])
def test_writers_and_mobile_readers_never_load_the_embedding_model(service, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "CHROMA_URL", "CACHE_URL")}
    env |= {
        "DJANGO_SETTINGS_MODULE": f"healthkon.settings.{service}",
        "DATABASE_URL": "sqlite://:memory:",
        "HEALTHKON_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SECRET_KEY": "k" * 50,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_COOKIES": "false",
        # Tanya AI asks the rag service over HTTP; nothing listens on this port, so the page
        # must say the service is unavailable — without falling back to loading the model here.
        "RAG_SERVICE_URL": "http://127.0.0.1:9",
    }
    result = subprocess.run(  # noqa: S603 -- our own fixed argv
        [sys.executable, "-c", SCRIPT.format(service=service)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "LOADED []" in result.stdout, result.stdout
