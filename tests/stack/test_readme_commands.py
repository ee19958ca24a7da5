"""Every ``ckan …`` command the README shows exists: run through the real ``ckan`` console
entry point as a subprocess, so a command group that is never attached fails here (the
in-process tests invoke click groups directly and could not see it)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# `ckan <words>`, `.venv/bin/ckan -c <ini> <words>`, `docker compose exec ckan ckan -c <ini> <words>`;
# the words end at the first option or argument.
_CKAN_COMMAND = re.compile(r"(?:`|\.venv/bin/|exec \S+ )ckan(?: -c \S+)?((?: [a-z][a-z-]*)+)")


def readme_ckan_commands() -> list[tuple[str, ...]]:
    commands = {tuple(match.group(1).split()) for match in _CKAN_COMMAND.finditer((ROOT / "README.md").read_text())}
    return sorted(commands)


def run_ckan(ini: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CKAN_INI": ini}
    return subprocess.run(
        [str(BIN / "ckan"), "-c", ini, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_readme_names_the_dcat_commands() -> None:
    assert ("jena", "dcat", "validate") in readme_ckan_commands()
    assert ("jena", "dcat", "warm") in readme_ckan_commands()


@pytest.mark.parametrize("words", readme_ckan_commands(), ids=" ".join)
def test_every_readme_ckan_command_exists(words: tuple[str, ...], request: pytest.FixtureRequest) -> None:
    result = run_ckan(str(request.config.getoption("ckan_ini")), *words, "--help")
    assert result.returncode == 0, f"`ckan {' '.join(words)}` does not exist:\n{result.stdout}\n{result.stderr}"
    assert "Usage:" in result.stdout
    assert "No such command" not in result.stdout + result.stderr


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
class TestDcatCommandsFromTheShell:
    """`ckan -c … jena dcat validate` and `… jena dcat warm` really run (empty catalog)."""

    def test_validate(self, request: pytest.FixtureRequest) -> None:
        result = run_ckan(str(request.config.getoption("ckan_ini")), "jena", "dcat", "validate")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 Datensatz/Datensätze geprüft: 0 erfüllen DCAT-AP.de 3.0, 0 mit Verstößen" in result.stdout

    def test_warm(self, request: pytest.FixtureRequest) -> None:
        result = run_ckan(str(request.config.getoption("ckan_ini")), "jena", "dcat", "warm")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 Datensätze für den DCAT-Katalog bereit" in result.stdout


@pytest.mark.parametrize("script", ["jena-stack", "jena-shapes", "jena-search"])
def test_console_scripts_exist(script: str) -> None:
    result = subprocess.run([str(BIN / script), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
