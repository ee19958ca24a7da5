"""``jena-shapes install`` (the install step's shapes part), run as the real console script.

A local HTTP server on 127.0.0.1 stands in for the public origins with the same paths
(``/<repository>/<commit>/<path>``), filled with the files the install step verified for this
checkout; neither ``JENA_SHAPES_DIR`` nor a local copy is offered, as on a user's machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import jena_shapes
from jena_shapes.manifest import file_sha256
from jena_stack.ports import free_port

JENA_SHAPES = Path(sys.executable).with_name("jena-shapes")
ENTRIES = jena_shapes.read_manifest()
FIRST = ENTRIES[0].local_file


def run_install(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("JENA_SHAPES")}
    environment.update(env or {})
    return subprocess.run(
        [str(JENA_SHAPES), *args], env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def installed_hashes(target: Path) -> dict[str, str]:
    return {entry.local_file: file_sha256(target / entry.local_file) for entry in ENTRIES}


@pytest.fixture(scope="module")
def verified_copy() -> Path:
    """The files this checkout's install step verified (the portal's data folder)."""
    folder = jena_shapes.default_directory()
    assert not jena_shapes.missing_files(folder), f"the install step did not fill {folder}"
    return folder


@pytest.fixture
def origin(file_server: tuple[str, Path], verified_copy: Path) -> tuple[str, Path]:
    """A raw-file server with every manifest file at ``/<repository>/<commit>/<path>``."""
    base_url, root = file_server
    for entry in ENTRIES:
        path = root / entry.repository / entry.commit / entry.path_in_repository
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(verified_copy / entry.local_file, path)
    return base_url, root


def test_download_installs_every_file_verified(tmp_path: Path, origin: tuple[str, Path], verified_copy: Path) -> None:
    target = tmp_path / "share" / "dcat-ap-de"

    result = run_install("install", "--target", str(target), env={"JENA_SHAPES_BASE_URL": origin[0]})

    assert result.returncode == 0, result.stderr
    assert f"downloaded {len(ENTRIES)} files from {origin[0]}" in result.stdout
    assert installed_hashes(target) == {entry.local_file: entry.sha256 for entry in ENTRIES}
    assert (target / jena_shapes.COMPLETE_MARKER).is_file()
    # The DCAT-AP.de 2.0 files live under "Releases/DCAT-AP.de V2.0/": the space is URL-encoded.
    assert any(" " in entry.path_in_repository for entry in ENTRIES)

    again = run_install("install", "--target", str(target), env={"JENA_SHAPES_BASE_URL": origin[0]})
    assert again.returncode == 0 and "already installed and verified" in again.stdout


def test_one_changed_byte_refuses_the_install_and_names_the_file(tmp_path: Path, origin: tuple[str, Path]) -> None:
    base_url, root = origin
    entry = ENTRIES[3]
    served = root / entry.repository / entry.commit / entry.path_in_repository
    content = bytearray(served.read_bytes())
    content[len(content) // 2] ^= 0x01
    served.write_bytes(bytes(content))
    target = tmp_path / "dcat-ap-de"

    result = run_install("install", "--target", str(target), env={"JENA_SHAPES_BASE_URL": base_url})

    assert result.returncode == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0, message
    assert f"The DCAT-AP.de file {entry.local_file} from {base_url}/" in message
    assert "does not match its SHA-256 in MANIFEST.tsv" in message
    assert "nothing was installed" in message and "JENA_SHAPES_DIR" in message
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dcat-ap-de")] == []


def test_a_refused_update_keeps_the_installed_folder(tmp_path: Path, origin: tuple[str, Path]) -> None:
    base_url, root = origin
    target = tmp_path / "dcat-ap-de"
    assert run_install("install", "--target", str(target), env={"JENA_SHAPES_BASE_URL": base_url}).returncode == 0
    (target / jena_shapes.COMPLETE_MARKER).unlink()  # as if an older manifest had filled it
    entry = ENTRIES[-1]
    (root / entry.repository / entry.commit / entry.path_in_repository).write_bytes(b"not the file")

    result = run_install("install", "--target", str(target), env={"JENA_SHAPES_BASE_URL": base_url})

    assert result.returncode == 1 and entry.local_file in result.stderr
    assert installed_hashes(target) == {e.local_file: e.sha256 for e in ENTRIES}


def test_server_down_gives_a_clear_sentence(tmp_path: Path) -> None:
    base_url = f"http://127.0.0.1:{free_port()}"
    target = tmp_path / "dcat-ap-de"

    result = run_install("install", "--target", str(target), env={"JENA_SHAPES_BASE_URL": base_url})

    assert result.returncode == 1
    message = result.stderr.strip()
    assert message.startswith(f"[jena] Could not download the DCAT-AP.de file {FIRST} from {base_url}/"), message
    assert "Connection refused" in message
    assert "check the internet connection or, offline, set JENA_SHAPES_DIR" in message
    assert "Traceback" not in result.stderr and not target.exists()


def test_jena_shapes_dir_comes_first_and_is_checked_too(
    tmp_path: Path, verified_copy: Path, origin: tuple[str, Path]
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(verified_copy, copy)
    local = tmp_path / "local-source"  # would be ../shared on our machines: not used when JENA_SHAPES_DIR is set
    local.mkdir()
    target = tmp_path / "dcat-ap-de"
    env = {"JENA_SHAPES_DIR": str(copy), "JENA_SHAPES_BASE_URL": origin[0]}

    result = run_install("install", "--target", str(target), "--local-source", str(local), env=env)

    assert result.returncode == 0, result.stderr
    assert f"copied {len(ENTRIES)} files from JENA_SHAPES_DIR ({copy})" in result.stdout

    (copy / FIRST).write_text("# edited by hand\n")
    other = tmp_path / "other"
    refused = run_install("install", "--target", str(other), env=env)
    assert refused.returncode == 1
    assert f"The DCAT-AP.de file {FIRST} from {copy / FIRST} does not match its SHA-256" in refused.stderr
    assert not other.exists()

    (copy / FIRST).unlink()
    missing = run_install("install", "--target", str(other), env=env)
    assert missing.returncode == 1
    assert f"The DCAT-AP.de file {FIRST} is missing in {copy}" in missing.stderr


def test_local_source_is_used_when_present(tmp_path: Path, verified_copy: Path) -> None:
    target = tmp_path / "dcat-ap-de"
    offline = f"http://127.0.0.1:{free_port()}"  # would fail: the local copy must be taken instead

    result = run_install(
        "install", "--target", str(target), "--local-source", str(verified_copy), env={"JENA_SHAPES_BASE_URL": offline}
    )

    assert result.returncode == 0, result.stderr
    assert f"copied {len(ENTRIES)} files from the local copy {verified_copy}" in result.stdout


def test_check_says_what_is_missing(tmp_path: Path, verified_copy: Path) -> None:
    empty = tmp_path / "empty"

    result = run_install("check", "--target", str(empty))

    assert result.returncode == 1
    assert f"The official DCAT-AP.de shapes are missing in {empty} ({len(ENTRIES)} file(s), e.g. {FIRST})" in (
        result.stderr
    )
    assert "make install" in result.stderr
    assert run_install("check", "--target", str(verified_copy)).returncode == 0


def test_manifest_names_origin_commit_checksum_and_licence() -> None:
    assert len(ENTRIES) == 19
    for entry in ENTRIES:
        assert entry.repository in {
            "GovDataOfficial/DCAT-AP.de-SHACL-Validation",
            "GovDataOfficial/DCAT-AP.de",
            "SEMICeu/DCAT-AP",
        }
        assert len(entry.commit) == 40 and len(entry.sha256) == 64 and entry.licence
    assert ENTRIES[6].url("https://example.org").endswith("/Releases/DCAT-AP.de%20V2.0/shacl/dcat-ap-de-deprecated.ttl")


def test_no_shape_file_is_committed() -> None:
    """The files are third-party data: the repository holds the manifest, never a copy."""
    root = Path(__file__).resolve().parents[2]
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True).stdout
    hashes = {entry.sha256 for entry in ENTRIES}
    copies = [
        name
        for name in tracked.decode().split("\0")
        if name and (root / name).is_file() and file_sha256(root / name) in hashes
    ]
    assert copies == []


def test_make_run_says_at_start_when_the_shapes_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from jena_stack.run import say_if_shapes_missing

    say_if_shapes_missing()
    assert capsys.readouterr().out == ""  # this checkout's install step filled the folder

    monkeypatch.setattr(sys, "prefix", str(tmp_path))  # another virtualenv, never installed
    say_if_shapes_missing()
    folder = tmp_path / "share" / "jena" / "dcat-ap-de"
    assert capsys.readouterr().out == (
        f"[jena] The official DCAT-AP.de shapes are missing in {folder} ({FIRST} and {len(ENTRIES) - 1} more), "
        "so no dataset can be released: run 'make install' (offline: JENA_SHAPES_DIR=/path/to/copy make install).\n"
    )
