"""``ckan jena dcat ...``: check the DCAT-AP.de catalog (the group ``dcat`` is attached under ``jena``).

``ckan jena dcat validate`` checks every published dataset (or the ones named with
``--dataset``, whatever their state) against the official DCAT-AP.de shapes and prints each
violation in plain German for data managers; the exit status is 1 if any dataset violates.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import click

from ckanext.jena import config

__all__ = ["dcat"]


@click.group(short_help="DCAT-AP.de-Katalog prüfen / check the DCAT-AP.de catalog")
def dcat() -> None:
    """DCAT-AP.de: Katalog für GovData und das EU-Datenportal."""


def _site_context() -> dict[str, Any]:
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


def _named(names: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    for name in names:
        try:
            yield tk.get_action("package_show")(_site_context(), {"id": name})
        except tk.ObjectNotFound:
            click.secho(f"Datensatz „{name}“ nicht gefunden (dataset not found).", fg="red", err=True)
            sys.exit(2)


def _released() -> Iterator[dict[str, Any]]:
    from .catalog import read_page
    from .serializer import load_released

    after = None
    while True:
        page = read_page(after, config.dcat_datasets_per_page())
        yield from load_released([item.id for item in page.items])
        if page.next is None:
            return
        after = page.next


@dcat.command("validate")
@click.option(
    "--dataset", "names", multiple=True, metavar="NAME", help="Nur diesen Datensatz prüfen (mehrfach möglich)."
)
@click.option("--shapes", "version", type=click.Choice(["3.0", "2.0"]), default="3.0", show_default=True)
@click.option("--warnings/--no-warnings", "show_warnings", default=True, help="Hinweise (Warnungen) mit ausgeben.")
def validate(names: tuple[str, ...], version: str, show_warnings: bool) -> None:
    """Datensätze gegen die offiziellen DCAT-AP.de-Regeln (SHACL) prüfen."""
    from .shapes import ShapesUnavailableError
    from .validation import validate_dataset

    started = time.perf_counter()
    checked = failed = warnings = 0
    durations: list[float] = []
    try:
        for dataset in _named(names) if names else _released():
            report = validate_dataset(dataset, version=version)
            checked += 1
            warnings += len(report.warnings)
            durations.append(report.duration_ms)
            label = f"{dataset.get('title') or dataset['name']} ({dataset['name']})"
            if report.conforms:
                hint = f" – {len(report.warnings)} Hinweis(e)" if report.warnings else ""
                click.secho(f"✔ {label}: erfüllt DCAT-AP.de {version}{hint}", fg="green")
            else:
                failed += 1
                click.secho(
                    f"✘ {label}: {len(report.violations)} Verstoß/Verstöße gegen DCAT-AP.de {version}", fg="red"
                )
            for finding in report.violations:
                click.echo(f"    Verstoß: {finding.text('de')}")
            for finding in report.warnings if show_warnings else ():
                click.echo(f"    Hinweis: {finding.text('de')}")
    except ShapesUnavailableError as error:
        click.secho(error.message_de, fg="red", err=True)
        sys.exit(2)
    average = sum(durations) / len(durations) if durations else 0.0
    click.echo(
        f"{checked} Datensatz/Datensätze geprüft: {checked - failed} erfüllen DCAT-AP.de {version}, "
        f"{failed} mit Verstößen, {warnings} Hinweise; Ø {average:.0f} ms je Datensatz, "
        f"gesamt {time.perf_counter() - started:.1f} s."
    )
    if failed:
        sys.exit(1)


@dcat.command("warm")
def warm() -> None:
    """Alle veröffentlichten Datensätze vorab serialisieren (nach Updates oder Konfigurationsänderungen)."""
    from .warming import warm_all

    def progress(count: int, seconds: float) -> None:
        click.echo(f"… {count} Datensätze serialisiert ({seconds:.1f} s)")

    started = time.perf_counter()
    count = warm_all(progress)
    click.echo(f"{count} Datensätze für den DCAT-Katalog bereit ({time.perf_counter() - started:.1f} s).")
