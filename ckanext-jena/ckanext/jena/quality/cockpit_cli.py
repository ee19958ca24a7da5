"""``ckan jena cockpit ...``: the data-management cockpit on the command line."""

from __future__ import annotations

import click

__all__ = ["cockpit"]


@click.group(short_help="Data-management cockpit")
def cockpit() -> None:
    """The cockpit's daily snapshots (the job worker writes them on its schedule)."""


@cockpit.command("snapshot")
def snapshot() -> None:
    """Write today's snapshot of quality bands and overdue datasets per department now."""
    from ckanext.jena.quality import snapshots

    written = snapshots.take()
    click.echo(f"Snapshot written for {written} department(s).")
