#!/usr/bin/env bash
# Install what the tests need and run them all: the package with its test extras in .venv,
# Debian's chromium (views), the Cypher linter's npm package, then pytest.
# Java 17 and Maven (the Neo4j test server) come with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
# Debian's chromium for the browser tests, a CJK font so that screenshots show Chinese
missing=$(for p in chromium fonts-wqy-microhei; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done)
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq $missing >/dev/null
fi
npm ci --prefix tests/cypher_lint --no-audit --no-fund --loglevel=error >/dev/null
exec .venv/bin/pytest -q "$@"
