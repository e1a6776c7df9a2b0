"""`manage.py runservices` really starts a service and stops every child on Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from healthkon.service_map import service_by_name

PROJECT_DIR = Path(__file__).resolve().parents[2]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.skipif(not port_is_free(service_by_name("health_calc").port), reason="port 8005 is in use")
def test_starts_one_service_by_its_original_name_and_stops_cleanly(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "healthkon.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "NO_COLOR": "1",
        "DJANGO_DEBUG": "true",
    }
    env.pop("DJANGO_SECRET_KEY", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    runner = subprocess.Popen(
        [sys.executable, "manage.py", "runservices", "--service", "health_calc", "--noreload"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = None
        for _ in range(60):
            try:
                body = urllib.request.urlopen("http://127.0.0.1:8005/health", timeout=1).read().decode()
                break
            except OSError:
                time.sleep(0.25)
        assert body is not None and '"service":"calculator"' in body
    finally:
        runner.send_signal(signal.SIGINT)
        output, _ = runner.communicate(timeout=30)
    assert "calculator :8005 |" in output
    assert "All services stopped." in output
    assert port_is_free(8005), "the child server must be gone after Ctrl-C"
