"""``ckan jena ...`` commands."""

from __future__ import annotations

from pathlib import Path

import click

from ckanext.jena import bootstrap as bootstrap_logic
from ckanext.jena import config
from ckanext.jena.dcat.cli import dcat
from ckanext.jena.demo.cli import demo
from ckanext.jena.links.cli import links
from ckanext.jena.quality.cli import digest
from ckanext.jena.quality.cockpit_cli import cockpit

__all__ = ["jena"]


@click.group(short_help="Jena portal commands")
def jena() -> None:
    """Commands of the Jena open-data portal."""


@jena.command("bootstrap")
@click.pass_context
def bootstrap(ctx: click.Context) -> None:
    """Migrate the database (core and plugins), create the sysadmin, load demo data once."""
    from ckan.cli.db import upgrade

    ctx.invoke(upgrade, version="head", plugin=None, skip_core=False, skip_plugins=False)
    credentials = config.admin_credentials_file()
    if credentials:
        path = Path(credentials)
        if bootstrap_logic.ensure_sysadmin(path):
            click.secho(f"Created sysadmin account; credentials (shown once):\n{path.read_text()}", fg="yellow")
            click.echo(f"They are kept in {path}.")
    if config.demo_load_on_bootstrap() and not bootstrap_logic.demo_data_loaded():
        from ckanext.jena.demo.loader import load_demo_data

        click.echo("Loading the demo data of the city of Jena (once) ...")
        load_demo_data(progress=True)
        bootstrap_logic.mark_demo_data_loaded()
    from ckanext.jena.dcat.warming import queue_warm_up_if_stale

    if queue_warm_up_if_stale():
        click.echo("DCAT catalog: settings or version changed; the background worker serializes it anew.")


@jena.command("harvest-consumer")
@click.argument("queue", type=click.Choice(["gather", "fetch"]))
def harvest_consumer(queue: str) -> None:
    """Run a harvest queue consumer that keeps running through idle periods."""
    from ckanext.jena import harvest_consumers

    if queue == "gather":
        harvest_consumers.gather_consumer()
    else:
        harvest_consumers.fetch_consumer()


jena.add_command(dcat)
jena.add_command(demo)
jena.add_command(digest)
jena.add_command(links)
jena.add_command(cockpit)
