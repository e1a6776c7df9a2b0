# Healthkon: `make run` sets everything up and starts the six services;
# `make test` sets everything up and runs the whole test suite.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
MANAGE := $(BIN)/python manage.py
# Two workers: the machines have two cores.
PYTEST_ARGS ?= -n 2
# Reads and writes go to the embedded SQLite file unless DATABASE_URL is set.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run setup test fuzz prove-index system-deps lint clean

run: setup
	$(MANAGE) runservices

setup: $(VENV)/.installed .env
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) ensure_demo_admin
	$(MANAGE) load_demo_data --patients 20
	$(MANAGE) rag_index

test: $(VENV)/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

# schemathesis against the six running services, on throwaway data (FUZZ_ARGS: see the script).
fuzz: $(VENV)/.installed
	$(BIN)/python scripts/fuzz_services.py $(FUZZ_ARGS)

# Write on :8001, ask on :8002/:8004, each service its own process (PROVE_ARGS: see the script).
prove-index: $(VENV)/.installed
	$(BIN)/python scripts/prove_index_multiprocess.py $(PROVE_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mysqlclient compiles against the MariaDB/MySQL client headers.
system-deps:
	@if ! pkg-config --exists mysqlclient 2>/dev/null && ! pkg-config --exists mariadb 2>/dev/null; then \
		echo "Installing the MySQL client headers (apt)…"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-libmysqlclient-dev pkg-config build-essential >/dev/null; \
	fi

# torch first: this exact CPU build is on disk; anything else pulls a multi-GB CUDA build.
$(VENV)/.installed: requirements/torch.txt requirements/base.txt requirements/production.txt requirements/dev.txt
	@$(MAKE) --no-print-directory system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -r requirements/torch.txt
	$(PIP) install -r requirements/dev.txt
	touch $@

# A new .env gets its own random signing key; none is ever built into the code.
.env:
	cp .env.example .env
	echo "DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env

clean:
	rm -rf $(VENV) var
