"""Safe server-side download of remote documents (no CKAN import; settings come in a policy).

Used by the harvesters (catalog pages, CSW responses) and by the map previews (GeoJSON/CSV
files, WMS/WMTS/WFS capabilities and WFS features): whatever the portal fetches on behalf
of a user or a harvest source goes through :func:`fetch`. The link checker asks whether a
URL is there with :func:`probe` (HEAD, or the first byte), under the same rules.

Refuses, each with its own error (German first, English after):

* addresses that are loopback, private, link-local or otherwise not global, unless the
  host or address is explicitly allowed; checked before connecting *and* on the connected
  socket (so DNS answers that change between check and connect do not get through);
* documents larger than the limit (announced or actually sent);
* redirect loops, too many redirects, redirects to other schemes;
* sources that do not answer in time or trickle their answer past the total deadline;
* XML with entity declarations (expansion bombs) or external entities/DTDs, and JSON-LD
  that would make the parser fetch a remote context.
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["FetchError", "FetchPolicy", "Fetched", "Probed", "check_url", "fetch", "probe", "refuse_unsafe_content"]

CHUNK = 64 * 1024


class FetchError(Exception):
    """A source document that is refused or could not be fetched; ``code`` names the reason."""

    def __init__(self, code: str, message_de: str, message_en: str, status: int | None = None) -> None:
        super().__init__(f"{message_de} ({message_en})")
        self.code = code
        self.message_de = message_de
        self.message_en = message_en
        self.status = status  # the HTTP status for code "http_status"


@dataclass(frozen=True)
class FetchPolicy:
    allowed_hosts: tuple[str, ...] = ()
    max_bytes: int = 50 * 1024 * 1024
    timeout: float = 30.0
    total_timeout: float = 120.0
    max_redirects: int = 5
    user_agent: str = "Offene-Daten-Jena-Harvester/1.0 (+https://opendata.jena.de)"
    # The option that lists the allowed hosts, named in the refusal message.
    allowed_hosts_option: str = "ckanext.jena.harvest.allowed_hosts"

    def allows(self, host: str, address: str) -> bool:
        """Whether ``address`` (that ``host`` resolved to) may be contacted."""
        ip = _effective_address(ipaddress.ip_address(address.split("%", 1)[0]))
        for entry in self.allowed_hosts:
            entry = entry.strip().lower()
            if not entry:
                continue
            if entry == host.lower():
                return True
            try:
                if ip in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                continue
        return ip.is_global and not ip.is_multicast and not _never_global(ip)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# IPv6 ranges that carry an IPv4 address in their last 32 bits: IPv4-compatible (::a.b.c.d,
# deprecated), IPv4-translated (::ffff:0:a.b.c.d, SIIT, RFC 2765) and the NAT64 well-known prefix.
_EMBEDDING_V4 = tuple(ipaddress.ip_network(net) for net in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96"))
# Local-use NAT64 (RFC 8215) and site-local (deprecated, still routed inside some networks).
_NEVER_GLOBAL = tuple(ipaddress.ip_network(net) for net in ("64:ff9b:1::/48", "fec0::/10"))


def _effective_address(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address embeds (mapped, compatible, translated, NAT64, 6to4,
    Teredo client), which is what a packet to it reaches; ``ip`` itself otherwise."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return ip
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if any(ip in network for network in _EMBEDDING_V4) and int(ip) > 1:  # :: and ::1 are not IPv4
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _never_global(ip: IPAddress) -> bool:
    return isinstance(ip, ipaddress.IPv6Address) and (ip.is_site_local or any(ip in net for net in _NEVER_GLOBAL))


@dataclass(frozen=True)
class Fetched:
    content: bytes
    content_type: str
    url: str


def _refused(host: str, address: str, policy: FetchPolicy) -> FetchError:
    option = policy.allowed_hosts_option
    return FetchError(
        "address_refused",
        f"Die Quelle {host} ({address}) ist eine interne Adresse (Loopback, privates Netz o. ä.) und wird nicht "
        f"abgerufen. Erlauben lässt sie sich nur ausdrücklich über {option}.",
        f"The source {host} ({address}) is an internal address and is not fetched unless listed in {option}.",
    )


def check_url(url: str, policy: FetchPolicy) -> None:
    """Refuse URLs that are not http(s) or resolve to an address the policy does not allow."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(
            "bad_url",
            f"Die Adresse {url!r} ist keine http(s)-Adresse.",
            f"{url!r} is not an http(s) URL.",
        )
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except OSError as error:
        raise FetchError(
            "unresolvable",
            f"Der Name {parts.hostname} der Quelle lässt sich nicht auflösen ({error}).",
            f"The source host {parts.hostname} cannot be resolved ({error}).",
        ) from None
    for info in infos:
        address = str(info[4][0])
        if not policy.allows(parts.hostname, address):
            raise _refused(parts.hostname, address, policy)


