"""``kpilab generate`` as a trainer uses it: good runs, and every bad input refused cleanly."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()


def gen(tmp_path, *args: str):
    return runner.invoke(app, ["generate", "--out", str(tmp_path / "case"), *args])


def test_generate_small_hotel_case(tmp_path):
    result = gen(tmp_path, "--profile", "hotel_chain", "--seed", "7", "--size", "small",
                 "--problem", "poor_cleaning:segment=S002,start=2025-05-01,severity=0.8")  # fmt: skip
    assert result.exit_code == 0, result.output
    data, instructor = tmp_path / "case/data", tmp_path / "case/instructor"
    assert (data / "stores.parquet").is_file() and (data / "stores.csv").is_file()
    assert (data / "README.zh.md").read_text(encoding="utf-8").startswith("# 连锁酒店案例数据字典")
    assert (data / "orders.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    key = json.loads((instructor / "answer_key.json").read_text(encoding="utf-8"))
    assert key["problems"][0]["segment"] == "S002" and key["problems"][0]["start"] == "2025-05-01"
    assert len(key["fingerprint"]) == 64
    assert "poor_cleaning" not in "".join(p.read_text(encoding="utf-8") for p in data.glob("*.md"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--profile", "bank"], "profile"),
        (
            ["--profile", "hotel_chain", "--problem", "bounce_spike"],
            "does not apply to hotel_chain",
        ),
        (["--profile", "hotel_chain", "--problem", "poor_cleaning:severity=5"], "severity"),
        (["--profile", "hotel_chain", "--problem", "poor_cleaning:segment=S999"], "segment"),
        (["--profile", "hotel_chain", "--problem", "poor_cleaning:start=2027-01-01"], "start"),
        (["--profile", "hotel_chain", "--problem", "poor_cleaning:colour=red"], "--problem"),
        (["--size", "huge"], "size"),
        (["--months", "99"], "months"),
        (["--start", "2025-03-15"], "first day of a month"),
        (["--format", "pdf"], "--format"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, args, message):
    result = gen(tmp_path, *args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.output
    assert not (tmp_path / "case").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".case")]


def test_bad_config_files(tmp_path):
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text('profile = "hotel_chain"\nseed = [', encoding="utf-8")
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text("profile: hotel_chain\nsede: 3\n", encoding="utf-8")
    for path, message in ((bad_toml, "not valid TOML"), (unknown, "sede: unknown field")):
        result = gen(tmp_path, "--config", str(path))
        assert result.exit_code == 2 and message in result.output, result.output
        assert not (tmp_path / "case").exists()


def test_config_file_and_json_schema(tmp_path):
    schema = json.loads(runner.invoke(app, ["generate", "--schema"]).output)
    assert schema["additionalProperties"] is False and "problems" in schema["properties"]
    case = tmp_path / "case.toml"
    case.write_text(
        'profile = "hotel_chain"\nseed = 3\nsize = "small"\n'
        '[[problems]]\nid = "slow_response"\nseverity = 0.9\n',
        encoding="utf-8",
    )
    result = gen(tmp_path, "--config", str(case))
    assert result.exit_code == 0, result.output
    key = json.loads((tmp_path / "case/instructor/answer_key.json").read_text(encoding="utf-8"))
    assert key["config"]["seed"] == 3 and key["problems"][0]["id"] == "slow_response"


def test_unwritable_output_and_existing_case(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["generate", "--size", "small", "--profile", "hotel_chain",
                                 "--out", str(blocker / "case")])  # fmt: skip
    assert result.exit_code == 2 and str(blocker) in result.output
    assert blocker.read_text(encoding="utf-8") == "x"


def test_problems_lists_every_problem():
    result = runner.invoke(app, ["problems", "--profile", "hotel_chain"])
    assert result.exit_code == 0
    assert "poor_cleaning" in result.output and "bounce_spike" not in result.output
