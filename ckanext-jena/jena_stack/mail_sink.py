"""A local mail catcher for ``make run``: an SMTP server on 127.0.0.1 that keeps every mail as a file.

With ``JENA_MAIL_SINK=1`` the portal's notifications (review requests, approvals, requests for
changes) really go out, to ``var/mail/`` instead of to people, so a demo shows the mails the
city's staff would get. Nothing is relayed anywhere.

Run as ``python -m jena_stack.mail_sink --port 8025 --directory var/mail``.
"""

from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import itertools
import time
from pathlib import Path
from typing import Any

DEFAULT_MAIL_PORT = 8025


class MailFolder:
    """Stores each received message as ``<time>-<n>.eml`` and says one line about it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._counter = itertools.count(1)

    def store(self, sender: str, recipients: list[str], content: bytes) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = self.directory / f"{stamp}-{next(self._counter):04d}.eml"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(content)
        tmp.replace(path)
        subject = email.message_from_bytes(content, policy=email.policy.default).get("Subject", "")
        print(f"[jena] Mail to {', '.join(recipients)}: {subject} -> {path}", flush=True)
        return path


class _Handler:
    def __init__(self, folder: MailFolder) -> None:
        self.folder = folder

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.folder.store(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content)
        return "250 Message accepted"


def serve(port: int, directory: Path) -> None:
    """Serve until the process is stopped (``make run`` stops it with the portal)."""
    from aiosmtpd.controller import Controller

    controller = Controller(_Handler(MailFolder(directory)), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"[jena] Mail sink on 127.0.0.1:{port}, mails are kept in {directory}", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Keep every mail sent to 127.0.0.1:PORT as a file.")
    parser.add_argument("--port", type=int, default=DEFAULT_MAIL_PORT)
    parser.add_argument("--directory", type=Path, required=True)
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        serve(args.port, args.directory)


if __name__ == "__main__":
    main()
