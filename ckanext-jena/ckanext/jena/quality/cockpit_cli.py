"""``ckan jena cockpit ...``: the data-management cockpit on the command line."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["cockpit"]


@click.group(short_help="Data-management cockpit")
def cockpit() -> None:
    """The cockpit's daily snapshots (the job worker writes them on its schedule), its per-dataset
    state and the contact e-mails that bounce."""


@cockpit.command("snapshot")
def snapshot() -> None:
    """Write today's snapshot of quality bands and overdue datasets per department now."""
    from ckanext.jena.quality import snapshots

    written = snapshots.take()
    click.echo(f"Snapshot written for {written} department(s).")


@cockpit.command("rebuild")
def rebuild() -> None:
    """Recompute every dataset's cockpit state (score, freshness, defective links), e.g. after a deployment."""
    from ckanext.jena.quality import cockpit_state
    from ckanext.jena.release.scheduling import with_request_context

    bar: dict[str, Any] = {}

    def start(total: int) -> None:
        click.echo(f"{total} dataset(s) to score ...")
        bar["bar"] = click.progressbar(length=total, label="Datasets", show_pos=True).__enter__()

    try:
        written = with_request_context(
            lambda: cockpit_state.rebuild(on_start=start, progress=lambda done: bar["bar"].update(done))
        )
    finally:
        if "bar" in bar:
            bar["bar"].__exit__(None, None, None)
    click.echo(f"Cockpit state written for {written} dataset(s).")


@cockpit.command("bounce")
@click.argument("address")
@click.option("--reason", default="", help="What the mail system said (e.g. 550 5.1.1 user unknown).")
@click.option("--clear", is_flag=True, help="The address works again.")
def bounce(address: str, reason: str, clear: bool) -> None:
    """Record that mail to ADDRESS bounces (for the mail system's bounce handler to call): the
    cockpit lists the datasets whose contact e-mail it is."""
    from ckanext.jena.quality import cockpit_state

    if "@" not in address or len(address) > 254:
        raise click.BadParameter("not an e-mail address", param_hint="ADDRESS")
    if clear:
        found = cockpit_state.clear_bounce(address)
        click.echo(f"{address}: {'cleared' if found else 'was not recorded as bouncing'}.")
        return
    datasets = cockpit_state.record_bounce(address, reason or None)
    click.echo(f"{address} recorded as bouncing; contact e-mail of {datasets} dataset(s).")
