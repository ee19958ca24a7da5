"""Catalog pages: keyset paging over released datasets, Hydra links, ETag and Last-Modified.

Pages are cut on the immutable key ``(metadata_created, id)``: page *n+1* starts after the
last key of page *n*, and that key travels in the ``after`` parameter of the ``hydra:next``
link. Edits, new datasets or withdrawals during a crawl therefore never shift a dataset onto
a page the harvester has already read, or off a page it has yet to read.

Everything that decides a page's content (its datasets and their ``metadata_modified``, the
next cursor, on the first page the total and the catalog date) comes from one small database
query, so the ETag is known before any RDF is produced and a ``304`` costs almost nothing.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from ckan import model

from ckanext.jena import config
from ckanext.jena.model import JenaRelease

from .cache import fingerprint
from .review import review_stamps, stamp

__all__ = ["Cursor", "CursorError", "Page", "PageItem", "dataset_page_item", "read_page"]


class CursorError(ValueError):
    """The ``after`` parameter is not a cursor this endpoint issued."""


@dataclass(frozen=True)
class Cursor:
    created: dt.datetime
    id: str

    def token(self) -> str:
        raw = f"{self.created.isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def parse(cls, token: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            created, dataset_id = raw.split("|", 1)
            return cls(dt.datetime.fromisoformat(created), dataset_id)
        except (binascii.Error, UnicodeDecodeError, ValueError) as error:
            raise CursorError(token) from error


@dataclass(frozen=True)
class PageItem:
    id: str
    created: dt.datetime
    modified: dt.datetime
    # The data-ethics review changes the output without touching metadata_modified (review.py).
    review: str = ""
    review_changed: dt.datetime | None = None

    @property
    def stamp(self) -> str:
        return stamp(self.modified.isoformat(), self.review)

    @property
    def changed(self) -> dt.datetime:
        """The latest change of the dataset's output (Last-Modified)."""
        return max(self.modified, self.review_changed) if self.review_changed else self.modified


def _items(rows: list[Any]) -> tuple[PageItem, ...]:
    reviews = review_stamps(row[0] for row in rows)
    items = []
    for dataset_id, created, modified in rows:
        review = reviews.get(dataset_id)
        items.append(
            PageItem(dataset_id, created, modified, review.token if review else "", review.changed if review else None)
        )
    return tuple(items)


@dataclass(frozen=True)
class Page:
    items: tuple[PageItem, ...]
    after: Cursor | None
    next: Cursor | None
    per_page: int
    # Only on the first page (they change with every publication, later pages stay stable):
    total: int | None = None
    catalog_modified: dt.datetime | None = None
    # Latest change to any dataset in this page's key range, whatever its state.
    last_modified: dt.datetime | None = None

    @property
    def is_first(self) -> bool:
        return self.after is None

    def etag(self, fmt: str) -> str:
        parts = [fingerprint(), fmt, self.after.token() if self.after else "", str(self.per_page)]
        parts += [f"{item.id}@{item.stamp}" for item in self.items]
        parts += [self.next.token() if self.next else "", str(self.total or ""), str(self.catalog_modified or "")]
        return 'W/"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32] + '"'


def _released() -> sa.ColumnElement[bool]:
    package = model.Package
    return sa.and_(
        package.state == "active",
        package.private.is_(False),
        package.type.in_(config.dcat_dataset_types()),
    )


def _key_after(cursor: Cursor) -> sa.ColumnElement[bool]:
    package = model.Package
    return sa.tuple_(package.metadata_created, package.id) > sa.tuple_(
        sa.literal(cursor.created), sa.literal(cursor.id)
    )


def _last_public_change(after: Cursor | None, following: Cursor | None) -> dt.datetime | None:
    package, release = model.Package, JenaRelease
    once_released = sa.and_(package.id == release.package_id, release.published_at.is_not(None))
    candidates = (
        sa.select(sa.func.max(package.metadata_modified)).where(_released()),
        sa.select(sa.func.max(release.withdrawn_at)).where(once_released, package.state == "active"),
        sa.select(sa.func.max(package.metadata_modified)).where(once_released, package.state != "active"),
    )
    stamps = []
    for query in candidates:
        query = query.where(package.type.in_(config.dcat_dataset_types()))
        if after is not None:
            query = query.where(_key_after(after))
            if following is not None:
                query = query.where(sa.not_(_key_after(following)))
        stamp_ = model.Session.execute(query).scalar()
        if stamp_ is not None:
            stamps.append(stamp_.astimezone(dt.UTC).replace(tzinfo=None) if stamp_.tzinfo else stamp_)
    return max(stamps) if stamps else None


def read_page(after: Cursor | None, per_page: int) -> Page:
    """The released datasets after ``after`` (at most ``per_page``) and what the page headers need."""
    package = model.Package
    query = sa.select(package.id, package.metadata_created, package.metadata_modified).where(_released())
    if after is not None:
        query = query.where(_key_after(after))
    query = query.order_by(package.metadata_created, package.id).limit(per_page + 1)
    rows = model.Session.execute(query).all()
    items = _items(list(rows[:per_page]))
    following = Cursor(items[-1].created, items[-1].id) if len(rows) > per_page else None

    total = catalog_modified = None
    if after is None:
        total, catalog_modified = model.Session.execute(
            sa.select(sa.func.count(package.id), sa.func.max(package.metadata_modified)).where(_released())
        ).one()
    # Any public change in the page's key range (an edit of a released dataset, a withdrawal,
    # the deletion of a once released one) moves Last-Modified on; the first page also shows the
    # total and the catalog date, so any public change counts there. Edits of unreleased
    # datasets must not move it (outsiders would learn that they exist).
    last_modified = _last_public_change(after, following)
    reviewed = [item.review_changed for item in items if item.review_changed]
    if reviewed:
        last_modified = max([last_modified, *reviewed] if last_modified else reviewed)
    return Page(
        items=items,
        after=after,
        next=following,
        per_page=per_page,
        total=total,
        catalog_modified=catalog_modified,
        last_modified=last_modified,
    )


def dataset_page_item(id_or_name: str) -> PageItem | None:
    """The released dataset with this id or name, or ``None`` (unknown or not released)."""
    package = model.Package
    row = model.Session.execute(
        sa.select(package.id, package.metadata_created, package.metadata_modified)
        .where(_released())
        .where(sa.or_(package.id == id_or_name, package.name == id_or_name))
    ).first()
    return _items([tuple(row)])[0] if row else None
