"""``kpilab course build`` as a trainer uses it, and its refusals."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()


def test_help_teaches() -> None:
    result = runner.invoke(app, ["course", "build", "--help"])
    assert result.exit_code == 0
    assert "generate_assignment" in result.output and "--lang" in result.output


def test_build_one_module_then_refuse_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "c"
    result = runner.invoke(app, ["course", "build", "--out", str(out), "--module", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "source" / "m1_sales" / "m1_sales.ipynb").is_file()
    assert (out / "nbgrader_config.py").read_text(encoding="utf-8").count("code_stub") == 1
    before = (out / "source" / "m1_sales" / "checks.json").read_bytes()
    again = runner.invoke(app, ["course", "build", "--out", str(out), "--module", "m1_sales"])
    assert again.exit_code == 2
    assert "--force" in again.output and len(again.output.strip().splitlines()) == 1
    assert (out / "source" / "m1_sales" / "checks.json").read_bytes() == before


def test_unknown_module_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "c"
    result = runner.invoke(app, ["course", "build", "--out", str(out), "--module", "9"])
    assert result.exit_code == 2
    assert "9" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (out / "source").exists()
