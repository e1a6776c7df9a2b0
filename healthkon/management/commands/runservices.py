"""Start all six services (or one) with prefixed, coloured log lines; Ctrl-C stops them all.

The Django counterpart of the original design's `running.py`.
"""

import os
import signal
import subprocess
import sys
import threading
import time

from django.core.management.base import BaseCommand, CommandError

from healthkon.service_map import SERVICES, service_by_name

COLOURS = ("36", "32", "35", "33", "34", "31")  # cyan, green, magenta, yellow, blue, red
STOP_GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Run the Healthkon services, each on its own port (auth :8000 … calculator :8005)."

    def add_arguments(self, parser):
        names = [s.name for s in SERVICES] + [s.original_name for s in SERVICES if s.original_name != s.name]
        parser.add_argument("--service", action="append", choices=names, help="Run only this service (repeatable).")
        parser.add_argument("--gunicorn", action="store_true", help="Run under gunicorn instead of runserver.")
        parser.add_argument("--host", default=os.environ.get("HEALTHKON_HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per service.")
        parser.add_argument("--noreload", action="store_true", help="runserver without the autoreloader.")

    def handle(self, *args, **options):
        services = [service_by_name(name) for name in options["service"]] if options["service"] else list(SERVICES)
        use_colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        width = max(len(s.name) for s in services)
        children: list[tuple[object, subprocess.Popen]] = []
        for index, service in enumerate(services):
            command = self._command(service, options)
            env = {**os.environ, "DJANGO_SETTINGS_MODULE": service.settings_module, "PYTHONUNBUFFERED": "1"}
            # Each child leads its own process group so runserver's reloader child dies with it.
            process = subprocess.Popen(  # noqa: S603 -- our own fixed argv, no shell
                command,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                bufsize=1,
                start_new_session=True,
            )
            prefix = f"{service.name:<{width}} :{service.port} |"
            if use_colour:
                prefix = f"\033[{COLOURS[index % len(COLOURS)]}m{prefix}\033[0m"
            threading.Thread(target=self._pump, args=(process, prefix), daemon=True).start()
            children.append((service, process))
            self.stdout.write(f"{prefix} started (pid {process.pid}): {' '.join(command)}")

        stopping = threading.Event()

        def request_stop(signum, frame):
            stopping.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        launcher = os.getppid()
        try:
            while not stopping.is_set():
                if os.getppid() != launcher:
                    # Whoever started us (make, a shell) is gone without telling us: stop too,
                    # rather than leave six servers holding their ports.
                    self.stderr.write("The launching process exited; stopping the services.")
                    break
                if all(process.poll() is not None for _, process in children):
                    raise CommandError("Every service has exited.")
                for service, process in children:
                    if process.returncode is not None and not getattr(process, "_reported", False):
                        process._reported = True
                        self.stderr.write(f"{service.name} exited with code {process.returncode}")
                stopping.wait(0.5)
        finally:
            self._stop_all(children)

    def _command(self, service, options) -> list[str]:
        if options["gunicorn"]:
            return [
                sys.executable,
                "-m",
                "gunicorn",
                "healthkon.wsgi:application",
                "--bind",
                f"{options['host']}:{service.port}",
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--error-logfile",
                "-",
            ]
        command = [
            sys.executable,
            "manage.py",
            "runserver",
            f"{options['host']}:{service.port}",
            "--settings",
            service.settings_module,
        ]
        if options["noreload"]:
            command.append("--noreload")
        return command

    @staticmethod
    def _pump(process, prefix):
        for line in process.stdout:
            sys.stdout.write(f"{prefix} {line}")
            sys.stdout.flush()

    def _stop_all(self, children):
        for _, process in children:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for _, process in children:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.stdout.write("All services stopped.")
