"""The two profiles: embedded works with no environment; production refuses to start without its
variables and passes `check --deploy` with no warnings (SEC-01)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = [
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "EMAIL_HOST",
    "DEFAULT_FROM_EMAIL",
    "OPERATOR_NAME",
    "CONTACT_EMAIL",
    "SECURITY_CONTACT",
    "SITE_URL",
]


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVSLANG_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        LIVSLANG_ENV="production",
        LIVSLANG_VAR_DIR=str(tmp_path),
        SECRET_KEY="p" * 20 + "roduction-secret-key-for-tests-only-0123456789abcdef",
        ALLOWED_HOSTS="livslang.example.no",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        EMAIL_HOST="smtp.example.no",
        DEFAULT_FROM_EMAIL="Livslang <noreply@livslang.example.no>",
        OPERATOR_NAME="Example fylkeskommune",
        CONTACT_EMAIL="livslang@example.no",
        SECURITY_CONTACT="mailto:security@example.no",
        SITE_URL="https://livslang.example.no",
        DJANGO_SETTINGS_MODULE="livslang.settings",
    )
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_each_variable(production_env) -> None:
    for name in REQUIRED:
        env = {k: v for k, v in production_env.items() if k != name}
        result = run(["-c", "import livslang.settings"], env)
        assert result.returncode != 0, name
        assert f"{name} must be set" in result.stderr, result.stderr[-500:]


def test_production_refuses_a_short_secret_key(production_env) -> None:
    result = run(["-c", "import livslang.settings"], {**production_env, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_unknown_profile_is_refused(production_env) -> None:
    result = run(["-c", "import livslang.settings"], {**production_env, "LIVSLANG_ENV": "prod"})
    assert result.returncode != 0
    assert "is not a profile" in result.stderr


def test_the_bench_settings_fail_loud(production_env) -> None:
    """The search page's fixed-data twin is `make bench`'s only; the search rate limit must be
    a positive whole number."""
    twin = run(["-c", "import livslang.settings"], {**production_env, "LIVSLANG_BENCH_TWIN": "1"})
    assert twin.returncode != 0
    assert "LIVSLANG_BENCH_TWIN is for `make bench` only" in twin.stderr
    for value, message in (("many", "is not an integer"), ("0", "must be at least 1")):
        limit = run(
            ["-c", "import livslang.settings"], {**production_env, "SEARCH_RATE_LIMIT": value}
        )
        assert limit.returncode != 0
        assert message in limit.stderr, limit.stderr[-500:]


def test_production_passes_check_deploy_without_warnings(production_env) -> None:
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PROBE = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="livslang.example.no")
page = client.get("/", secure=True)
health = client.get("/healthz")
print(json.dumps({
    "status": page.status_code,
    "cookies": {name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]),
                       "samesite": m["samesite"], "path": m["path"], "domain": m["domain"]}
                for name, m in page.cookies.items()},
    "hsts": page.get("Strict-Transport-Security", ""),
    "plain_http": client.get("/").status_code,
    "healthz_plain_http": health.status_code,
}))
"""


def test_production_cookies_are_host_prefixed_and_secure(production_env) -> None:
    # Production serves hashed static files from a manifest, so collect them first.
    collected = run(["manage.py", "collectstatic", "--noinput", "-v0"], production_env)
    assert collected.returncode == 0, collected.stderr[-2000:]
    result = run(["-c", PROBE], production_env)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["status"] == 200
    assert data["cookies"], "the front page sets the CSRF cookie for the language form"
    for name, cookie in data["cookies"].items():
        assert name.startswith("__Host-"), name
        assert cookie["secure"]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
    assert "max-age=31536000; includeSubDomains" in data["hsts"]
    assert data["plain_http"] == 301  # HTTPS redirect ...
    assert data["healthz_plain_http"] == 200  # ... except for load balancer probes


def test_embedded_profile_uses_a_file_sqlite_database_built_for_concurrency() -> None:
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("this run uses PostgreSQL")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] >= 5
    assert ".sqlite3" in db["TEST"]["NAME"]  # a file, never in-memory
