"""`make a11y-full`: every registered page x language x role through axe, the HTML checker and
the console. Writes var/a11y/report.json and report.md; never part of `make test`."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from livslang.accounts.models import User
from tests.browser.checks import page_problems
from tests.browser.conftest import Visit
from tests.browser.registry import LANGUAGES, PAGES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("LIVSLANG_A11Y_FULL"), reason="only in `make a11y-full`"),
]

PASSWORD = "a11y full cross product"


def sign_in(visit: Visit, role: str) -> None:
    visit.page.context.clear_cookies()
    if role == "anonymous":
        return
    user = User.objects.create_user(
        email=f"{role}@a11y.example.org",
        password=PASSWORD,
        is_staff=role == "platform_admin",
        is_superuser=role == "platform_admin",
    )
    visit.page.goto(visit.base_url + "/admin/login/")
    visit.page.fill("#id_username", user.email)
    visit.page.fill("#id_password", PASSWORD)
    visit.page.click("input[type=submit]")


def test_full_cross_product(visit: Visit) -> None:
    for page in PAGES:
        if page.setup:
            page.setup()
    results = []
    roles = sorted({role for page in PAGES for role in page.roles})
    for role in roles:
        sign_in(visit, role)
        for language in LANGUAGES:
            visit.page.set_extra_http_headers({"Accept-Language": language})
            for page in (p for p in PAGES if role in p.roles):
                url = visit.base_url + page.path
                visit.watch.expected_error_documents.add(url)
                response = visit.page.goto(url)
                problems = page_problems(visit.page, response.text(), visit.checker, visit.watch)
                visit.watch.console_errors.clear()
                if response.status != page.expected_status:
                    problems.append(f"status {response.status}, expected {page.expected_status}")
                results.append(
                    {
                        "page": page.name,
                        "path": page.path,
                        "role": role,
                        "language": language,
                        "problems": problems,
                    }
                )
    out = Path(settings.VAR_DIR) / "a11y"
    out.mkdir(parents=True, exist_ok=True)
    failed = [r for r in results if r["problems"]]
    (out / "report.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    lines = [
        f"# Accessibility cross-product, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"{len(results)} page views checked, {len(failed)} with problems.",
        "",
        "| page | role | language | problems |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['page']} | {r['role']} | {r['language']} | {'; '.join(r['problems']) or 'none'} |"
        for r in results
    ]
    (out / "report.md").write_text("\n".join(lines) + "\n")
    assert not failed, f"{len(failed)} page views with problems; see {out / 'report.md'}"
