"""What leaves a developer's machine: no built-in signing key, nothing private in the image, no lax compose."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]


def dockerignore_rules(root: Path) -> list[tuple[bool, re.Pattern]]:
    """The .dockerignore patterns as Docker reads them: (excludes?, regex), last match wins."""
    rules = []
    for line in (root / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        include = line.startswith("!")
        pattern = os.path.normpath(line.removeprefix("!").lstrip("/"))
        regex = ""
        index = 0
        while index < len(pattern):
            if pattern.startswith("**/", index):
                regex, index = regex + "(?:.*/)?", index + 3
            elif pattern.startswith("**", index):
                regex, index = regex + ".*", index + 2
            elif pattern[index] == "*":
                regex, index = regex + "[^/]*", index + 1
            elif pattern[index] == "?":
                regex, index = regex + "[^/]", index + 1
            else:
                regex, index = regex + re.escape(pattern[index]), index + 1
        rules.append((not include, re.compile(regex)))
    return rules


def is_excluded(path: str, rules) -> bool:
    """A path is left out when it, or a folder above it, matches an exclusion not re-included later."""
    parts = path.split("/")
    candidates = ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
    excluded = False
    for excludes, regex in rules:
        if any(regex.fullmatch(candidate) for candidate in candidates):
            excluded = excludes
    return excluded


def build_context(root: Path) -> set[str]:
    """Every file `docker build` would send from `root` (excluded folders pruned, as Docker does)."""
    rules = dockerignore_rules(root)
    listed = set()
    for folder, subfolders, files in os.walk(root):
        relative = Path(folder).relative_to(root)
        subfolders[:] = [name for name in subfolders if not is_excluded((relative / name).as_posix(), rules)]
        for name in files:
            path = (relative / name).as_posix()
            if not is_excluded(path, rules):
                listed.add(path)
    return listed


PRIVATE = [
    ".env",
    ".env.production",
    ".git/config",
    ".venv/bin/python",
    "var/healthkon.sqlite3",
    "var/media/medical-documents/0f3c.pdf",
    "var/chroma/chroma.sqlite3",
    "records/__pycache__/models.cpython-311.pyc",
]
SHIPPED = [".env.example", "manage.py", "requirements/base.txt", "docker/Dockerfile", "records/models.py"]


def test_the_image_build_context_holds_no_secrets_data_or_history(tmp_path):
    shutil.copy(PROJECT_DIR / ".dockerignore", tmp_path / ".dockerignore")
    for path in PRIVATE + SHIPPED:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x")
    assert build_context(tmp_path) == {".dockerignore", *SHIPPED}


def test_this_checkouts_build_context_has_no_private_file():
    context = build_context(PROJECT_DIR)
    assert {"manage.py", "requirements/base.txt", "healthkon/settings/base.py"} <= context
    private = [path for path in context if path == ".env" or path.split("/")[0] in {".git", ".venv", "var"}]
    assert private == []


def test_compose_reads_no_developer_env_and_admits_no_host_or_built_in_secret():
    compose = yaml.safe_load((PROJECT_DIR / "docker/compose.yml").read_text())
    built = {name: service for name, service in compose["services"].items() if "build" in service}
    assert set(built) >= {"auth", "records", "rag", "records_mobile", "rag_mobile", "calculator"}
    for name, service in built.items():
        assert "env_file" not in service, name
        environment = service["environment"]
        assert environment["DJANGO_ALLOWED_HOSTS"].startswith("${DJANGO_ALLOWED_HOSTS:?"), name
        assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?"), name
        assert "${MARIADB_PASSWORD:?" in environment["DATABASE_URL"], name
    assert compose["services"]["mariadb"]["environment"]["MARIADB_PASSWORD"].startswith("${MARIADB_PASSWORD:?")


def test_the_dockerfile_bakes_in_no_signing_key():
    dockerfile = (PROJECT_DIR / "docker/Dockerfile").read_text()
    for value in re.findall(r"DJANGO_SECRET_KEY=(\S+)", dockerfile):
        assert value.startswith('"$('), value  # generated at build time, thrown away after collectstatic


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_writes_a_random_signing_key_into_each_new_env(tmp_path):
    keys = []
    for name in ("first", "second"):
        checkout = tmp_path / name
        checkout.mkdir()
        shutil.copy(PROJECT_DIR / ".env.example", checkout / ".env.example")
        subprocess.run(  # noqa: S603 -- our own fixed argv
            ["make", "-s", "-C", str(checkout), "-f", str(PROJECT_DIR / "Makefile"), ".env"],  # noqa: S607
            check=True,
            capture_output=True,
        )
        [key] = re.findall(r"^DJANGO_SECRET_KEY=(\S+)$", (checkout / ".env").read_text(), re.MULTILINE)
        keys.append(key)
    assert all(len(key) >= 50 for key in keys) and keys[0] != keys[1]
