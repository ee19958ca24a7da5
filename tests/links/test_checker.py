"""The link checker's HTTP side against a local server: ok, 404, a slow server, a server that
refuses HEAD, a timeout, a redirect to a refused address, the per-host limit and the back-off
for a host that keeps failing. No database: these are the checker's own rules."""

from __future__ import annotations

import datetime as dt
import socket
from collections import Counter
from pathlib import Path

from ckanext.jena.links.checker import Result, Settings, Target, run
from ckanext.jena.safe_fetch import FetchPolicy
from tests.links.server import LinkServer, link_server


def _settings(timeout: float = 2.0, **changes: object) -> Settings:
    policy = FetchPolicy(
        allowed_hosts=("127.0.0.1",),
        timeout=timeout,
        total_timeout=timeout,
        allowed_hosts_option="ckanext.jena.links.allowed_hosts",
    )
    return Settings(policy=policy, **{"backoff": 0.0, **changes})  # type: ignore[arg-type]


def _check(urls: list[str], settings: Settings) -> dict[str, Result]:
    targets = [Target(f"r{index}", "p", url) for index, url in enumerate(urls)]
    return {result.target.url: result for result in run(targets, settings)}


def _requests(server: LinkServer, path: str) -> list[tuple[str, str]]:
    return [(method, ranged) for method, asked, ranged in server.requests if asked == path]


def test_ok_404_slow_server_and_head_refused() -> None:
    with link_server() as server:
        base = server.base
        results = _check(
            [f"{base}/ok.csv", f"{base}/missing.csv", f"{base}/slow.csv", f"{base}/no-head.json"], _settings()
        )
        ok = results[f"{base}/ok.csv"]
        assert (ok.status, ok.http_status, ok.content_type, ok.size, ok.error) == ("ok", 200, "text/csv", 1234, None)
        assert _requests(server, "/ok.csv") == [("HEAD", "")]  # HEAD answered: nothing downloaded

        missing = results[f"{base}/missing.csv"]
        assert (missing.status, missing.http_status) == ("broken", 404)
        assert missing.error is not None and f"Die Quelle {base}/missing.csv antwortet mit HTTP 404" in missing.error
        # HEAD failed, so the first byte is asked for by GET before the link counts as failed
        assert _requests(server, "/missing.csv") == [("HEAD", ""), ("GET", "bytes=0-0")]

        slow = results[f"{base}/slow.csv"]
        assert (slow.status, slow.http_status) == ("ok", 200)
        assert slow.response_ms is not None and slow.response_ms >= 300  # the server's delay, measured

        no_head = results[f"{base}/no-head.json"]
        assert (no_head.status, no_head.http_status, no_head.content_type, no_head.size) == (
            "ok",
            206,
            "application/json",
            5000,
        )
        assert _requests(server, "/no-head.json") == [("HEAD", ""), ("GET", "bytes=0-0")]
        assert all(isinstance(r.checked_at, dt.datetime) and r.checked_at.tzinfo for r in results.values())


def test_timeout() -> None:
    with link_server() as server:
        result = _check([f"{server.base}/hang.csv"], _settings(timeout=0.3))[f"{server.base}/hang.csv"]
    assert (result.status, result.http_status) == ("timeout", None)
    assert result.error == (
        f"Die Quelle {server.base}/hang.csv hat nicht innerhalb von 0.3 s geantwortet. "
        f"(The source {server.base}/hang.csv did not answer within 0.3 s.)"
    )


def test_redirect_to_a_refused_address_is_not_followed() -> None:
    with link_server() as server:
        url = f"{server.base}/to-internal"
        result = _check([url], _settings())[url]
        assert result.status == "refused"
        assert result.error is not None and "Die Quelle 127.0.0.2 (127.0.0.2) ist eine interne Adresse" in result.error
        assert "ckanext.jena.links.allowed_hosts" in result.error
        assert [path for _method, path, _range in server.requests] == ["/to-internal"]  # /ok.csv never asked


def test_internal_address_refused_without_allowance() -> None:
    with link_server() as server:
        url = f"{server.base}/ok.csv"
        result = _check([url], Settings(policy=FetchPolicy(timeout=2.0), backoff=0.0))[url]
        assert result.status == "refused"
        assert server.requests == []


def test_at_most_two_parallel_requests_per_host() -> None:
    with link_server() as server:
        urls = [f"{server.base}/busy/{index}" for index in range(12)]
        results = _check(urls, _settings(workers=8, max_per_host=2))
        assert Counter(result.status for result in results.values()) == {"ok": 12}
        # 8 workers could have sent 8 at once; the server never held more than 2 of them
        assert server.max_active == 2


def test_a_host_that_keeps_failing_is_left_alone() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    urls = [f"http://127.0.0.1:{port}/{index}.csv" for index in range(5)]
    results = _check(urls, _settings(max_per_host=1, host_max_failures=3))
    assert [results[url].status for url in urls] == ["unreachable"] * 3 + ["skipped"] * 2


def test_uploads_are_read_from_storage(tmp_path: Path) -> None:
    stored = tmp_path / "baeume.csv"
    stored.write_bytes(b"a,b\n1,2\n")
    targets = [
        Target("r1", "p", "upload:baeume.csv", str(stored)),
        Target("r2", "p", "upload:weg.csv", str(tmp_path / "weg.csv")),
    ]
    results = {result.target.resource_id: result for result in run(targets, _settings())}
    assert (results["r1"].status, results["r1"].size) == ("ok", 8)
    assert results["r2"].status == "missing"
    assert results["r2"].error is not None and "Die hochgeladene Datei fehlt" in results["r2"].error
