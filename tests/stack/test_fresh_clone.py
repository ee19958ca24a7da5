"""A new user's path, outside our development machines: `git clone`, `make run`, release a dataset.

The clone lies in a temporary folder with no ``../shared`` beside it, so the official DCAT-AP.de
shapes can only come from the install step (here from ``JENA_SHAPES_DIR``, a copy, as the README
tells an offline user). The clone gets its own virtualenv through `make run` (the pip cache
makes that a minute or two); the dataset then goes from draft through review to published on
the running portal, which needs the shapes for the DCAT-AP.de gate, and the README's
`ckan … jena dcat validate` / `warm` run from the shell against it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import requests

import jena_shapes
from jena_stack.lock import command_line
from tests.ethics.support import PASSING
from tests.release.support import COMPLETE_FIELDS, PASSWORD
from tests.stack.portal import ROOT, PortalRun


class CloneRun(PortalRun):
    """`make run` in a fresh clone (its own .venv, var/ and ports)."""

    def __init__(self, clone: Path, shapes_copy: Path) -> None:
        super().__init__(clone / "var", env_extra={"JENA_SHAPES_DIR": str(shapes_copy)})
        for name in ("VIRTUAL_ENV", "PYTHONPATH", "JENA_TEST_DIR"):
            self.env.pop(name, None)
        self.clone = clone
        self.command = ["make", "run"]
        self.cwd = clone

    def kill_if_running(self) -> None:
        """Ctrl-C as in a terminal: to the whole process group, since `make` does not pass SIGINT on
        to `jena-stack run` (signalling only `make` left the portal running after the test)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGINT)
            self.proc.wait(90)
            # `make` may exit before its child has stopped its servers; wait for the group to empty.
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and _group_alive(self.proc.pid):
                time.sleep(0.5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        if _group_alive(self.proc.pid):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def ckan(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.clone / ".venv" / "bin" / "ckan"), "-c", str(self.var_dir / "ckan.ini"), *args],
            cwd=self.clone,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _processes_of(clone: Path) -> list[str]:
    """Command lines of running processes that belong to the clone (its .venv or var folder)."""
    running = ((proc.name, command_line(int(proc.name))) for proc in Path("/proc").iterdir() if proc.name.isdigit())
    return [f"{pid}: {command[:200]}" for pid, command in running if str(clone) in command]


class Api:
    def __init__(self, base: str, token: str | None = None) -> None:
        self.base = base
        self.headers = {"Authorization": token} if token else {}

    def __call__(self, action: str, **data: Any) -> Any:
        response = requests.post(f"{self.base}/api/3/action/{action}", json=data, headers=self.headers, timeout=120)
        body = response.json()
        assert body["success"], f"{action}: {response.status_code} {body.get('error')}"
        return body["result"]


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    target = tmp_path / "neu" / "offene-daten-jena"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True, timeout=120)
    assert not (target.parent.parent / "shared").exists() and not (target.parent / "shared").exists()
    return target


def test_fresh_clone_without_shared_releases_a_dataset(clone: Path, tmp_path: Path) -> None:
    shapes_copy = tmp_path / "dcat-ap-de-kopie"
    shutil.copytree(jena_shapes.default_directory(), shapes_copy)
    run = CloneRun(clone, shapes_copy)
    run.start()
    try:
        run.wait_ready(timeout=900)
        assert (clone / ".venv/share/jena/dcat-ap-de/v3.0/dcat-ap-SHACL-DE.ttl").is_file()
        assert "DCAT-AP.de shapes: copied" in run.output and "shapes are missing" not in run.output
        base = f"http://127.0.0.1:{run.port}"

        added = run.ckan("user", "token", "add", "admin", "fresh-clone")
        assert added.returncode == 0, added.stderr
        sysadmin = Api(base, added.stdout.strip().splitlines()[-1].strip())
        department = sysadmin("organization_create", name="umwelt", title="Umwelt- und Naturschutz")
        tokens = {}
        for name, role in (("berger", "editor"), ("schulz", "admin")):
            sysadmin("user_create", name=name, email=f"{name}@jena.de", password=PASSWORD, fullname=name.title())
            sysadmin("organization_member_create", id=department["id"], username=name, role=role)
            tokens[name] = sysadmin("api_token_create", user=name, name="test")["token"]
        editor, reviewer, public = Api(base, tokens["berger"]), Api(base, tokens["schulz"]), Api(base)

        dataset = editor(
            "package_create",
            name="trinkwasserbrunnen",
            title="Standorte der Trinkwasserbrunnen",
            owner_org=department["id"],
            **COMPLETE_FIELDS,
        )
        editor("jena_checklist_update", id=dataset["id"], answers=PASSING)
        editor("jena_release_submit", id=dataset["id"])
        reviewer("jena_release_approve", id=dataset["id"])

        shown = public("package_show", id="trinkwasserbrunnen")
        assert shown["title"] == "Standorte der Trinkwasserbrunnen"
        assert reviewer("jena_release_show", id=dataset["id"])["state"] == "published"

        validate = run.ckan("jena", "dcat", "validate")
        assert validate.returncode == 0, validate.stdout + validate.stderr
        assert "1 Datensatz/Datensätze geprüft: 1 erfüllen DCAT-AP.de 3.0" in validate.stdout
        warm = run.ckan("jena", "dcat", "warm")
        assert warm.returncode == 0, warm.stdout + warm.stderr
        assert "1 Datensätze für den DCAT-Katalog bereit" in warm.stdout
    finally:
        run.kill_if_running()
    # Ctrl-C on `make run` stops everything it started (no server of the clone keeps running).
    assert _processes_of(clone) == []
