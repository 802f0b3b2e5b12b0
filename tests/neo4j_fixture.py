"""pytest plugin: a real Neo4j 5 server for the tests.

Loaded by ``tests/conftest.py`` (``pytest_plugins = ["tests.neo4j_fixture"]``).

Fixtures
--------
``neo4j_server`` (session)
    A :class:`Neo4jServer` with ``uri``, ``user`` and ``password``:

    * ``NEO4J_URI`` set: that server, with ``NEO4J_USER`` (default ``neo4j``) and
      ``NEO4J_PASSWORD``. It must be a *disposable* database: ``neo4j_driver`` wipes it.
    * otherwise, with ``java`` (and ``mvn``, unless already built) on PATH: builds
      ``tests/neo4j_server`` (embedded Neo4j 5.26 Community with Bolt, auth on) once,
      starts it on a free 127.0.0.1 port with a fresh data folder and stops it at the end.
    * otherwise the tests are skipped, or fail when ``KG_REQUIRE_NEO4J=1`` (for CI).

``neo4j_driver`` (function)
    A ``neo4j.Driver`` for that server; the database is emptied (nodes, relationships,
    constraints, indexes other than the built-in token lookup indexes) before each test.

Tests that use the server get the ``neo4j`` marker, so ``-m "not neo4j"`` leaves them out.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVER_DIR = Path(__file__).resolve().parent / "neo4j_server"
TARGET_DIR = SERVER_DIR / "target"
SERVER_JAR = TARGET_DIR / "neo4j-test-server.jar"
SERVER_LIB = TARGET_DIR / "lib"
MAIN_CLASS = "kg.testserver.Neo4jTestServer"
READY_PREFIX = "NEO4J READY "

# Modest memory for a 2-core test machine; Neo4j's page cache is set to 64 MiB by the server itself.
JVM_OPTIONS = [
    "-Xms256m",
    "-Xmx1g",
    "-XX:+UseSerialGC",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",  # lets Neo4j's page cache skip a slow fallback
]
BUILD_TIMEOUT_S = 1200
READY_TIMEOUT_S = 120
CONNECT_TIMEOUT_S = 60
STOP_TIMEOUT_S = 30
PORT_ATTEMPTS = 3


@dataclasses.dataclass(frozen=True)
class Neo4jServer:
    """Where the test Neo4j server is and how to log in."""

    uri: str
    user: str
    password: str

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "neo4j: needs a real Neo4j server (fixtures in tests/neo4j_fixture.py)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "neo4j_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.neo4j)


def _unavailable(reason: str) -> None:
    """Skip, or fail when KG_REQUIRE_NEO4J=1 so CI can never skip silently."""
    if os.environ.get("KG_REQUIRE_NEO4J") == "1":
        pytest.fail(f"Neo4j required (KG_REQUIRE_NEO4J=1) but unavailable: {reason}", pytrace=False)
    pytest.skip(f"no Neo4j server: {reason}")


# --------------------------------------------------------------------------- build


def _artifact_is_fresh() -> bool:
    """True when the jar exists and is newer than the pom and every source file.

    The pom copies the dependency jars to target/lib *before* writing the jar, so a
    fresh jar means a complete build.
    """
    if not SERVER_JAR.is_file() or not any(SERVER_LIB.glob("*.jar")):
        return False
    sources = [SERVER_DIR / "pom.xml", *(p for p in (SERVER_DIR / "src").rglob("*") if p.is_file())]
    newest_source = max(p.stat().st_mtime_ns for p in sources)
    return SERVER_JAR.stat().st_mtime_ns > newest_source


def _build_server(mvn: str) -> None:
    """`mvn -o package` (cached jars only), falling back to an online `mvn package`."""
    TARGET_DIR.mkdir(exist_ok=True)
    with open(TARGET_DIR / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time, e.g. with parallel pytest runs
        if _artifact_is_fresh():
            return
        outputs = []
        for offline in (True, False):
            cmd = [mvn, "-B", "-q", "-Dstyle.color=never", *(["-o"] if offline else []), "package"]
            try:
                result = subprocess.run(
                    cmd,
                    cwd=SERVER_DIR,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    timeout=BUILD_TIMEOUT_S,
                )
            except subprocess.TimeoutExpired:
                pytest.fail(f"`{' '.join(cmd)}` took over {BUILD_TIMEOUT_S} s", pytrace=False)
            if result.returncode == 0 and SERVER_JAR.is_file():
                os.utime(SERVER_JAR)  # mark as fresh even if Maven found the jar up to date
                return
            outputs.append(f"$ {' '.join(cmd)}  (exit {result.returncode})\n{result.stdout}{result.stderr}")
        pytest.fail(
            "could not build the Neo4j test server in tests/neo4j_server:\n" + "\n".join(outputs)[-8000:],
            pytrace=False,
        )


# --------------------------------------------------------------------------- run


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _ServerProcess:
    """The Java server process, with threads that keep draining its stdout and stderr."""

    def __init__(self, java: str, port: int, password: str) -> None:
        env = dict(os.environ, NEO4J_TEST_PASSWORD=password)  # not on the command line
        classpath = f"{SERVER_JAR}{os.pathsep}{SERVER_LIB / '*'}"
        self.port = port
        self.output: collections.deque[str] = collections.deque(maxlen=300)
        self.ready = threading.Event()
        self.uri: str | None = None
        self.proc = subprocess.Popen(
            [java, *JVM_OPTIONS, "-cp", classpath, MAIN_CLASS, str(port)],
            cwd=SERVER_DIR,
            env=env,
            stdin=subprocess.PIPE,  # the server stops when this closes, even if pytest is killed
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # Ctrl-C goes to pytest, which then stops the server itself
        )
        self._readers = [
            threading.Thread(target=self._drain, args=(self.proc.stdout, True), daemon=True),
            threading.Thread(target=self._drain, args=(self.proc.stderr, False), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _drain(self, stream, is_stdout: bool) -> None:
        for line in stream:
            line = line.rstrip("\n")
            self.output.append(line if is_stdout else f"[stderr] {line}")
            if is_stdout and line.startswith(READY_PREFIX):
                self.uri = line[len(READY_PREFIX) :].strip()
                self.ready.set()

    def wait_ready(self, timeout: float) -> bool:
        """True once the ready line came; False if the process exited or time ran out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready.wait(0.2):
                return True
            if self.proc.poll() is not None:
                for reader in self._readers:
                    reader.join(5)
                return self.ready.is_set()
        return False

    def output_text(self) -> str:
        return "\n".join(self.output) or "(no output)"

    def stop(self) -> None:
        """Close stdin, SIGTERM, wait; SIGKILL if it does not stop."""
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for reader in self._readers:
            reader.join(5)


