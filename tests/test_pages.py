"""Foundation I pages over HTTP: languages, health check, machine-readable files, error pages."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.db import DatabaseError
from django.test import Client

PAGES = ["/", "/about/data/", "/accessibility/", "/privacy/", "/cookies/"]


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "no <html lang>"
    return match.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_public_pages_answer_in_nb_by_default(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert html_lang(response) == "nb"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Cookie", "Accept-Language"} <= vary


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("no", "nb"),
        ("no-NO,no;q=0.9,en;q=0.5", "nb"),
        ("nb-NO", "nb"),
        ("nn-NO,nn;q=0.9", "nn"),
        ("da-DK,da;q=0.9", "da"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR,de;q=0.8", "nb"),
        ("sv-SE,da;q=0.8,en;q=0.5", "da"),
        ("", "nb"),
    ],
)
def test_language_from_accept_language(client: Client, header: str, expected: str) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert html_lang(response) == expected
    assert response["Content-Language"] == expected


@pytest.mark.django_db
def test_switcher_cookie_wins_over_accept_language(client: Client, settings) -> None:
    response = client.post("/i18n/setlang/", {"language": "nn", "next": "/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nn"
    page = client.get("/privacy/", HTTP_ACCEPT_LANGUAGE="da")
    assert html_lang(page) == "nn"
    status = re.search(r'role="status">(.*?)</div>\s*</div>', page.content.decode(), re.S)
    assert status, "no status region"
    assert "Språket er no" in status.group(1)
    assert "nynorsk" in status.group(1)


@pytest.mark.django_db
def test_unknown_language_is_ignored(client: Client, settings) -> None:
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert html_lang(client.get("/")) == "nb"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "http:evil.example"]
)
def test_language_switch_never_redirects_off_site(client: Client, target: str) -> None:
    response = client.post("/i18n/setlang/", {"language": "da", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_language_switch_requires_post_and_csrf(settings) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/i18n/setlang/").status_code == 405
    refused = strict.post("/i18n/setlang/", {"language": "da", "next": "/"})
    assert refused.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in refused.cookies
    assert "<h1" in refused.content.decode()
    strict.get("/")
    token = strict.cookies[settings.CSRF_COOKIE_NAME].value
    ok = strict.post(
        "/i18n/setlang/", {"language": "da", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert ok.status_code == 302


@pytest.mark.django_db
def test_healthz_answers_ok_after_a_database_round_trip(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client: Client, monkeypatch) -> None:
    from livslang.pages import views

    def broken_cursor():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_healthz_has_no_slash_redirect(client: Client) -> None:
    assert client.get("/healthz/").status_code == 404


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.django_db
def test_security_txt_has_contact_and_a_future_expiry(client: Client) -> None:
    body = client.get("/.well-known/security.txt").content.decode()
    fields = dict(line.split(": ", 1) for line in body.strip().splitlines())
    assert fields["Contact"].startswith(("mailto:", "https://"))
    expires = datetime.fromisoformat(fields["Expires"])
    days = (expires - datetime.now(expires.tzinfo)).days
    assert 30 < days < 365


@pytest.mark.django_db
def test_sitemap_is_an_index_of_sections(client: Client) -> None:
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "<sitemapindex" in index.content.decode()
    assert "http://testserver/sitemap-pages.xml" in index.content.decode()
    section = client.get("/sitemap-pages.xml").content.decode()
    for path in PAGES:
        assert f"<loc>http://testserver{path}</loc>" in section
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_about_the_data_shows_loaded_counts(client: Client) -> None:
    from django.core.management import call_command

    call_command("load_geo", verbosity=0)
    body = client.get("/about/data/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for count in ("357", "98", "5121", "1089", "220"):
        assert f'<td class="number">{count}</td>' in body
    assert "ODbL" in body
    assert "Kartverket" in body


@pytest.mark.django_db
def test_accessibility_statement_is_honest_about_review(client: Client) -> None:
    body = client.get("/accessibility/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "has not yet been reviewed by a person" in body
    assert "uustatus.no" in body
    assert "was.digst.dk" in body


@pytest.mark.django_db
def test_every_page_links_the_accessibility_statement(client: Client) -> None:
    for path in PAGES:
        assert 'href="/accessibility/"' in client.get(path).content.decode()


@pytest.mark.django_db
def test_cookie_statement_lists_every_cookie_we_set(client: Client, settings) -> None:
    body = client.get("/cookies/").content.decode()
    set_by_pages = set(client.get("/").cookies)
    client.post("/i18n/setlang/", {"language": "da", "next": "/"})
    set_by_pages |= set(client.cookies)
    for name in set_by_pages:
        assert f"<code>{name}</code>" in body, name
