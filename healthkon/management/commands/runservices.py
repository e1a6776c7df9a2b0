"""Start all six services (or some) with prefixed, coloured log lines; Ctrl-C stops them all.

The Django counterpart of the original design's `running.py`. Besides the six it starts what
they share across processes: a Chroma server (`chroma run`, health-checked before the services
start; skipped when `CHROMA_URL` names one already) and the index worker (`rag_worker`, or a
Celery worker when `CELERY_BROKER_URL` is set). SIGINT and SIGTERM only set a flag; the main
loop notices it and stops every child (SIGTERM, then SIGKILL after a grace period).
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from healthkon.service_map import SERVICES, VECTOR_SERVER_MARKER, service_by_name

COLOURS = ("36", "32", "35", "33", "34", "31", "37", "90")
STOP_GRACE_SECONDS = 7
VECTOR_SERVER_START_SECONDS = 60
POLL_SECONDS = 0.2
# Services that read or write the vector index (writers enqueue jobs, so they need the worker).
INDEX_USERS = {"records", "rag", "rag_mobile"}


@dataclass
class Child:
    name: str
    command: list[str]
    env: dict[str, str]
    port: int | None = None
    process: subprocess.Popen | None = None
    reported: bool = False
    prefix: str = ""
    extra: dict = field(default_factory=dict)


class StopRequested(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Run the Healthkon services, each on its own port (auth :8000 … calculator :8005), "
        "with the Chroma server (:8100) and the index worker."
    )

    def add_arguments(self, parser):
        names = [s.name for s in SERVICES] + [s.original_name for s in SERVICES if s.original_name != s.name]
        parser.add_argument("--service", action="append", choices=names, help="Run only this service (repeatable).")
        parser.add_argument("--gunicorn", action="store_true", help="Run under gunicorn instead of runserver.")
        parser.add_argument("--host", default=os.environ.get("HEALTHKON_HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per service.")
        parser.add_argument("--noreload", action="store_true", help="runserver without the autoreloader.")
        parser.add_argument(
            "--base-port", type=int, default=8000, help="Port of auth; the others follow it (default 8000)."
        )
        parser.add_argument(
            "--vector-port", type=int, default=None, help="Port of the Chroma server (default: base port + 100)."
        )
        parser.add_argument(
            "--no-index", action="store_true", help="Neither the Chroma server nor the index worker (no RAG)."
        )

    def handle(self, *args, **options):
        # The handler only records the request: taking any lock inside it (Event.set, print) can
        # deadlock with the main thread holding the same lock. Installed before any child starts,
        # so a signal during start-up still stops whatever was started.
        self.stop_signal = None

        def request_stop(signum, frame):
            self.stop_signal = signum

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)

        services = [service_by_name(name) for name in options["service"]] if options["service"] else list(SERVICES)
        self.use_colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        base_port = options["base_port"]
        host = options["host"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with_index = not options["no_index"] and any(s.name in INDEX_USERS for s in services)
        infrastructure: list[Child] = []
        if with_index and not env.get("CHROMA_URL"):
            vector_port = options["vector_port"] or base_port + 100
            env["CHROMA_URL"] = f"http://{host}:{vector_port}"
            infrastructure.append(self._vector_server(host, vector_port, env))
        if any(service.name == "rag" for service in services):
            # The dashboard's Tanya AI asks :8002, so the records process never loads the model.
            rag_port = base_port + service_by_name("rag").port - SERVICES[0].port
            env.setdefault("RAG_SERVICE_URL", f"http://{host}:{rag_port}")
        children = [
            Child(
                name=service.name,
                command=self._service_command(service, host, base_port + service.port - SERVICES[0].port, options),
                env={**env, "DJANGO_SETTINGS_MODULE": service.settings_module},
                port=base_port + service.port - SERVICES[0].port,
            )
            for service in services
        ]
        if with_index:
            children.append(self._index_worker(env))
        everyone = infrastructure + children
        self.width = max(len(child.name) for child in everyone)
        started: list[Child] = []
        try:
            for child in infrastructure:
                self._start(child, started, len(started))
                self._wait_until_serving(child)
                self._announce_vector_server(child)
            for child in children:
                self._check_stop()
                self._start(child, started, len(started))
            self._supervise(started)
        except StopRequested:
            pass
        finally:
            self._stop_all(started)
            if infrastructure:
                (Path(settings.CHROMA_PATH) / VECTOR_SERVER_MARKER).unlink(missing_ok=True)

    # --- what to run ---------------------------------------------------------------------------

    def _service_command(self, service, host: str, port: int, options) -> list[str]:
        if options["gunicorn"]:
            return [
                sys.executable,
                "-m",
                "gunicorn",
                "healthkon.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(options["workers"]),
                # A RAG worker's first question may wait for the model that is still loading:
                # on a busy two-core machine that took over 30 s (gunicorn's default kill time).
                "--timeout",
                "120",
                "--access-logfile",
                "-",
                "--error-logfile",
                "-",
                # Six masters would share gunicorn's one default control socket (~/.gunicorn).
                "--no-control-socket",
            ]
        command = [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--settings", service.settings_module]
        if options["noreload"]:
            command.append("--noreload")
        return command

    def _vector_server(self, host: str, port: int, env: dict) -> Child:
        chroma = Path(sys.executable).with_name("chroma")
        path = Path(settings.CHROMA_PATH)
        path.mkdir(parents=True, exist_ok=True)
        return Child(
            name="chroma",
            command=[str(chroma), "run", "--path", str(path), "--host", host, "--port", str(port)],
            env={
                **env,
                "ANONYMIZED_TELEMETRY": "False",
                "NO_COLOR": "1",
                "CHROMA_URL_ANNOUNCED": f"http://{host}:{port}",
            },
            port=port,
            extra={"heartbeat": f"http://{host}:{port}/api/v2/heartbeat", "url": f"http://{host}:{port}"},
        )

    def _index_worker(self, env: dict) -> Child:
        env = {**env, "DJANGO_SETTINGS_MODULE": "healthkon.settings.rag"}
        if env.get("CELERY_BROKER_URL"):
            schedule = Path(settings.VAR_DIR) / "celerybeat-schedule"
            command = [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "healthkon.celery",
                "worker",
                "--beat",
                "--schedule",
                str(schedule),
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
            ]
        else:
            command = [sys.executable, "manage.py", "rag_worker"]
        return Child(name="worker", command=command, env=env)

    # --- running -------------------------------------------------------------------------------

    def _check_stop(self):
        if self.stop_signal is not None:
            raise StopRequested

    def _start(self, child: Child, started: list[Child], index: int) -> None:
        # Each child leads its own process group so runserver's reloader child dies with it.
        child.process = subprocess.Popen(  # noqa: S603 -- our own fixed argv, no shell
            child.command,
            env=child.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,
        )
        started.append(child)
        label = f":{child.port}" if child.port else ""
        prefix = f"{child.name:<{self.width}} {label:<6} |"
        if self.use_colour:
            prefix = f"\033[{COLOURS[index % len(COLOURS)]}m{prefix}\033[0m"
        child.prefix = prefix
        threading.Thread(target=self._pump, args=(child.process, prefix), daemon=True).start()
        self.stdout.write(f"{prefix} started (pid {child.process.pid}): {' '.join(child.command)}")

    def _wait_until_serving(self, child: Child) -> None:
        deadline = time.monotonic() + VECTOR_SERVER_START_SECONDS
        while time.monotonic() < deadline:
            self._check_stop()
            if child.process.poll() is not None:
                raise CommandError(f"{child.name} exited with code {child.process.returncode} while starting.")
            try:
                with urllib.request.urlopen(child.extra["heartbeat"], timeout=1):  # noqa: S310 -- our own loopback URL
                    self.stdout.write(f"{child.prefix} ready")
                    return
            except OSError:
                time.sleep(POLL_SECONDS)
        raise CommandError(
            f"{child.name} did not answer {child.extra['heartbeat']} within {VECTOR_SERVER_START_SECONDS} s."
        )

    @staticmethod
    def _announce_vector_server(child: Child) -> None:
        """A command run by hand beside us (`rag_index`) must use the server, not open the files."""
        marker = Path(settings.CHROMA_PATH) / VECTOR_SERVER_MARKER
        marker.write_text(json.dumps({"url": child.extra["url"], "pid": child.process.pid}))

    def _supervise(self, children: list[Child]) -> None:
        launcher = os.getppid()
        while self.stop_signal is None:
            if os.getppid() != launcher:
                # Whoever started us (make, a shell) is gone without telling us: stop too,
                # rather than leave the servers holding their ports.
                self.stderr.write("The launching process exited; stopping the services.")
                return
            if all(child.process.poll() is not None for child in children):
                raise CommandError("Every service has exited.")
            for child in children:
                if child.process.returncode is not None and not child.reported:
                    child.reported = True
                    self.stderr.write(f"{child.name} exited with code {child.process.returncode}")
            time.sleep(POLL_SECONDS)

    @staticmethod
    def _pump(process, prefix):
        for line in process.stdout:
            sys.stdout.write(f"{prefix} {line}")
            sys.stdout.flush()

    def _stop_all(self, children: list[Child]) -> None:
        # All at once: stopping in order (services, then the vector server) would add the waits
        # up. A worker caught mid-batch by the store going away puts its jobs back (outbox lease).
        for child in children:
            if child.process.poll() is None:
                self._signal(child, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children:
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self._signal(child, signal.SIGKILL)
                child.process.wait()
        self.stdout.write("All services stopped.")

    @staticmethod
    def _signal(child: Child, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # exited between the check and the signal
            os.killpg(child.process.pid, signum)
