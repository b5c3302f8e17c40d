"""nginx from the Debian package, started by a test as its own process, running the
configuration shipped in deploy/ (so that file is what the test checks).

    proxy = Nginx.start(SHIPPED, upstream_ports=[8601, 8602], directory=tmp_path / "nginx")
    proxy.url                  # http://127.0.0.1:PORT
    proxy.stop()

`render_site` rewrites only what must differ on a test machine, each rewrite checked to
have matched: the upstream's `server 127.0.0.1:PORT ...;` lines point at the test's
processes (their parameters kept), `listen 443 ssl http2;` becomes a loopback port
without TLS, the certificate lines and the port-80 redirect block go. Every other line
(timeouts, retries, keepalive, locations) runs as shipped. The main configuration around
it is the test's own: a prefix, pid file, logs and temp directories in `directory`, no
root configuration touched.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "deploy" / "nginx-callsheet.conf"
INSTALL = "apt-get install nginx-light"


def binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def _sub_once(pattern: str, repl: str, text: str, *, flags: int = re.MULTILINE,
              at_least: int = 1) -> str:
    new, n = re.subn(pattern, repl, text, flags=flags)
    if n < at_least:
        raise ValueError(f"deploy's nginx configuration no longer has {pattern!r}: "
                         "update tests/support/nginx.py with it")
    return new


def render_site(shipped: str, upstream_ports: list[int], listen_port: int) -> str:
    text = shipped
    lines = re.findall(r"^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;$", text, re.MULTILINE)
    if not lines:
        raise ValueError("no `server 127.0.0.1:PORT ...;` line in the upstream block")
    indent, params = lines[0]
    ours = "\n".join(f"{indent}server 127.0.0.1:{p}{params};" for p in upstream_ports)
    text = _sub_once(r"^\s*server 127\.0\.0\.1:\d+( [^;]*)?;\n", "", text)
    text = _sub_once(r"^(upstream callsheet \{\n)", r"\g<1>" + ours + "\n", text)
    text = _sub_once(r"^(\s*)listen 443 ssl http2;$", rf"\g<1>listen 127.0.0.1:{listen_port};",
                     text)
    text = _sub_once(r"^\s*ssl_certificate(_key)?\s+\S+;\n", "", text, at_least=2)
    return _sub_once(r"^server \{\n    listen 80;.*?^\}\n", "", text, flags=re.M | re.S)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


MAIN = """\
worker_processes 1;
daemon off;
{user}pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/site.conf;
}}
"""


@dataclass
class Nginx:
    proc: subprocess.Popen[bytes]
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @staticmethod
    def start(shipped: Path, upstream_ports: list[int], directory: Path) -> Nginx:
        exe = binary()
        if exe is None:
            raise FileNotFoundError(f"nginx is not installed ({INSTALL})")
        directory.mkdir(parents=True, exist_ok=True)
        for attempt in range(5):
            port = _free_port()
            (directory / "site.conf").write_text(
                render_site(shipped.read_text(encoding="utf-8"), upstream_ports, port),
                encoding="utf-8")
            # Under root nginx would hand its workers to `nobody`, who may not enter a
            # test's private temporary directory.
            user = "user root root;\n" if os.geteuid() == 0 else ""
            conf = directory / "nginx.conf"
            conf.write_text(MAIN.format(dir=directory, user=user), encoding="utf-8")
            proc = subprocess.Popen([exe, "-p", str(directory), "-e",
                                     str(directory / "error.log"), "-c", str(conf)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            proxy = Nginx(proc, directory, port)
            if proxy._wait_up():
                return proxy
            proxy.stop()
            if attempt == 4:
                break
        log = (directory / "error.log").read_text(encoding="utf-8", errors="replace")
        raise RuntimeError("nginx did not start:\n" + log[-3000:])

    def _wait_up(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                httpx.get(self.url + "/", timeout=1)  # nginx's own 404 is enough
                return True
            except httpx.HTTPError:
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
