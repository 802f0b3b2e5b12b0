"""Lint Cypher statements against Neo4j's own grammar from Python tests.

Runs ``node tests/cypher_lint/lint.mjs``, which uses the pinned npm package
``@neo4j-cypher/language-support`` (the parser and semantic analysis of Neo4j's
language server). Install it once with ``npm ci --prefix tests/cypher_lint``.

Each diagnostic is a dict ``{"severity", "message", "line", "col"}``. Severity is the
LSP value the package gives (1 = error, 2 = warning, 3 = information, 4 = hint);
``line`` and ``col`` are 1-based. No database schema is used, so unknown labels,
relationship types and property keys are never reported; every ``$parameter`` is
accepted.

In a test module::

    from tests import cypherlint

    def test_statements_are_valid_neo4j_cypher():
        cypherlint.require()
        assert cypherlint.errors(STATEMENTS) == {}
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

LINT_DIR = Path(__file__).resolve().parent / "cypher_lint"
SCRIPT = LINT_DIR / "lint.mjs"
PACKAGE_JSON = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support" / "package.json"
INSTALL_HINT = "npm ci --prefix tests/cypher_lint"
ERROR = 1


class LintError(RuntimeError):
    """The linter could not run (node missing, package not installed, bad input, crash)."""


def unavailable_reason() -> str | None:
    """Why the linter cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not on PATH (needed for the Cypher linter)"
    if not PACKAGE_JSON.is_file():
        return f"Cypher linter not installed: run `{INSTALL_HINT}`"
    return None


def available() -> bool:
    """True when node is on PATH and the linter's node_modules are installed."""
    return unavailable_reason() is None


def require() -> None:
    """Skip the calling test when the linter is unavailable; fail instead if KG_REQUIRE_LINT=1."""
    reason = unavailable_reason()
    if reason is None:
        return
    import pytest

    if os.environ.get("KG_REQUIRE_LINT") == "1":
        pytest.fail(f"{reason} (KG_REQUIRE_LINT=1 demands the linter)", pytrace=False)
    pytest.skip(reason)


def lint(
    statements: dict[str, str],
    *,
    neo4j_functions: bool = False,
    cypher: str = "5",
    timeout: float = 300,
) -> dict[str, list[dict]]:
    """Lint each named statement; return every diagnostic per name (empty list when clean).

    ``neo4j_functions=True`` also reports functions and procedures Neo4j does not know
    (checked against the built-in registry bundled with the package: Neo4j built-ins
    plus APOC and GDS); by default function names are not checked. ``cypher`` is the
    Cypher version to check against, "5" or "25".
    """
    if not statements:
        return {}
    node = shutil.which("node")
    if node is None:
        raise LintError(unavailable_reason())
    args = [node, str(SCRIPT), f"--cypher={cypher}"]
    if neo4j_functions:
        args.append("--neo4j-functions")
    items = [{"name": name, "query": query} for name, query in statements.items()]
    # Each statement costs the linter ~0.3 s of semantic analysis: share them out over one node
    # process per core (each loads the package once, ~2 s), which run side by side.
    jobs = max(1, min(os.cpu_count() or 1, 4, len(items) // 20))
    procs = []
    out: dict[str, list[dict]] = {}
    try:
        for i in range(jobs):  # each reads its share from a file, so that all start at once
            with tempfile.TemporaryFile("w+", encoding="utf-8") as share:
                json.dump(items[i::jobs], share)
                share.seek(0)
                procs.append(subprocess.Popen(args, stdin=share, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                              text=True, encoding="utf-8"))
        for proc in procs:
            stdout, stderr = proc.communicate(timeout=timeout)
            if proc.returncode != 0:
                raise LintError(f"Cypher linter exited with {proc.returncode}: {stderr.strip()}")
            out.update({item["name"]: item["diagnostics"] for item in json.loads(stdout)})
    except subprocess.TimeoutExpired as exc:
        raise LintError(f"Cypher linter timed out after {timeout} s") from exc
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return {name: out[name] for name in statements}


def errors(statements: dict[str, str], **kwargs) -> dict[str, list[dict]]:
    """Severity-1 diagnostics only, for the statements that have any.

    A clean set gives ``{}``, so ``assert errors(stmts) == {}`` shows the offending
    statements and messages when it fails. Keyword arguments go to :func:`lint`.
    """
    found = {}
    for name, diagnostics in lint(statements, **kwargs).items():
        errs = [d for d in diagnostics if d["severity"] == ERROR]
        if errs:
            found[name] = errs
    return found