def _guard(connection: Any, policy: FetchPolicy) -> None:
    address = str(connection.sock.getpeername()[0])
    if not policy.allows(str(connection.host), address):
        connection.sock.close()
        raise _refused(str(connection.host), address, policy)


def _session(policy: FetchPolicy) -> requests.Session:
    class GuardedHTTPConnection(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            _guard(self, policy)

    class GuardedHTTPSConnection(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            _guard(self, policy)

    class Pool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": TLSPool}

    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: the checked peer is the source
    adapter = Adapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = policy.user_agent
    return session


def _too_large(policy: FetchPolicy, url: str) -> FetchError:
    megabytes = policy.max_bytes / (1024 * 1024)
    return FetchError(
        "too_large",
        f"Das Dokument {url} ist größer als erlaubt ({megabytes:g} MB, ckanext.jena.harvest.max_document_mb).",
        f"The document {url} is larger than allowed ({megabytes:g} MB).",
    )


def _too_slow(policy: FetchPolicy, url: str) -> FetchError:
    return FetchError(
        "too_slow",
        f"Die Quelle {url} hat nicht innerhalb von {policy.total_timeout:g} s vollständig geliefert.",
        f"The source {url} did not deliver within {policy.total_timeout:g} s.",
    )


def _body(response: requests.Response, policy: FetchPolicy, url: str, deadline: float) -> bytes:
    announced = response.headers.get("Content-Length", "")
    if announced.isdigit() and int(announced) > policy.max_bytes:
        raise _too_large(policy, url)
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise _too_slow(policy, url)
        chunk = response.raw.read1(CHUNK, decode_content=True)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > policy.max_bytes:
            raise _too_large(policy, url)
        chunks.append(chunk)


def _send(
    session: requests.Session,
    method: str,
    url: str,
    policy: FetchPolicy,
    accept: str = "*/*",
    *,
    first_byte: bool = False,
) -> requests.Response:
    """One request without following redirects (``first_byte``: ask for the first byte only)."""
    headers = {"Accept": accept}
    if first_byte:
        headers["Range"] = "bytes=0-0"
    try:
        return session.request(
            method,
            url,
            stream=True,
            allow_redirects=False,
            timeout=(policy.timeout, policy.timeout),
            headers=headers,
        )
    except requests.Timeout:
        raise FetchError(
            "timeout",
            f"Die Quelle {url} hat nicht innerhalb von {policy.timeout:g} s geantwortet.",
            f"The source {url} did not answer within {policy.timeout:g} s.",
        ) from None
    except requests.RequestException as error:
        raise FetchError(
            "connection",
            f"Die Quelle {url} ist nicht erreichbar ({error.__class__.__name__}).",
            f"The source {url} cannot be reached ({error}).",
        ) from None


def _get(session: requests.Session, url: str, policy: FetchPolicy, accept: str) -> requests.Response:
    return _send(session, "GET", url, policy, accept)


def _follow(url: str, policy: FetchPolicy, send: Callable[[str], requests.Response]) -> tuple[requests.Response, str]:
    """Send to ``url`` and follow its redirects, each target checked against the address policy;
    the first answer that is no redirect (still open) and the address that gave it."""
    seen: list[str] = []
    current = url
    for _hop in range(policy.max_redirects + 1):
        if current in seen:
            chain = " → ".join([*seen[seen.index(current) :], current])
            raise FetchError(
                "redirect_loop",
                f"Die Quelle leitet im Kreis weiter: {chain}.",
                f"The source redirects in a loop: {chain}.",
            )
        seen.append(current)
        check_url(current, policy)
        response = send(current)
        if not response.is_redirect:
            return response, current
        response.close()
        current = urljoin(current, response.headers.get("Location", ""))
    raise FetchError(
        "too_many_redirects",
        f"Die Quelle leitet mehr als {policy.max_redirects}-mal weiter (zuletzt nach {current}).",
        f"The source redirects more than {policy.max_redirects} times (last to {current}).",
    )


def _http_status(response: requests.Response, url: str) -> FetchError:
    return FetchError(
        "http_status",
        f"Die Quelle {url} antwortet mit HTTP {response.status_code} {response.reason}.",
        f"The source {url} answered HTTP {response.status_code} {response.reason}.",
        response.status_code,
    )


def fetch(url: str, policy: FetchPolicy, accept: str = "*/*") -> Fetched:
    """Download one document under ``policy``; :class:`FetchError` says why not."""
    session = _session(policy)
    deadline = time.monotonic() + policy.total_timeout
    try:
        response, current = _follow(url, policy, lambda target: _get(session, target, policy, accept))
        with response:
            if response.status_code >= 400:
                raise _http_status(response, current)
            content = _body(response, policy, current, deadline)
            content_type = response.headers.get("Content-Type", "").split(";", 1)[0].strip()
            return Fetched(content, content_type, current)
    finally:
        session.close()


@dataclass(frozen=True)
class Probed:
    """What a probe learnt of a URL without downloading it."""

    status: int
    url: str  # after redirects
    method: str  # HEAD, or GET when the server refused HEAD
    content_type: str
    size: int | None  # announced (Content-Length, or the total of a Content-Range)


def _size(response: requests.Response) -> int | None:
    total = response.headers.get("Content-Range", "").rpartition("/")[2].strip()
    if response.status_code == 206 and total.isdigit():
        return int(total)
    length = response.headers.get("Content-Length", "").strip()
    return int(length) if length.isdigit() and response.status_code != 206 else None


def probe(url: str, policy: FetchPolicy) -> Probed:
    """Is ``url`` there? HEAD, and when the server refuses or fails HEAD (any status from 400)
    a GET of its first byte (``Range: bytes=0-0``, nothing more is read); redirects are
    followed under the address policy. :class:`FetchError` says why not (``http_status``
    carries the status)."""
    session = _session(policy)
    try:
        method = "HEAD"
        response, current = _follow(url, policy, lambda target: _send(session, "HEAD", target, policy))
        if response.status_code >= 400:
            response.close()
            method = "GET"
            response, current = _follow(
                url, policy, lambda target: _send(session, "GET", target, policy, first_byte=True)
            )
        with response:
            if response.status_code >= 400:
                raise _http_status(response, current)
            content_type = response.headers.get("Content-Type", "").split(";", 1)[0].strip()
            return Probed(response.status_code, current, method, content_type, _size(response))
    finally:
        session.close()


_DOCTYPE = re.compile(rb"<!DOCTYPE\b(.*?)(\[(.*?)\])?\s*>", re.DOTALL)
_ENTITY = re.compile(rb"<!ENTITY\b[^>]*>", re.DOTALL)
_EXTERNAL = re.compile(rb"\b(SYSTEM|PUBLIC)\b")


def _refuse_xml(content: bytes) -> None:
    doctype = _DOCTYPE.search(content)
    entities = _ENTITY.findall(content)
    if entities and any(_EXTERNAL.search(entity) for entity in entities):
        raise FetchError(
            "xml_external_entity",
            "Das XML-Dokument deklariert externe Entitäten (SYSTEM/PUBLIC) und wird abgelehnt.",
            "The XML document declares external entities (SYSTEM/PUBLIC) and is refused.",
        )
    if entities:
        raise FetchError(
            "xml_entity_expansion",
            "Das XML-Dokument deklariert Entitäten (mögliche Entitäten-Expansion) und wird abgelehnt.",
            "The XML document declares entities (possible entity expansion) and is refused.",
        )
    if doctype and _EXTERNAL.search(doctype.group(1)):
        raise FetchError(
            "xml_external_dtd",
            "Das XML-Dokument verweist auf eine externe DTD und wird abgelehnt.",
            "The XML document refers to an external DTD and is refused.",
        )


def _remote_contexts(node: Any) -> bool:
    if isinstance(node, dict):
        context = node.get("@context")
        items = context if isinstance(context, list) else [context]
        if any(isinstance(item, str) for item in items):
            return True
        return any(_remote_contexts(value) for value in node.values())
    if isinstance(node, list):
        return any(_remote_contexts(item) for item in node)
    return False


def refuse_unsafe_content(content: bytes, content_type: str = "") -> None:
    """Refuse XML entity tricks and JSON-LD remote contexts before any parser sees the document."""
    start = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"<" or "xml" in content_type:
        _refuse_xml(content)
    elif start in (b"{", b"[") or "json" in content_type:
        try:
            document = json.loads(content)
        except ValueError:
            return  # not JSON: the RDF parser reports it
        if _remote_contexts(document):
            raise FetchError(
                "jsonld_remote_context",
                "Das JSON-LD-Dokument lädt einen entfernten @context nach und wird abgelehnt.",
                "The JSON-LD document loads a remote @context and is refused.",
            )
