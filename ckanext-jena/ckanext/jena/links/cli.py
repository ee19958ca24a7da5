"""``ckan jena links ...``: the link checker on the command line."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["links"]


@click.group(short_help="Link checker of released datasets")
def links() -> None:
    """Check the links of released datasets (the job worker does it on its schedule)."""


@links.command("check")
@click.option("--dataset", "dataset", default=None, help="Only this dataset (name or id); it must be released.")
def check(dataset: str | None) -> None:
    """Check the links now and store the results (as the scheduled job does)."""
    from ckanext.jena.links import job, targets

    if dataset is not None and not targets.released_ids(dataset):
        raise click.ClickException(
            f"Dataset {dataset!r} is not released (or does not exist): only released datasets are checked."
        )
    bar: dict[str, Any] = {}

    def start(total: int) -> None:
        click.echo(f"Checking {total} link(s) ...")
        bar["bar"] = click.progressbar(length=total, label="Links", show_pos=True).__enter__()

    def step(result: Any) -> None:
        bar["bar"].update(1)

    try:
        summary = job.run_check(dataset, progress=step, on_targets=start)
    finally:
        if "bar" in bar:
            bar["bar"].__exit__(None, None, None)
    click.echo(summary.text())
