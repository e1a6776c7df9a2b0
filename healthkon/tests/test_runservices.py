"""`manage.py runservices` really starts a service and stops every child on Ctrl-C."""

import os
import secrets
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


def wait_for_health(port: int) -> str | None:
    for _ in range(60):
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1).read().decode()
        except OSError:
            time.sleep(0.25)
    return None


def wait_until_port_is_free(port: int, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_is_free(port):
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def run_env(tmp_path):
    """A migrated throw-away SQLite database and development settings for a real runservices."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "healthkon.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "NO_COLOR": "1",
        "DJANGO_DEBUG": "true",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    return env


@pytest.mark.skipif(not port_is_free(service_by_name("health_calc").port), reason="port 8005 is in use")
def test_starts_one_service_by_its_original_name_and_stops_cleanly(run_env):
    runner = subprocess.Popen(
        [sys.executable, "manage.py", "runservices", "--service", "health_calc", "--noreload"],
        cwd=PROJECT_DIR,
        env=run_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        body = wait_for_health(8005)
        assert body is not None and '"service":"calculator"' in body
    finally:
        runner.send_signal(signal.SIGINT)
        output, _ = runner.communicate(timeout=30)
    assert "calculator :8005 |" in output
    assert "All services stopped." in output
    assert port_is_free(8005), "the child server must be gone after Ctrl-C"


@pytest.mark.skipif(not port_is_free(service_by_name("rm").port), reason="port 8001 is in use")
def test_services_stop_when_the_launcher_is_killed(run_env):
    """`make run` killed by SIGTERM does not pass it on; runservices notices its parent is gone.

    Uses the records port, so it can run beside the test above on another xdist worker.
    """
    launcher = subprocess.Popen(
        ["sh", "-c", f"{sys.executable} manage.py runservices --service rm --noreload; true"],
        cwd=PROJECT_DIR,
        env=run_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for_health(8001) is not None
    finally:
        launcher.kill()
        launcher.wait()
    assert wait_until_port_is_free(8001), "the services must stop once their launcher is gone"


@pytest.mark.parametrize("settings_module", ["healthkon.settings.records", "healthkon.settings.local"])
def test_a_fresh_clone_without_var_migrates_on_the_embedded_defaults(tmp_path, settings_module):
    """`var/` is git-ignored: the embedded SQLite, cache, media and vector-store folders are made on first use."""
    var_dir = tmp_path / "fresh-clone" / "var"
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "CACHE_URL", "MEDIA_ROOT")}
    env.update(HEALTHKON_VAR_DIR=str(var_dir), DJANGO_DEBUG="true", DJANGO_SETTINGS_MODULE=settings_module)
    result = subprocess.run(  # noqa: S603 -- our own fixed argv
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (var_dir / "healthkon.sqlite3").stat().st_size > 0
    assert {"cache", "media", "chroma"} <= {child.name for child in var_dir.iterdir()}
