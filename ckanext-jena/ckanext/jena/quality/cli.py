"""``ckan jena digest ...``: the weekly data-management e-mail on the command line."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["digest"]


@click.group(short_help="Weekly data-management e-mail")
def digest() -> None:
    """The weekly e-mail to responsible people and department admins (the job worker sends it weekly)."""


@digest.command("send")
@click.option("--dry-run", is_flag=True, help="Compose and list the e-mails, send nothing.")
def send(dry_run: bool) -> None:
    """Send the weekly e-mails now (to everybody with something to do who did not turn them off)."""
    from ckanext.jena.quality import digest as weekly
    from ckanext.jena.release.scheduling import with_request_context

    bar: dict[str, Any] = {}

    def start(total: int) -> None:
        click.echo(f"{total} recipient(s) with something to do{' (dry run: nothing is sent)' if dry_run else ''} ...")
        bar["bar"] = click.progressbar(length=total, label="E-mails", show_pos=True).__enter__()

    def step(item: Any, sent: bool) -> None:
        bar["bar"].update(1)
        if dry_run:
            click.echo(
                f"  {item.user.name}: {len(item.overdue)} overdue, {len(item.broken)} with broken links, "
                f"{len(item.reviews)} review(s)"
            )

    try:
        summary = with_request_context(lambda: weekly.send(dry_run=dry_run, on_start=start, progress=step))
    finally:
        if "bar" in bar:
            bar["bar"].__exit__(None, None, None)
    click.echo(summary.text())
