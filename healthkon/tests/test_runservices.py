"""`manage.py runservices` really starts a service and stops every child on Ctrl-C."""

import contextlib
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def wait_for_health(port: int, seconds: float = 120) -> str | None:
    """The /health body once the service answers (a busy two-core machine starts six slowly)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read().decode()
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
        **{key: value for key, value in os.environ.items() if key not in ("CHROMA_URL", "CELERY_BROKER_URL")},
        "DJANGO_SETTINGS_MODULE": "healthkon.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "HEALTHKON_VAR_DIR": str(tmp_path / "var"),  # its own vector store, cache and media
        "NO_COLOR": "1",
        "DJANGO_DEBUG": "true",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=PROJECT_DIR, env=env, check=True)
    return env


def free_port_block(size: int = 6) -> int:
    """A base port whose `size` ports and base + 100 (Chroma) are all free, away from 8000-8100."""
    rng = random.Random()
    for _ in range(200):
        base = rng.randrange(20000, 29000, 10)
        if all(port_is_free(port) for port in [*range(base, base + size), base + 100]):
            return base
    raise RuntimeError("no free block of ports")


def child_pids(log: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"started \(pid (\d+)\)", log.read_text())]


def pid_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead but still listed until reaped by its parent (gone with the runner here).
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    return False


def start_runservices(env, log: Path, *args: str) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(  # noqa: S603 -- our own fixed argv
            [sys.executable, "manage.py", "runservices", "--noreload", *args],
            cwd=PROJECT_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def assert_everything_stopped(runner, log: Path, ports: list[int], seconds: float = 10) -> None:
    """The runner, every child it started and every port it used are gone within `seconds`."""
    deadline = time.monotonic() + seconds
    try:
        runner.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        runner.kill()
        pytest.fail(f"runservices still running {seconds} s after the signal:\n{log.read_text()[-2000:]}")
    while time.monotonic() < deadline:
        alive = [pid for pid in child_pids(log) if pid_is_alive(pid)]
        busy = [port for port in ports if not port_is_free(port)]
        if not alive and not busy:
            return
        time.sleep(0.1)
    for pid in alive:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    pytest.fail(f"left behind: processes {alive}, ports {busy}\n{log.read_text()[-2000:]}")


def test_starts_one_service_by_its_original_name_and_stops_cleanly(run_env, tmp_path):
    base = free_port_block()
    log = tmp_path / "run.log"
    runner = start_runservices(run_env, log, "--service", "health_calc", "--base-port", str(base))
    try:
        body = wait_for_health(base + 5)
        assert body is not None and '"service":"calculator"' in body
    finally:
        runner.send_signal(signal.SIGINT)
    assert_everything_stopped(runner, log, [base + 5])
    output = log.read_text()
    assert f"calculator :{base + 5} |" in output  # every line prefixed by its service
    assert "All services stopped." in output
    assert "chroma" not in output, "the calculator alone needs no vector server"


def test_services_stop_when_the_launcher_is_killed(run_env, tmp_path):
    """`make run` killed by SIGTERM does not pass it on; runservices notices its parent is gone.

    The records service writes index jobs, so the Chroma server and the index worker come too.
    """
    base = free_port_block()
    log = tmp_path / "run.log"
    launcher = subprocess.Popen(  # noqa: S603
        [
            "sh",
            "-c",
            f"{sys.executable} manage.py runservices --service rm --noreload --base-port {base} > {log} 2>&1; true",
        ],
        cwd=PROJECT_DIR,
        env=run_env,
    )
    try:
        assert wait_for_health(base + 1) is not None
        assert "chroma" in log.read_text() and "worker" in log.read_text()
    finally:
        launcher.kill()
        launcher.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (
        any(pid_is_alive(pid) for pid in child_pids(log)) or not port_is_free(base + 1) or not port_is_free(base + 100)
    ):
        time.sleep(0.25)
    assert not any(pid_is_alive(pid) for pid in child_pids(log)), "the services must stop once their launcher is gone"
    assert port_is_free(base + 1) and port_is_free(base + 100)


def test_the_whole_stack_starts_with_its_vector_server_and_stops_on_sigterm(run_env, tmp_path):
    base = free_port_block()
    log = tmp_path / "run.log"
    ports = [*range(base, base + 6), base + 100]
    runner = start_runservices(run_env, log, "--base-port", str(base))
    try:
        for port in range(base, base + 6):
            assert wait_for_health(port) is not None, log.read_text()[-2000:]
        health = json.loads(wait_for_health(base + 2))
        assert health["vector_store"] == {"status": "ok", "backend": "server", "chunks": 0}
        assert health["index"]["failed_jobs"] == 0
        output = log.read_text()
        assert output.index("chroma") < output.index("auth "), "the vector server is up before the services"
        assert "worker" in output
        # A `rag_index` typed beside the running stack goes to the server, not to its files.
        marker = json.loads((tmp_path / "var" / "chroma" / "healthkon-server.json").read_text())
        assert marker["url"] == f"http://127.0.0.1:{base + 100}"
    finally:
        runner.send_signal(signal.SIGTERM)
    assert_everything_stopped(runner, log, ports)
    assert not (tmp_path / "var" / "chroma" / "healthkon-server.json").exists()


@pytest.mark.parametrize("round_number", range(5))
def test_sigint_and_sigterm_at_random_moments_always_stop_everything(run_env, tmp_path, round_number):
    """The signal handler only sets a flag (no lock): 50 signals at random moments, from before the
    first child is started to long after every child is serving, each stop within 10 s."""
    rng = random.Random(round_number)
    for attempt in range(10):
        base = free_port_block()
        log = tmp_path / f"run-{attempt}.log"
        runner = start_runservices(
            run_env, log, "--service", "auth", "--service", "calculator", "--base-port", str(base)
        )
        time.sleep(rng.uniform(0, 3))
        runner.send_signal(rng.choice([signal.SIGINT, signal.SIGTERM]))
        assert_everything_stopped(runner, log, [base, base + 5])


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
