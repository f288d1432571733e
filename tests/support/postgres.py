"""A throw-away PostgreSQL cluster for the tests.

`initdb` and `pg_ctl` refuse to run as root, so as root the cluster is owned
by and run as the `postgres` system user (created by Debian's package).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(Exception):
    """No server can be started here; the message says why."""


def _find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresCluster:
    data_dir: Path
    port: int
    pg_ctl: str
    run_as: str | None

    def _command(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.run_as, "--"] if self.run_as else []
        return [*prefix, self.pg_ctl, *args]

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        subprocess.run(self._command("-D", str(self.data_dir), "stop", "-m", "fast"), capture_output=True, check=False)
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def start_cluster() -> PostgresCluster:
    initdb, pg_ctl = _find_binary("initdb"), _find_binary("pg_ctl")
    if not (initdb and pg_ctl):
        raise PostgresUnavailable("initdb/pg_ctl not found (install Debian's postgresql package)")
    run_as = None
    base = Path(tempfile.mkdtemp(prefix="inventory-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable("running as root and there is no 'postgres' user to run the server") from exc
        run_as = "postgres"
        os.chown(base, owner.pw_uid, owner.pw_gid)
    data_dir = base / "data"
    prefix = ["runuser", "-u", run_as, "--"] if run_as else []
    init = subprocess.run(
        [*prefix, initdb, "-D", str(data_dir), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale"],
        capture_output=True,
        text=True,
    )
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise PostgresUnavailable(f"initdb failed: {init.stderr.strip()[-500:]}")
    cluster = PostgresCluster(data_dir, _free_port(), pg_ctl, run_as)
    options = f"-p {cluster.port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    start = subprocess.run(
        cluster._command("-D", str(data_dir), "-o", options, "-l", str(base / "log"), "-w", "-t", "60", "start"),
        capture_output=True,
        text=True,
    )
    if start.returncode != 0:
        log = (base / "log").read_text(errors="replace")[-500:] if (base / "log").exists() else ""
        cluster.stop()
        raise PostgresUnavailable(f"pg_ctl start failed: {start.stderr.strip()[-300:]} {log}")
    return cluster
