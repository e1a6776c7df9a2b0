#!/usr/bin/env bash
# Prove the README's first command as a newcomer runs it: a fresh clone, `make run` (empty
# virtualenv, no .env, no var/, embedded defaults), all six /health 200 and docs pages loading,
# the printed demo admin reading a patient on :8001, then Ctrl-C and no process left behind.
# Usage: scripts/prove-make-run.sh          (exit 0 when all of that holds; CI calls it)
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
work_dir="$(mktemp -d)"
clone="$work_dir/healthkon"
log="$work_dir/make-run.log"
make_pid=""

leftovers() { pgrep -f "$clone/" || true; }

cleanup() {
    local status=$?
    if [ -n "$make_pid" ] && kill -0 "$make_pid" 2>/dev/null; then kill -KILL -- "-$make_pid" 2>/dev/null || true; fi
    for pid in $(leftovers); do kill -KILL "$pid" 2>/dev/null || true; done
    if [ "$status" != 0 ] && [ -f "$log" ]; then
        echo "--- last lines of make run ---" >&2
        tail -40 "$log" >&2
    fi
    rm -rf "$work_dir"
    exit "$status"
}
trap cleanup EXIT

for port in 8000 8001 8002 8003 8004 8005 8100; do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is already taken; stop whatever listens there first" >&2
        exit 1
    fi
done

git clone -q "$source_dir" "$clone"
cd "$clone"
# A newcomer has none of CI's settings: the embedded defaults must be enough.
unset DATABASE_URL CACHE_URL CHROMA_URL LLM_API_KEY LLM_BASE_URL MEDIA_ROOT CHROMA_PATH HEALTHKON_VAR_DIR

started=$(date +%s)
# Its own process group, like a terminal's foreground job, so Ctrl-C reaches make and all it started.
setsid make run >"$log" 2>&1 </dev/null &
make_pid=$!

python3 "$source_dir/scripts/check_running_services.py" --log "$log" --timeout "${MAKE_RUN_TIMEOUT:-900}"
healthy=$(date +%s)
echo "make run: fresh clone → six services answering in $((healthy - started)) s"

echo "Ctrl-C…"
kill -INT -- "-$make_pid"
for _ in $(seq 1 60); do
    kill -0 "$make_pid" 2>/dev/null || break
    sleep 0.5
done
if kill -0 "$make_pid" 2>/dev/null; then
    echo "make run did not stop within 30 s of Ctrl-C" >&2
    exit 1
fi
make_pid=""
sleep 1
if [ -n "$(leftovers)" ]; then
    echo "processes left behind after Ctrl-C:" >&2
    ps -o pid,args -p "$(leftovers | paste -sd,)" >&2
    exit 1
fi
for port in 8000 8001 8002 8003 8004 8005 8100; do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port still answers after Ctrl-C" >&2
        exit 1
    fi
done
echo "make run stopped cleanly on Ctrl-C: no process left, ports 8000–8005 and the vector server's 8100 free"
