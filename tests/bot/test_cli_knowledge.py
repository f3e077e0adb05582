"""The curators' commands as a user runs them: load, check, export, db, status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

SEEDS = sorted(str(p) for p in (REPO / "knowledge" / "data").glob("*.yaml"))


def tally(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` in a directory, as a user would."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DISCORD_TOKEN")
    }
    environment["PYTHONPATH"] = str(REPO)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=environment,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"


def test_load_reports_added_then_unchanged(tmp_path: Path, url: str) -> None:
    first = tally("load", "--db", url, *SEEDS, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "added: 3 sources, 2 groups, 13 entities, 4 metrics, 29 facts" in first.stdout
    second = tally("load", "--db", url, *SEEDS, cwd=tmp_path)
    assert "added: nothing" in second.stdout
    assert "unchanged: 3 sources, 2 groups, 13 entities, 4 metrics, 29 facts" in second.stdout


def test_bad_files_exit_2_list_every_problem_and_write_nothing(tmp_path: Path, url: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "facts:\n"
        "  - {entity: meta, metric: hopper-gpus, period: '2024-13', value: 1, source: seed-article}\n"
        "  - {entity: ghost, metric: hopper-gpus, period: '2024', value: x, source: seed-article}\n",
        encoding="utf-8",
    )
    result = tally("load", "--db", url, *SEEDS, str(bad), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert (
        f"{bad}:2: malformed period '2024-13' (expected YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM)" in lines
    )
    assert f"{bad}:3: value 'x' is not a number" in lines
    assert f"{bad}:3: unknown entity 'ghost'" in lines
    assert "Traceback" not in result.stderr
    status = tally("status", "--db", url, cwd=tmp_path)
    assert "holds: 0 sources, 0 groups, 0 entities, 0 metrics, 0 facts" in status.stdout


def test_check_validates_without_writing(tmp_path: Path, url: str) -> None:
    result = tally("check", *SEEDS, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok: 3 sources, 2 groups, 13 entities, 4 metrics, 29 facts"
    assert not (tmp_path / "var").exists()


def test_unreachable_database_gives_one_clear_line(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://tally:secret@127.0.0.1:9/nothing"
    result = tally("load", "--db", url, *SEEDS, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(
        "error: the database postgresql+asyncpg://tally:***@127.0.0.1:9/"
    )
    assert "secret" not in result.stderr


def test_export_yaml_to_a_file_and_csv_to_stdout(tmp_path: Path, url: str) -> None:
    tally("load", "--db", url, *SEEDS, cwd=tmp_path)
    out = tmp_path / "out.yaml"
    assert tally("export", "--db", url, "-o", str(out), cwd=tmp_path).returncode == 0
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(document["facts"]) == 29
    csv = tally("export", "--db", url, "--format", "csv", cwd=tmp_path).stdout.splitlines()
    assert csv[0].startswith("entity,metric,period,value,source")
    assert "microsoft,hopper-gpus,2024,485000,seed-article,true," in "\n".join(csv)


def test_embedded_default_is_seeded_and_database_url_is_not(tmp_path: Path, url: str) -> None:
    embedded = tally("status", cwd=tmp_path)
    assert "holds: 3 sources, 2 groups, 13 entities, 4 metrics, 29 facts" in embedded.stdout
    assert (tmp_path / "var" / "tally.db").exists()
    named = tally("status", cwd=tmp_path, env={"DATABASE_URL": url})
    assert "holds: 0 sources" in named.stdout


def test_db_upgrade_prints_the_revision(tmp_path: Path, url: str) -> None:
    result = tally("db", "upgrade", "--db", url, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("revision 0005")
