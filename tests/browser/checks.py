"""What every page a browser test visits must pass: axe-core, the Nu HTML Checker, no console
errors (CSP violations and failed loads count) and no request to another host."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "tests" / "vendor" / "axe-core-4.14.1.min.js"
VNU_JAR = ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


@dataclass
class PageWatch:
    """Collects console errors, page errors, failed requests and foreign hosts for one page."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    # An error page's own status is expected; Chromium still logs it as a failed load.
    expected_error_documents: set[str] = field(default_factory=set)

    def attach(self, page: Any) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("request", self._on_request)

    def _on_console(self, msg: Any) -> None:
        location = (msg.location or {}).get("url", "")
        if location in self.expected_error_documents and msg.text.startswith(
            "Failed to load resource: the server responded with a status of"
        ):
            return
        if msg.type in ("error", "assert"):
            self.console_errors.append(f"console {msg.type}: {msg.text}")

    def _on_request_failed(self, request: Any) -> None:
        # A navigation cancels the previous page's pending loads (the favicon, say): that is
        # the browser moving on, not a broken resource.
        if request.failure == "net::ERR_ABORTED":
            return
        self.console_errors.append(f"request failed: {request.url} {request.failure}")

    def _on_request(self, request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname not in LOCAL_HOSTS and f"[{parts.hostname}]" not in LOCAL_HOSTS:
            self.foreign_requests.append(request.url)


class HtmlChecker:
    """The Nu HTML Checker as a local HTTP service (one JVM for the whole session)."""

    def __init__(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss2m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.messages("<!DOCTYPE html><html lang=en><title>x</title></html>")
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        raise RuntimeError("the Nu HTML Checker did not start")

    def messages(self, html: str) -> list[dict[str, Any]]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return list(json.load(response)["messages"])

    def errors(self, html: str) -> list[str]:
        # Every error counts; nothing is filtered or downgraded.
        return [
            f"line {m.get('lastLine')}: {m.get('message')}"
            for m in self.messages(html)
            if m.get("type") == "error" or m.get("subType") == "fatal"
        ]

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def axe_violations(page: Any) -> list[str]:
    # evaluate() runs outside the page's CSP, so axe needs no inline script in the page.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


def page_problems(page: Any, html: str, checker: HtmlChecker, watch: PageWatch) -> list[str]:
    """Everything wrong with the page currently shown; empty when it passes."""
    problems = [f"axe: {v}" for v in axe_violations(page)]
    problems += [f"html: {e}" for e in checker.errors(html)]
    problems += watch.console_errors
    problems += [f"third-party request: {u}" for u in watch.foreign_requests]
    return problems
