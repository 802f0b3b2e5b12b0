"""The Neo4j test server itself (tests/neo4j_fixture.py, tests/neo4j_server/)."""

from __future__ import annotations

import neo4j
import pytest
from neo4j.exceptions import AuthError

from tests.neo4j_fixture import quote_name, wipe_database

pytestmark = pytest.mark.neo4j


def test_server_answers_return_1(neo4j_driver: neo4j.Driver) -> None:
    records, _, _ = neo4j_driver.execute_query("RETURN 1 AS one")
    assert [r["one"] for r in records] == [1]


def test_server_is_neo4j_5(neo4j_driver: neo4j.Driver) -> None:
    agent = neo4j_driver.get_server_info().agent
    assert agent.startswith("Neo4j/5."), agent


def test_wrong_password_is_refused(neo4j_server) -> None:
    wrong = neo4j_server.password + "-wrong"
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, wrong)) as driver:
        with pytest.raises(AuthError):
            driver.verify_connectivity()


def test_right_password_is_accepted(neo4j_server) -> None:
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as driver:
        driver.verify_connectivity()
        assert driver.verify_authentication()


def test_write_is_visible_in_a_new_session(neo4j_driver: neo4j.Driver) -> None:
    with neo4j_driver.session() as session:
        session.execute_write(lambda tx: tx.run("CREATE (:Probe {id: $id})", id="w1").consume())
    with neo4j_driver.session() as session:
        count = session.execute_read(
            lambda tx: tx.run("MATCH (p:Probe {id: $id}) RETURN count(p) AS c", id="w1").single()["c"]
        )
    assert count == 1


def test_wipe_removes_data_constraints_and_indexes(neo4j_driver: neo4j.Driver) -> None:
    odd_name = "odd `name` idx"  # backticks in a name must be escaped, not break the DDL
    neo4j_driver.execute_query("CREATE (:A {k: 1})-[:R]->(:B {k: 2})")
    neo4j_driver.execute_query("CREATE CONSTRAINT a_k IF NOT EXISTS FOR (a:A) REQUIRE a.k IS UNIQUE")
    neo4j_driver.execute_query(f"CREATE INDEX {quote_name(odd_name)} IF NOT EXISTS FOR (b:B) ON (b.k)")

    wipe_database(neo4j_driver)

    nodes = neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    constraints = neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records
    index_types = [
        r["type"] for r in neo4j_driver.execute_query("SHOW INDEXES YIELD type RETURN type").records
    ]
    assert nodes == 0
    assert constraints == []
    assert sorted(index_types) == ["LOOKUP", "LOOKUP"]  # the two every new database has
