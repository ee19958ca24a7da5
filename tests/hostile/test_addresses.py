"""The address policy of every server-side fetch (ckanext.jena.safe_fetch) judges an IPv6 address
that embeds an IPv4 address by the IPv4 address (issue 13, item 13)."""

from __future__ import annotations

import pytest

from ckanext.jena.safe_fetch import FetchPolicy

ROWS = [
    ("::7f00:1", False),  # IPv4-compatible 127.0.0.1
    ("::ffff:0:7f00:1", False),  # IPv4-translated (SIIT) 127.0.0.1
    ("64:ff9b::a9fe:a9fe", False),  # NAT64 of the metadata address 169.254.169.254
    ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
    ("2002:a9fe:a9fe::1", False),  # 6to4 of 169.254.169.254
    ("fec0::1", False),  # site-local
    ("64:ff9b:1::a00:1", False),  # local-use NAT64
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", False),  # Teredo, client 10.0.0.1
    ("::ffff:127.0.0.1", False),
    ("::1", False),
    ("::", False),
    # the same embeddings of public addresses stay allowed
    ("::ffff:0:808:808", True),
    ("64:ff9b::808:808", True),
    ("2002:808:808::1", True),
    ("2a00:1450:4001:80b::200e", True),
]


@pytest.mark.parametrize(("address", "allowed"), ROWS, ids=[row[0] for row in ROWS])
def test_embedded_ipv4_addresses_are_judged_as_ipv4(address: str, allowed: bool) -> None:
    assert FetchPolicy().allows("quelle.example.org", address) is allowed


def test_an_allowed_ipv4_network_covers_its_embeddings() -> None:
    policy = FetchPolicy(allowed_hosts=("127.0.0.0/8",))
    assert policy.allows("quelle.example.org", "::ffff:0:7f00:1")
    assert policy.allows("quelle.example.org", "2002:7f00:1::1")
