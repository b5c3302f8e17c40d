"""A tiny real SMTP server for tests (socketserver, loopback, a thread per connection):
EHLO/HELO, AUTH PLAIN (one user and password), MAIL, RCPT, DATA, RSET, NOOP, QUIT. Each
message received is kept with its envelope and who logged in; `refuse_login` answers 535
to every login, `fail_data` answers 451 to every message (a temporary failure).

    with SmtpServer(user="mailer", password="s3cret") as smtp:
        ... smtp.port ..., smtp.messages
"""

from __future__ import annotations

import base64
import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import TracebackType


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    data: bytes
    user: str | None

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class _State:
    user: str
    password: str
    refuse_login: bool = False
    fail_data: bool = False
    messages: list[Received] = field(default_factory=list)
    auth_lines: list[str] = field(default_factory=list)  # what clients sent to log in


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        st = self.server.state
        self._say("220 localhost test SMTP")
        user: str | None = None
        mail_from, rcpts = "", list[str]()
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self._say("250-localhost")
                self._say("250-8BITMIME")
                self._say("250 AUTH PLAIN")
            elif verb == "AUTH":
                st.auth_lines.append(line)
                parts = line.split()
                if len(parts) < 3 or parts[1].upper() != "PLAIN":
                    self._say("504 only AUTH PLAIN")
                    continue
                _, name, secret = base64.b64decode(parts[2]).decode().split("\0")
                if st.refuse_login or (name, secret) != (st.user, st.password):
                    self._say("535 5.7.8 authentication failed")
                else:
                    user = name
                    self._say("235 2.7.0 authenticated")
            elif verb == "MAIL":
                mail_from, rcpts = line.split(":", 1)[1].strip().split()[0].strip("<>"), []
                self._say("250 ok")
            elif verb == "RCPT":
                rcpts.append(line.split(":", 1)[1].strip().strip("<>"))
                self._say("250 ok")
            elif verb == "DATA":
                self._say("354 end with <CRLF>.<CRLF>")
                data = bytearray()
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                if st.fail_data:
                    self._say("451 4.3.0 try again later")
                else:
                    st.messages.append(Received(mail_from, rcpts, bytes(data), user))
                    self._say("250 ok queued")
            elif verb in ("RSET", "NOOP"):
                self._say("250 ok")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    state: _State


class SmtpServer:
    def __init__(self, *, user: str = "mailer", password: str = "") -> None:
        self.state = _State(user=user, password=password)
        self._srv = _Server(("127.0.0.1", 0), _Handler)
        self._srv.state = self.state
        self.port = int(self._srv.server_address[1])
        self._thread = threading.Thread(target=self._srv.serve_forever, daemon=True)

    @property
    def messages(self) -> list[Received]:
        return self.state.messages

    def __enter__(self) -> SmtpServer:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._srv.shutdown()
        self._srv.server_close()