def _wait_for_bolt(server: Neo4jServer, timeout: float, detail=lambda: "") -> None:
    """Until the Python driver can connect and log in."""
    import neo4j
    from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

    deadline = time.monotonic() + timeout
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth, connection_timeout=5) as driver:
        while True:
            try:
                driver.verify_connectivity()
                return
            except AuthError as exc:
                pytest.fail(
                    f"Neo4j at {server.uri} refused user {server.user!r}: {exc}\n{detail()}", pytrace=False
                )
            except (ServiceUnavailable, SessionExpired, OSError) as exc:
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"Neo4j at {server.uri} not reachable after {timeout} s: {exc}\n{detail()}",
                        pytrace=False,
                    )
                time.sleep(0.5)


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    uri = os.environ.get("NEO4J_URI")
    if uri:
        server = Neo4jServer(uri, os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
        _wait_for_bolt(server, CONNECT_TIMEOUT_S)
        yield server
        return

    java = shutil.which("java")
    if java is None:
        _unavailable("NEO4J_URI is not set and `java` is not on PATH")
    if not _artifact_is_fresh():
        mvn = shutil.which("mvn")
        if mvn is None:
            _unavailable("NEO4J_URI is not set and `mvn` is not on PATH to build tests/neo4j_server")
        _build_server(mvn)

    password = secrets.token_hex(12)
    for attempt in range(1, PORT_ATTEMPTS + 1):
        process = _ServerProcess(java, _free_port(), password)
        if process.wait_ready(READY_TIMEOUT_S):
            break
        exit_code = process.proc.poll()
        process.stop()
        output = process.output_text()
        # Another process may have taken the free port between our check and Neo4j's bind.
        if "Address already in use" in output and attempt < PORT_ATTEMPTS:
            continue
        what = (
            f"exited with code {exit_code} before it was ready"
            if exit_code is not None
            else f"was not ready within {READY_TIMEOUT_S} s (stopped it)"
        )
        pytest.fail(f"Neo4j test server {what}. Its output:\n{output}", pytrace=False)

    try:
        server = Neo4jServer(process.uri or f"bolt://127.0.0.1:{process.port}", "neo4j", password)
        _wait_for_bolt(server, CONNECT_TIMEOUT_S, detail=process.output_text)
        yield server
    finally:
        process.stop()


# --------------------------------------------------------------------------- per test


def quote_name(name: str) -> str:
    """A Cypher identifier in backticks (DDL names cannot be query parameters)."""
    return "`" + name.replace("`", "``") + "`"


def wipe_database(driver, database: str | None = None) -> None:
    """Delete all nodes and relationships, all constraints and all indexes except the
    built-in LOOKUP indexes that every new database has."""
    with driver.session(database=database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
        # Constraints first: dropping one also drops the index it owns.
        for name in session.run("SHOW CONSTRAINTS YIELD name RETURN name").value():
            session.run(f"DROP CONSTRAINT {quote_name(name)} IF EXISTS").consume()
        indexes = session.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").value()
        for name in indexes:
            session.run(f"DROP INDEX {quote_name(name)} IF EXISTS").consume()


@pytest.fixture
def neo4j_driver(neo4j_server: Neo4jServer):
    """A driver for the test server, on an emptied database."""
    import neo4j

    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        wipe_database(driver)
        yield driver
