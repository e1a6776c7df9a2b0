#!/usr/bin/env bash
# Time the README's test command on a fresh clone (empty virtualenv), as a newcomer runs it.
# Usage: scripts/measure-setup.sh [DATABASE_URL]   (SQLite when omitted)
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
git clone -q "$source_dir" "$work_dir/healthkon"
cd "$work_dir/healthkon"
if [ -n "${1:-}" ]; then export DATABASE_URL="$1"; fi
start=$(date +%s)
make test 2>&1 | tail -3
end=$(date +%s)
echo "fresh clone → green suite: $((end - start)) s (database: ${DATABASE_URL:-sqlite})"
