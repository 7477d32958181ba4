"""``reader check``: one line per finding, a summary on stderr, exit 0, 1 or 2 (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_without_textual

from reader.cli import main

CUT = '---\ntitle: "A guide to trains (and"\ndate: 2024-01-01\n---\nTrains run on time.\n'
FINE = "---\ntitle: Fine\ndate: 2024-01-01\n---\nAll is well here.\n"


def test_check_prints_compiler_lines_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cut.md").write_text(CUT, encoding="utf-8")
    (tmp_path / "fine.md").write_text(FINE, encoding="utf-8")
    assert main(["check", str(tmp_path), "--no-cache"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{tmp_path / 'cut.md'}:2:1: warning: title looks cut: its ( is never closed [cut-title]"
    ]
    assert captured.err == "reader: 1 warning in 1 of 2 posts\n"


def test_check_json_and_severity(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cut.md").write_text(CUT, encoding="utf-8")
    assert main(["check", str(tmp_path), "--json", "--no-cache"]) == 1
    (item,) = json.loads(capsys.readouterr().out)
    assert item == {
        "path": str(tmp_path / "cut.md"),
        "kind": "cut-title",
        "severity": "warning",
        "message": "title looks cut: its ( is never closed",
        "line": 2,
        "column": None,
        "field": "title",
    }
    assert main(["check", str(tmp_path), "--severity", "error", "--no-cache"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "reader: nothing at error or worse in 1 post"
        " (1 warning below --severity error, not shown)\n"
    )


def test_check_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--severity", "fatal"])
    assert exit_.value.code == 2


def test_check_never_imports_textual_nor_writes(tmp_path: Path) -> None:
    post = tmp_path / "cut.md"
    post.write_text(CUT, encoding="utf-8")
    before = post.stat().st_mtime_ns
    run_without_textual(f"from reader.cli import main\nmain(['check', {str(tmp_path)!r}])\n")
    assert post.read_text(encoding="utf-8") == CUT and post.stat().st_mtime_ns == before


def test_check_lists_each_file_in_line_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Library-wide findings (line 1) come before the file's later lines, not after."""
    (tmp_path / "a.md").write_text(CUT, encoding="utf-8")
    (tmp_path / "b.md").write_text(CUT.replace("on time", "late"), encoding="utf-8")
    assert main(["check", str(tmp_path), "--no-cache"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":", 2)[1] for line in lines if line.startswith(str(tmp_path / "a.md"))] == [
        "1",
        "2",
    ]
    assert "[duplicate-title]" in lines[0] and "[cut-title]" in lines[1]
