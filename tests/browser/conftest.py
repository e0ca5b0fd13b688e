"""Browser fixtures: Debian chromium driven by Playwright against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches

from tests.browser.checks import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    VNU_JAR,
    HtmlChecker,
    PageWatch,
    page_problems,
)

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _require(condition: bool, what: str) -> None:
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{what} is not available (CI is set)")
        pytest.skip(f"{what} is not available")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    _require(os.path.exists(CHROMIUM), "Debian chromium (/usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def html_checker() -> Iterator[HtmlChecker]:
    _require(shutil.which("java") is not None and VNU_JAR.exists(), "the Nu HTML Checker")
    checker = HtmlChecker()
    yield checker
    checker.close()


@dataclass
class Visit:
    """A browser tab on the live server that checks every page it opens."""

    page: Any
    base_url: str
    checker: HtmlChecker
    watch: PageWatch
    browser: Any

    def use_language(self, language: str) -> None:
        """Continue in a fresh browser profile whose Accept-Language is ``language``."""
        self.page.context.close()
        self.page = self.browser.new_context(locale=language).new_page()
        self.watch = PageWatch()
        self.watch.attach(self.page)

    def open(self, path: str, *, check: bool = True, status: int = 200) -> Any:
        url = self.base_url + path
        if status >= 400:
            self.watch.expected_error_documents.add(url)
        response = self.page.goto(url)
        assert response is not None
        assert response.status == status, f"{url}: {response.status}, expected {status}"
        if check:
            self.check(response.text())
        return response

    def check(self, html: str | None = None) -> None:
        """Assert the current page is clean; ``html`` is the served source (not the DOM)."""
        source = html if html is not None else self.page.content()
        problems = page_problems(self.page, source, self.checker, self.watch)
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)
        self.watch.console_errors.clear()


@dataclass
class Mailbox:
    """The e-mail a real task worker delivered to files during a browser journey."""

    directory: Path

    def messages(self) -> list[str]:
        return [p.read_text() for p in sorted(self.directory.glob("*.log"))]

    def wait_for(self, to: str, *, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages():
                for part in message.split("-" * 79):
                    if f"To: {to}" in part:
                        return part
            time.sleep(0.2)
        raise AssertionError(f"no e-mail to {to} within {timeout} s")


@pytest.fixture
def task_worker(live_server: Any, tmp_path: Path) -> Iterator[Mailbox]:
    """A real `db_worker` process beside the live server, on the same test database."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("browser journeys run on the SQLite test database")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db['NAME']}",
        "LIVSLANG_MAIL_DIR": str(mail_dir),
        "SITE_URL": live_server.url,
    }
    env.pop("LIVSLANG_ENV", None)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield Mailbox(mail_dir)
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.fixture
def visit(
    browser: Any, html_checker: HtmlChecker, live_server: Any, transactional_db: None
) -> Iterator[Visit]:
    # The cache (a database table that flushing between tests leaves alone) holds per-address
    # rate-limit counters: every journey starts with none, whatever ran before it.
    for each in caches.all():
        each.clear()
    page = browser.new_context(locale="nb-NO").new_page()
    watch = PageWatch()
    watch.attach(page)
    visit = Visit(
        page=page, base_url=live_server.url, checker=html_checker, watch=watch, browser=browser
    )
    yield visit
    visit.page.context.close()
