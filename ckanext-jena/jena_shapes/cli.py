"""``jena-shapes``: install or check the official DCAT-AP.de files (used by deploy/install.sh and the Dockerfile).

Sources, first match wins: the folder named by ``JENA_SHAPES_DIR``; the folder given with
``--local-source`` if it exists (our development machines pass ``../shared/dcat-ap-de``);
otherwise the public origins at the pinned commits (``JENA_SHAPES_BASE_URL`` replaces the
address of the raw-file server, e.g. for a mirror).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .installer import DEFAULT_BASE_URL, ShapesInstallError, install
from .location import default_directory, is_complete, missing_files

__all__ = ["main"]


def _say(message: str, *, error: bool = False) -> None:
    print(f"[jena] {message}", file=sys.stderr if error else sys.stdout, flush=True)


def _source(local_source: str | None) -> tuple[Path | None, str]:
    """The local folder to copy from (or None: download) and a description for the log."""
    configured = os.environ.get("JENA_SHAPES_DIR")
    if configured:
        path = Path(configured).expanduser()
        if not path.is_dir():
            raise ShapesInstallError(
                f"JENA_SHAPES_DIR={configured} is not a folder; "
                "set it to the folder with the files listed in MANIFEST.tsv."
            )
        return path.resolve(), f"copied {{count}} files from JENA_SHAPES_DIR ({path.resolve()})"
    if local_source and Path(local_source).is_dir():
        path = Path(local_source).resolve()
        return path, f"copied {{count}} files from the local copy {path}"
    return None, "downloaded {count} files from {base_url} (pinned commits)"


def _install(args: argparse.Namespace) -> int:
    target = Path(args.target) if args.target else default_directory()
    base_url = os.environ.get("JENA_SHAPES_BASE_URL") or DEFAULT_BASE_URL
    try:
        source_dir, described = _source(args.local_source)
        count = install(
            target,
            source_dir=source_dir,
            base_url=base_url,
            report=(lambda line: None) if args.quiet else (lambda line: _say(f"  {line}")),
        )
    except ShapesInstallError as error:
        _say(str(error), error=True)
        return 1
    if count:
        _say(f"DCAT-AP.de shapes: {described.format(count=count, base_url=base_url)}, verified, in {target}.")
    elif not args.quiet:
        _say(f"DCAT-AP.de shapes: already installed and verified in {target}.")
    return 0


def _check(args: argparse.Namespace) -> int:
    target = Path(args.target) if args.target else default_directory()
    if is_complete(target):
        return 0
    missing = missing_files(target)
    what = f"{len(missing)} file(s), e.g. {missing[0]}" if missing else "the completion mark"
    _say(
        f"The official DCAT-AP.de shapes are missing in {target} ({what}): "
        "run 'make install' (offline: with JENA_SHAPES_DIR set).",
        error=True,
    )
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jena-shapes", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    install_cmd = commands.add_parser("install", help="install the files (verified) into the data folder")
    install_cmd.add_argument("--target", help=f"data folder (default: {default_directory()})")
    install_cmd.add_argument("--local-source", help="a local copy to use when JENA_SHAPES_DIR is not set")
    install_cmd.add_argument("--quiet", action="store_true", help="print only when something was installed")
    install_cmd.set_defaults(handler=_install)
    check_cmd = commands.add_parser("check", help="exit 1 with one sentence if the data folder is incomplete")
    check_cmd.add_argument("--target", help=f"data folder (default: {default_directory()})")
    check_cmd.set_defaults(handler=_check)
    path_cmd = commands.add_parser("path", help="print the default data folder")
    path_cmd.set_defaults(handler=lambda args: print(default_directory()) or 0)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
