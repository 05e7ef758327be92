"""The kpilab command line, as a trainer would use it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.indicators import REGISTRY
from generator.schema import TABLES

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_indicators_json_lists_every_id():
    result = run("indicators", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["id"] for r in rows} == set(REGISTRY)
    assert all(r["formula"] and r["name_zh"] and r["name_en"] for r in rows)


def test_indicators_filter_by_module_and_language():
    rows = json.loads(run("indicators", "--format", "json", "--module", "4", "--lang", "en").output)
    assert [r["id"] for r in rows] == [
        "first_response_time", "first_response_time_p90", "resolution_rate",
        "first_contact_resolution", "resolution_time",
    ]  # fmt: skip
    assert rows[0]["name"] == "First response time (median)"


def test_indicators_markdown_and_table():
    md = run("indicators", "--format", "markdown", "--module", "1")
    assert md.exit_code == 0
    assert md.output.splitlines()[0] == "| 编号 | 名称 | 单位 | 模块 | 公式 |"
    assert "| `aov` | 客单价 |" in md.output
    table = run("indicators", "--lang", "en")
    assert table.exit_code == 0 and "Cooperation index" in table.output


@pytest.mark.parametrize("args", [["--module", "9"], ["--lang", "fr"], ["--format", "xml"]])
def test_indicators_bad_options_exit_2(args):
    assert run("indicators", *args).exit_code == 2


def test_schema_json_exports_every_table():
    result = run("schema", "--format", "json")
    assert result.exit_code == 0
    names = [t["name"] for t in json.loads(result.output)["tables"]]
    assert names == list(TABLES)


def test_schema_one_table_and_unknown_table():
    assert "customer_id" in run("schema", "--table", "orders").output
    bad = run("schema", "--table", "nope")
    assert bad.exit_code == 2
    assert "未知的表 'nope'" in bad.output and "customers" in bad.output


def test_schema_markdown_is_the_data_dictionary():
    result = run("schema", "--format", "markdown", "--lang", "en", "--table", "leads")
    assert result.output.startswith("# Data dictionary")
    assert "## `leads` Leads" in result.output


def test_glossary_check_detects_stale_files(tmp_path):
    assert run("glossary", "--check", "--root", str(tmp_path)).exit_code == 2
    assert run("glossary", "--root", str(tmp_path)).exit_code == 0
    assert run("glossary", "--check", "--root", str(tmp_path)).exit_code == 0


def test_help_of_every_command():
    for cmd in ("indicators", "schema", "glossary", "demo", "generate", "problems"):
        result = run(cmd, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_demo_generates_the_default_case_and_summarises_it(tmp_path):
    """The README's main job: the console entry point builds a case and prints a summary."""
    demo = subprocess.run(
        [sys.executable, "-m", "generator.cli", "demo", "--out", str(tmp_path / "demo")],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    )  # fmt: skip
    assert "orders" in demo.stdout and "销售额 Revenue" in demo.stdout
    assert str(tmp_path / "demo" / "data") in demo.stdout.replace("\n", "")
    assert (tmp_path / "demo/data/orders.parquet").is_file()
    assert (tmp_path / "demo/instructor/answer_key.json").is_file()
