from __future__ import annotations

import pytest
from django.test import RequestFactory

from livslang.http import client_ip


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # XFF ignored without trusted proxies
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # spoofed left part is ignored
        (1, "203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.1.1.1", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies: header is not trusted
    ],
)
def test_client_ip_trusts_exactly_the_configured_proxies(
    settings, proxies: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
