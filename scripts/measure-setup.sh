#!/usr/bin/env bash
# Time both README commands on fresh clones (empty virtualenv, no var/), as a newcomer runs them:
#   make run  — until all six services answer (scripts/prove-make-run.sh, which then stops them);
#   make test — until the suite is green.
# Usage: scripts/measure-setup.sh [DATABASE_URL]   (make test on SQLite when omitted)
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"

"$source_dir/scripts/prove-make-run.sh" | grep -E "^make run"

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
git clone -q "$source_dir" "$work_dir/healthkon"
cd "$work_dir/healthkon"
if [ -n "${1:-}" ]; then export DATABASE_URL="$1"; fi
start=$(date +%s)
make test 2>&1 | tail -1
end=$(date +%s)
echo "make test: fresh clone → green suite in $((end - start)) s (database: ${DATABASE_URL:-sqlite})"
