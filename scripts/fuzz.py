"""``make fuzz`` (API-02): the long stateful schemathesis run against a loopback server.

A fresh SQLite database (and media) under var/fuzz/var/ with the reference geography and the
demo world, tokens for the demo centre's administrator (read and write), gunicorn on
127.0.0.1:8765, then ``schemathesis run`` with every check and phase once per role
(anonymous, read token, write token). JUnit reports go to var/fuzz/<role>/; the exit status is
schemathesis' own, printed but never gating CI (``make test`` runs the short in-process API-01
instead).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "var" / "fuzz"
BIN = Path(sys.executable).parent
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
ORGANISATION = "studiesenteret-finnsnes"
ADMIN = "org_admin@demo.livslang.test"
MAX_TIME = os.environ.get("FUZZ_MAX_TIME", "300")


def _env() -> dict[str, str]:
    env = {**os.environ, "LIVSLANG_VAR_DIR": str(OUT / "var"), "PYTHONPATH": str(ROOT)}
    # The fuzzer is one client sending thousands of requests: lift the rate limits.
    for name in ("API_RATE_ANONYMOUS", "API_RATE_TOKEN", "API_RATE_DUMP"):
        env[name] = "1000000"
    for name in ("LIVSLANG_ENV", "DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return env


def manage(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def main() -> int:
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "var").mkdir(parents=True)
    manage("migrate", "--noinput")
    manage("createcachetable")
    manage("load_geo")
    manage("demo")
    tokens = {
        scope: manage(
            "create_api_token", "--organisation", ORGANISATION, "--admin", ADMIN,
            "--scope", scope, "--name", f"fuzz {scope}",
        ).splitlines()[-1]
        for scope in ("read", "write")
    }  # fmt: skip
    server = subprocess.Popen(
        # No request-line limit: an over-long query must reach the app (gunicorn's own 414
        # is the server's answer, not the API's).
        [
            str(BIN / "gunicorn"),
            "livslang.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "2",
            "--limit-request-line",
            "0",
        ],
        env=_env(),
        cwd=ROOT,
    )
    statuses: dict[str, int] = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        roles = {"anonymous": "", **tokens}
        for role, token in roles.items():
            report = OUT / role
            report.mkdir()
            # The token goes in through the security scheme (not a blanket header), so the
            # checks that leave it out (ignored_auth, missing headers) still can.
            config = report / "schemathesis.toml"
            config.write_text(
                f'[auth.openapi.TokenAuth]\nbearer = "{token}"\n' if token else "",
                encoding="utf-8",
            )
            command = [
                str(BIN / "schemathesis"), "--config-file", str(config), "run",
                f"{BASE}/api/v1/openapi.json",
                "--checks", "all",
                "--phases", "examples,coverage,fuzzing,stateful",
                "--max-examples", "50",
                "--max-time", MAX_TIME,
                "--report", "junit",
                "--report-dir", str(report),
            ]  # fmt: skip
            print(f"== schemathesis as {role}", flush=True)
            statuses[role] = subprocess.run(command, cwd=ROOT, check=False).returncode
    finally:
        server.terminate()
        server.wait(timeout=30)
    summary = ", ".join(f"{role}: exit {code}" for role, code in statuses.items())
    (OUT / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    print(f"make fuzz: {summary}; reports under {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
