"""``jena-stack``: run the portal (``run``) or the test suite (``test``) on the embedded stack."""

from __future__ import annotations

import argparse
import os
import sys

from jena_stack.errors import StackError
from jena_stack.layout import find_root
from jena_stack.ports import port_from_env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jena-stack", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="start the whole portal (PORT sets the web port, default 5000)")
    run_parser.add_argument("--port", type=int, default=None)
    sub.add_parser("test", help="run the test suite on its own embedded stack; extra arguments go to pytest")
    config_parser = sub.add_parser("config", help="write an instance ckan.ini from environment variables (containers)")
    config_parser.add_argument("--output", required=True)
    sub.add_parser(
        "datastore-permissions", help="grant the DataStore's read-only role its rights (containers; idempotent)"
    )
    args, rest = parser.parse_known_args(argv)
    try:
        root = find_root()
        if args.command == "run":
            from jena_stack.run import DEFAULT_WEB_PORT, run

            if rest:
                parser.error(f"unrecognized arguments: {' '.join(rest)}")
            port = args.port or port_from_env(dict(os.environ), "PORT", DEFAULT_WEB_PORT)
            return run(root, port)
        if args.command == "config":
            from pathlib import Path

            from jena_stack.ckan_config import from_environment

            if rest:
                parser.error(f"unrecognized arguments: {' '.join(rest)}")
            from_environment(dict(os.environ), root / "deploy" / "ckan.base.ini").write(Path(args.output))
            return 0
        if args.command == "datastore-permissions":
            from jena_stack.datastore import apply_permissions_from_environment

            apply_permissions_from_environment(dict(os.environ))
            return 0
        from jena_stack.testing import run_tests

        return run_tests(root, rest)
    except StackError as error:
        print(f"[jena] {error}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
