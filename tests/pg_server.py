"""A throwaway PostgreSQL server for the tests (issue 18).

initdb into a temporary directory, pg_ctl on a Unix socket in that directory
(no TCP port), fsync off: a test's database is thrown away with the server.
As root (CI runs `.ci/run` as root) initdb refuses to run, so the server runs
as the `postgres` account that Debian's package creates.

Each test gets its own database, copied from a template that is already
migrated (CREATE DATABASE ... TEMPLATE), and dropped afterwards.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

SUPERUSER = "reception"
TEMPLATE = "hall_template"
PASSWORD_USER, PASSWORD = "checker", "right-password"


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


class PgServer:
    def __init__(self, durable: bool = False, tls: bool = False) -> None:
        """`durable`: fsync and synchronous commit on, as a hall's server runs
        (the benchmarks); off for the tests, whose databases are thrown away.
        `tls`: also listen on 127.0.0.1 (self.port), TLS only (hostssl), with a
        certificate for 127.0.0.1 signed by itself (self.root_cert), as on a LAN."""
        self.durable = durable
        self.tls = tls
        self.port = 0
        initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if initdb is None or pg_ctl is None:
            raise FileNotFoundError("PostgreSQL's initdb/pg_ctl not found (Debian: apt-get install postgresql)")
        self.pg_ctl = pg_ctl
        self.dir = Path(tempfile.mkdtemp(prefix="reception-pg-"))
        self.data = self.dir / "data"
        self._as: list[str] = []
        if os.getuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.dir, account.pw_uid, account.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self._names = itertools.count(1)
        self._run([initdb, "-D", str(self.data), "-A", "trust", "-U", SUPERUSER, "--no-sync",
                   "-E", "UTF8", "--locale=C.UTF-8"])
        # One account logs in with a password (scram), to test a wrong one; all else: trust.
        hba = self.data / "pg_hba.conf"
        lines = f"local all {PASSWORD_USER} scram-sha-256\n"
        if tls:
            self._certificate()
            lines += "hostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n"
        hba.write_text(lines + hba.read_text())
        self.start_server()
        try:
            with self.admin() as conn:
                conn.execute(f"CREATE DATABASE {TEMPLATE}")
                conn.execute(f"CREATE ROLE {PASSWORD_USER} LOGIN SUPERUSER PASSWORD '{PASSWORD}'")
            from reception.queue.store.connection import connect  # migrate the template once

            connect(self.url(TEMPLATE)).conn.close()
        except BaseException:
            self.stop()  # a server is never left running behind a failed start
            raise

    def _certificate(self) -> None:
        import socket

        with socket.socket() as probe:  # a free port for the LAN side
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.root_cert = self.dir / "server.crt"
        key = self.data / "server.key"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", str(key), "-out", str(self.root_cert)], check=True, capture_output=True)
        shutil.copy(self.root_cert, self.data / "server.crt")
        key.chmod(0o600)
        if self._as:
            account = pwd.getpwnam("postgres")
            for path in (key, self.data / "server.crt", self.root_cert):
                os.chown(path, account.pw_uid, account.pw_gid)

    def start_server(self) -> None:
        options = f"-k {self.dir} -c listen_addresses=''"
        if self.tls:
            options = (f"-k {self.dir} -c listen_addresses=127.0.0.1 -p {self.port} -c ssl=on"
                       " -c ssl_cert_file=server.crt -c ssl_key_file=server.key")
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run([self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start"])

    def stop_server(self) -> None:
        """The server goes away (fast shutdown: every client's connection is cut)."""
        self._run([self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def _run(self, command: list[str]) -> None:
        subprocess.run([*self._as, *command], check=True, capture_output=True, cwd=self.dir)

    def url(self, dbname: str, user: str = SUPERUSER) -> str:
        port = f"&port={self.port}" if self.port else ""
        return f"postgresql:///{dbname}?host={self.dir}&user={user}{port}"

    def admin(self) -> psycopg.Connection:
        port = f" port={self.port}" if self.port else ""
        return psycopg.connect(f"host={self.dir} user={SUPERUSER} dbname=postgres{port}", autocommit=True)

    def new_database(self, migrated: bool = True) -> str:
        """A fresh database's URL: the hall's schema already in it, or empty."""
        name = f"t{os.getpid()}_{next(self._names)}"
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {TEMPLATE}" if migrated else ""))
        return self.url(name)

    def drop(self, url: str) -> None:
        name = url.split("?")[0].rsplit("/", 1)[1]
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        try:
            subprocess.run([*self._as, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
                           capture_output=True, cwd=self.dir)  # may be stopped already
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
