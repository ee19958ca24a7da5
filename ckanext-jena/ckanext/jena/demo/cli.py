"""``ckan jena demo ...``: load the demo catalogue, generate synthetic catalogues.

The group object is :data:`demo`; ``ckanext/jena/cli.py`` attaches it under ``jena``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

import click

__all__ = ["demo"]


@click.group(short_help="Demo data and synthetic catalogues")
def demo() -> None:
    """Demo data of the city of Jena and synthetic catalogues for benchmarks."""


@demo.command("load")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder with organizations.yaml and datasets.yaml (default: the shipped demo data).",
)
def load(quiet: bool, data_dir: Path | None) -> None:
    """Create or update the demo departments and datasets (idempotent)."""
    from ckanext.jena.demo.loader import DemoLoadError, load_demo_data
    from ckanext.jena.demo.source import DemoSourceError

    try:
        report = load_demo_data(progress=not quiet, data_dir=data_dir)
    except (DemoLoadError, DemoSourceError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.summary())


@demo.command("generate")
@click.option("--count", type=click.IntRange(min=1), required=True, help="Number of datasets.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same catalogue.")
@click.option("--batch-size", type=click.IntRange(min=1), default=200, show_default=True)
@click.option(
    "--output",
    type=click.File("w", encoding="utf-8"),
    help="Write the datasets as JSON lines to this file ('-' for stdout) instead of loading them.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def generate(count: int, seed: int, batch_size: int, output: TextIO | None, quiet: bool) -> None:
    """Create COUNT synthetic datasets through the Action API (or write them with --output)."""
    from ckanext.jena.demo.synthetic import generate_datasets

    if output is not None:
        for dataset in generate_datasets(count, seed):
            output.write(json.dumps(dataset, ensure_ascii=False) + "\n")
        return

    from ckanext.jena.demo.catalog import generate_catalog
    from ckanext.jena.demo.loader import DemoLoadError

    try:
        report = generate_catalog(count, seed, progress=not quiet, batch_size=batch_size)
    except DemoLoadError as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.summary())
