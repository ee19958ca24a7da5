"""Serialized datasets (fragments) in Redis, one entry per dataset, format and flavour
(DCAT-AP.de 3.0 and 2.0, ``ckanext.jena.profiles.flavours``).

An entry records the ``metadata_modified`` of the dataset version it was made from; it is
only used when that stamp equals the current one, so any edit invalidates it at once. The
key also carries a fingerprint of everything else the output depends on (profile version,
base URI, portal defaults, code lists, data-ethics checklist version), so a configuration
change never serves stale RDF. The stamp also carries the dataset's data-ethics review
(``review.py``), which changes without ``metadata_modified``.
Redis being down only costs speed: every error is a cache miss.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import zlib
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import NamedTuple

from ckanext.dcat.utils import catalog_uri

from ckanext.jena import config
from ckanext.jena.ethics import checklist
from ckanext.jena.profiles.flavours import DEFAULT_FLAVOUR

__all__ = ["FORMAT_VERSION", "Fragment", "FragmentCache", "fingerprint"]

log = logging.getLogger(__name__)

# Raise when the profile or the writers change what they produce.
# 2: the data-ethics review as DQV quality annotation; 3: MQA as DQV measurements; 4: byte size,
# contact phone and address, the DCAT-AP.de 2.0 flavour
FORMAT_VERSION = "4"
_PREFIX = "jena:dcat:fragment"


@functools.cache
def _codelists_digest() -> str:
    digest = hashlib.sha256()
    folder = resources.files("jena_schemas") / "codelists"
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.name.endswith(".yaml"):
            digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()


def fingerprint() -> str:
    """Hash of the settings and data the serialization depends on besides the dataset itself."""
    parts = (
        FORMAT_VERSION,
        catalog_uri(),
        config.dcat_contributor_id(),
        config.dcat_publisher_name(),
        config.dcat_publisher_uri(),
        _codelists_digest(),
        str(checklist.current().version),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


class Fragment(NamedTuple):
    """One dataset serialized in one format (no document header), with the dataset's URI."""

    uri: str
    text: str


class FragmentCache:
    """Get and put fragments of many datasets with one Redis round trip each."""

    def __init__(self, fmt: str, stamp_fingerprint: str, ttl: int, flavour: str = DEFAULT_FLAVOUR) -> None:
        self.fmt = fmt
        # The default flavour keeps the key layout ``…:<fmt>:<id>``; others insert their name.
        self._kind = fmt if flavour == DEFAULT_FLAVOUR else f"{fmt}:{flavour}"
        self.fingerprint = stamp_fingerprint
        self.ttl = ttl
        self._redis = None
        if ttl > 0:
            try:
                from ckan.lib.redis import connect_to_redis

                self._redis = connect_to_redis()
            except Exception as error:  # the cache is an optimisation, never a failure
                log.warning("DCAT fragment cache disabled: %s", error)

    def _key(self, dataset_id: str) -> str:
        return f"{_PREFIX}:{self.fingerprint}:{self._kind}:{dataset_id}"

    def get_many(self, stamps: Mapping[str, str]) -> dict[str, Fragment]:
        """Fragments of the datasets whose cached version has the given stamp (``metadata_modified``, review)."""
        if self._redis is None or not stamps:
            return {}
        ids = list(stamps)
        try:
            values = self._redis.mget([self._key(dataset_id) for dataset_id in ids])
        except Exception as error:
            log.warning("DCAT fragment cache read failed: %s", error)
            return {}
        found: dict[str, Fragment] = {}
        self._touch([self._key(dataset_id) for dataset_id, value in zip(ids, values, strict=True) if value])
        for dataset_id, value in zip(ids, values, strict=True):
            if not value:
                continue
            stamp, _, rest = bytes(value).partition(b"\n")
            uri, _, packed = rest.partition(b"\n")
            if stamp.decode() == stamps[dataset_id]:
                found[dataset_id] = Fragment(uri.decode(), zlib.decompress(packed).decode("utf-8"))
        return found

    def _touch(self, keys: list[str]) -> None:
        """Entries that are read live on: a dataset unchanged for longer than the TTL stays cached
        as long as harvesters keep crawling; only entries nobody reads (deleted datasets) expire."""
        if not keys or self._redis is None:
            return
        try:
            pipe = self._redis.pipeline(transaction=False)
            for key in keys:
                pipe.expire(key, self.ttl)
            pipe.execute()
        except Exception as error:
            log.warning("DCAT fragment cache refresh failed: %s", error)

    def put_many(self, entries: Iterable[tuple[str, str, Fragment]]) -> None:
        """Store ``(dataset_id, metadata_modified, fragment)`` entries."""
        if self._redis is None:
            return
        try:
            pipe = self._redis.pipeline(transaction=False)
            for dataset_id, stamp, item in entries:
                head = f"{stamp}\n{item.uri}\n".encode()
                value = head + zlib.compress(item.text.encode("utf-8"), 1)
                pipe.set(self._key(dataset_id), value, ex=self.ttl)
            pipe.execute()
        except Exception as error:
            log.warning("DCAT fragment cache write failed: %s", error)
