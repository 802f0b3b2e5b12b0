"""Shared fixtures: the Neo4j test server plugin (tests/neo4j_fixture.py)."""

pytest_plugins = ["tests.neo4j_fixture"]
