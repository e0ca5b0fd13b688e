"""E-mail goes through the task queue and the database-backed worker, as in production."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from livslang.mail import FileAndConsoleBackend


# The worker closes and reopens database connections between tasks, as in production, so the
# test needs real commits rather than a wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_test_email_is_queued_and_delivered_by_the_worker(
    django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_email", "kari@example.no")
    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []  # nothing is sent before the worker runs

    call_command("db_worker", batch=True, verbosity=0)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["kari@example.no"]
    assert mailoutbox[0].subject == "Livslang test e-mail"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_nothing_is_queued_for_an_invalid_address() -> None:
    with pytest.raises(CommandError, match="not a valid e-mail address"):
        call_command("send_test_email", "not-an-address")
    assert DBTaskResult.objects.count() == 0


def test_embedded_backend_writes_files_and_echoes(tmp_path, capsys) -> None:
    backend = FileAndConsoleBackend(file_path=str(tmp_path))
    message = mail.EmailMessage("Hei", "Æ, ø og å", "noreply@livslang.test", ["a@example.no"])
    assert backend.send_messages([message]) == 1
    written = list(tmp_path.iterdir())
    assert len(written) == 1
    assert "Subject: Hei" in written[0].read_text()
    assert "Subject: Hei" in capsys.readouterr().err
