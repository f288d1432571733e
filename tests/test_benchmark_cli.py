"""The benchmark command refuses bad options with a message, and never shows a password."""

from __future__ import annotations

import subprocess
import sys

import pytest

from data_access.config import PROJECT_ROOT


def _benchmark(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "benchmarks", *args], capture_output=True, text=True, cwd=PROJECT_ROOT)


@pytest.mark.parametrize(
    "args, says",
    [
        (["--runs", "0"], "--runs: must be at least 1"),
        (["--order-lines", "many"], "--order-lines: 'many' is not a whole number"),
        (["--db", "not a url"], "is not a database URL"),
    ],
)
def test_bad_options_exit_2_with_the_fix(args, says):
    result = _benchmark(*args)
    assert result.returncode == 2
    assert says in result.stderr


def test_an_unreachable_database_exits_1_without_its_password():
    result = _benchmark("--db", "postgresql+psycopg://shop:hunter2@127.0.0.1:1/shop", "--order-lines", "1000")
    assert result.returncode == 1
    assert "python -m benchmarks: error:" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
