"""A throwaway Healthkon for scripts that test the running services from outside.

Its own `var/` folder (SQLite file, Chroma directory) or a new, empty database, demo data, and
`manage.py runservices` started as its own process group on ports BASE…BASE+5 (Chroma on
BASE+100, the index worker beside them). Used by `fuzz_services.py` and
`prove_index_multiprocess.py`; never point it at data you want to keep.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from check_running_services import fetch as fetch_raw  # noqa: E402

from healthkon.service_map import SERVICES  # noqa: E402

TOKENS_SCRIPT = """
from accounts.models import User
from accounts.services import tokens_for_user
from records.management.commands.load_demo_data import DEMO_PATIENT_EMAIL
admin = User.objects.get(email="admin@demo.healthkon.id")
patient = User.objects.get(email=DEMO_PATIENT_EMAIL)
print("admin", tokens_for_user(user=admin).access_token)
print("patient", tokens_for_user(user=patient).access_token)
"""
# Settings a developer's shell may carry that must not reach a throwaway instance.
FOREIGN_SETTINGS = {
    "DATABASE_URL",
    "CACHE_URL",
    "CHROMA_URL",
    "CHROMA_PATH",
    "LLM_API_KEY",
    "LLM_BASE_URL",
    "CELERY_BROKER_URL",
    "RAG_SERVICE_URL",
    "MEDIA_ROOT",
}


def fetch(url: str, *, body: dict | None = None, token: str | None = None, timeout: float = 30) -> tuple[int, dict]:
    """(status, JSON body) of a request; transport errors raise OSError."""
    status, raw = fetch_raw(url, body=body, token=token, timeout=timeout)
    try:
        return status, json.loads(raw) if raw else {}
    except ValueError:
        return status, {"raw": raw[:300].decode(errors="replace")}


class Throwaway:
    def __init__(self, *, prefix: str, base_port: int, database_url: str = "", extra_env: dict | None = None):
        self.work = Path(tempfile.mkdtemp(prefix=prefix))
        self.base_port = base_port
        self.env = {key: value for key, value in os.environ.items() if key not in FOREIGN_SETTINGS}
        self.env |= {
            "HEALTHKON_VAR_DIR": str(self.work / "var"),
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SETTINGS_MODULE": "healthkon.settings.local",
            "DJANGO_DEBUG": "false",  # as deployed: JSON error pages, no debug 404s
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "JWT_ACCESS_MINUTES": "240",  # one token outlives the whole run
            "PYTHONUNBUFFERED": "1",
            "NO_COLOR": "1",
        }
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.env |= extra_env or {}
        self.manage = [sys.executable, "manage.py"]
        self.process: subprocess.Popen | None = None
        self.log_path = self.work / "services.log"

    def port(self, service_name: str) -> int:
        offsets = {service.name: offset for offset, service in enumerate(SERVICES)}
        return self.base_port + offsets[service_name]

    def url(self, service_name: str, path: str) -> str:
        return f"http://127.0.0.1:{self.port(service_name)}{path}"

    def run(self, command: list[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(command, env=self.env, cwd=ROOT, check=True, text=True, **kwargs)  # noqa: S603

    def prepare(self, *, patients: int = 12) -> dict[str, str]:
        """Migrate, demo data, index; returns {"admin": access token, "patient": access token}."""
        self.run([*self.manage, "migrate", "--noinput", "-v", "0"])
        self.run([*self.manage, "ensure_demo_admin"], stdout=subprocess.DEVNULL)
        self.run([*self.manage, "load_demo_data", "--patients", str(patients), "-v", "0"], stdout=subprocess.DEVNULL)
        self.run([*self.manage, "rag_index", "--no-progress"], stdout=subprocess.DEVNULL)
        printed = self.run([*self.manage, "shell", "-c", TOKENS_SCRIPT], capture_output=True).stdout
        return dict(line.split(" ", 1) for line in printed.splitlines() if line.startswith(("admin ", "patient ")))

    def start(self, *, gunicorn: bool, workers: int = 2) -> None:
        command = [*self.manage, "runservices", "--base-port", str(self.base_port)]
        command += ["--gunicorn", "--workers", str(workers)] if gunicorn else ["--noreload"]
        log = open(self.log_path, "w")  # noqa: SIM115 -- open for the services' life
        self.process = subprocess.Popen(  # noqa: S603
            command, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_healthy(self, service_names, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        for name in service_names:
            while True:
                with contextlib.suppress(OSError):
                    if fetch(self.url(name, "/health"), timeout=5)[0] == 200:
                        break
                if self.process is not None and self.process.poll() is not None:
                    raise SystemExit(f"runservices exited ({self.process.returncode}); see {self.log_path}")
                if time.monotonic() > deadline:
                    raise SystemExit(f"{name} /health did not answer 200 in time; see {self.log_path}")
                time.sleep(0.5)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)  # runservices stops its children itself
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            raise SystemExit("runservices did not stop within 30 s of SIGTERM") from None

    def remove(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
