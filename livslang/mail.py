"""E-mail backend of the embedded profile: every message to a file and to the console."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FileAndConsoleBackend(FileBackend):
    """Writes each message under ``EMAIL_FILE_PATH`` and echoes it to stderr.

    stderr, not stdout: `make run` shows it, and command output stays clean.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._console = ConsoleBackend(stream=sys.stderr, fail_silently=self.fail_silently)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = super().send_messages(email_messages)
        self._console.send_messages(email_messages)
        return sent
