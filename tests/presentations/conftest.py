"""Fixtures of the presentation tests: presentations show what teams handed in as pre-work,
so they run on the pre-work tests' stage, teams and upload directory."""
from tests.prework.conftest import instance_dir, stage, teams  # noqa: F401  (fixtures)
