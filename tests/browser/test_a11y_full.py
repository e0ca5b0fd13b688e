"""`make a11y-full`: every registered page x language x role through axe, the HTML checker and
the console. Writes var/a11y/report.json and report.md; never part of `make test`."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from livslang.accounts.demo import DEMO_PASSWORD
from tests.browser.checks import page_problems
from tests.browser.conftest import Visit
from tests.browser.registry import DEMO_USERS, EVERYONE, LANGUAGES, PAGES, demo_targets

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("LIVSLANG_A11Y_FULL"), reason="only in `make a11y-full`"),
]


def sign_in(visit: Visit, role: str) -> None:
    visit.page.context.clear_cookies()
    if role == "anonymous":
        return
    visit.page.goto(visit.base_url + "/account/login/")
    visit.page.fill("input[name=username]", DEMO_USERS[role])
    visit.page.fill("input[name=password]", DEMO_PASSWORD)
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_load_state()


def test_full_cross_product(visit: Visit) -> None:
    call_command("load_geo", verbosity=0)
    call_command("demo", verbosity=0)
    targets = demo_targets()
    results = []
    for role in EVERYONE:
        sign_in(visit, role)
        for language in LANGUAGES:
            visit.page.set_extra_http_headers({"Accept-Language": language})
            for page in (p for p in PAGES if role in p.roles):
                url = visit.base_url + page.path.format(**targets)
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
