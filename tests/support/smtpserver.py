"""A real SMTP server for the delivery tests (aiosmtpd, in a thread): it refuses, then accepts.

`RefusingSMTP(refuse=[451, 554])` answers the first transaction with 451 (try again later) at
RCPT, the second with 554 (transaction failed) after DATA, and accepts every one after that.
"""

import socket
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RefusingHandler:
    def __init__(self, refuse: list[int]):
        self.refuse = list(refuse)
        self.refused = 0
        self.accepted = []  # (recipient, subject, body) of each message taken

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and self.refuse[0] == 451:
            self.refuse.pop(0)
            self.refused += 1
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse and self.refuse[0] == 554:
            self.refuse.pop(0)
            self.refused += 1
            return "554 5.3.0 Transaction failed"
        message = message_from_bytes(envelope.content, policy=policy.default)
        body = message.get_content()
        for recipient in envelope.rcpt_tos:
            self.accepted.append((recipient, str(message["Subject"]), body))
        return "250 Message accepted"


class RefusingSMTP:
    """Start with `with RefusingSMTP(port, refuse=[...]) as server:`; server.accepted after."""

    def __init__(self, port: int, refuse=()):
        self.handler = RefusingHandler(list(refuse))
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)

    @property
    def accepted(self) -> list:
        return self.handler.accepted

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def use_smtp(settings, port: int) -> None:
    """Make Django send through the SMTP server on this port (tests default to locmem)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
