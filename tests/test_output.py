"""Writing a case to disk: layout, file formats, reproducible bytes and all-or-nothing writes."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from builders import company

from generator import output
from generator.output import OutputError, fingerprint, read_case, write_case
from generator.schema import validate

README_ZH = "# 案例说明\n"
README_EN = "# About this case\n"


def sample() -> dict[str, pd.DataFrame]:
    """Chinese text, money with float noise, dates, datetimes, bools and missing values."""
    return company(
        customers=[
            {"name": "张三", "gender": "male", "registered_at": "2025-03-01 08:05:09"},
            {"name": "北京星辰科技有限公司", "customer_type": "business"},
        ],
        products=[
            {"name": "保温杯", "unit_price": 4.1 * 3, "unit_cost": 0.1 + 0.2},
            {"name": "茶叶, 500g", "unit_price": 1234567890.5, "launched_at": "2025-02-03"},
        ],
        employees=[{"name": "李四"}],
        support_tickets=[
            {"customer_id": "C000001", "agent_id": "E0001", "is_complaint": True},
            {
                "customer_id": "C000002",
                "agent_id": "E0001",
                "resolved_at": "2025-01-02 10:30:00",
            },
        ],
        survey_responses=[
            {"customer_id": "C000001", "csat": 5, "comment": '很好，"物流"快'},
            {"customer_id": "C000002"},
        ],
        interactions=[
            {"customer_id": "C000001", "employee_id": "E0001", "feedback_quality": 0.1 + 0.2},
            {"customer_id": "C000002", "employee_id": "E0001"},
        ],
    )


def write(out: Path, frames: dict[str, pd.DataFrame] | None = None, **kwargs: object) -> Path:
    options: dict[str, object] = {"instructor": {"answer_key.json": "{}"}} | kwargs
    return write_case(
        out,
        sample() if frames is None else frames,
        readme_zh=README_ZH,
        readme_en=README_EN,
        **options,  # type: ignore[arg-type]
    )


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_layout(tmp_path: Path) -> None:
    instructor = {"answer_key.json": '{"a": 1}', "answer_key.md": "# 答案", "notes/x.bin": b"\0"}
    out = write(tmp_path / "case", instructor=instructor)
    assert out == tmp_path / "case"
    tables = sample()
    expected = {f"{t}.{ext}" for t in tables for ext in ("parquet", "csv")}
    assert {p.name for p in (out / "data").iterdir()} == expected | {"README.zh.md", "README.en.md"}
    assert (out / "data" / "README.zh.md").read_text(encoding="utf-8") == README_ZH
    assert (out / "data" / "README.en.md").read_text(encoding="utf-8") == README_EN
    assert (out / "instructor" / "answer_key.md").read_text(encoding="utf-8") == "# 答案"
    assert (out / "instructor" / "notes" / "x.bin").read_bytes() == b"\0"
    assert sorted(p.name for p in out.iterdir()) == ["data", "instructor"]
    assert leftovers(tmp_path) == []


def test_csv_has_bom_and_chinese_roundtrips(tmp_path: Path) -> None:
    out = write(tmp_path / "case")
    path = out / "data" / "customers.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert list(back.columns) == list(sample()["customers"].columns)
    assert back["name"].tolist() == ["张三", "北京星辰科技有限公司"]
    products = pd.read_csv(out / "data" / "products.csv", encoding="utf-8-sig")
    assert products["name"].tolist() == ["保温杯", "茶叶, 500g"]  # the comma stays in its cell
    survey = pd.read_csv(out / "data" / "survey_responses.csv", encoding="utf-8-sig")
    assert survey["comment"].iloc[0] == '很好，"物流"快'


def test_csv_formats_dates_bools_and_missing_values(tmp_path: Path) -> None:
    data = write(tmp_path / "case") / "data"
    customers = rows(data / "customers.csv")
    assert customers[0]["registered_at"] == "2025-03-01 08:05:09"
    assert customers[1]["registered_at"] == "2025-01-01 09:00:00"
    assert [c["gender"] for c in customers] == ["male", ""]
    assert [p["launched_at"] for p in rows(data / "products.csv")] == ["2025-01-01", "2025-02-03"]
    tickets = rows(data / "support_tickets.csv")
    assert [t["is_complaint"] for t in tickets] == ["true", "false"]
    assert [t["resolved_at"] for t in tickets] == ["", "2025-01-02 10:30:00"]
    survey = rows(data / "survey_responses.csv")
    assert [s["csat"] for s in survey] == ["5", ""]  # nullable integers: no "5.0", no "<NA>"
    assert survey[1]["comment"] == ""


def test_csv_money_has_two_decimals_and_floats_no_noise(tmp_path: Path) -> None:
    data = write(tmp_path / "case") / "data"
    products = rows(data / "products.csv")
    assert 4.1 * 3 != 12.3  # the frame really holds float noise
    assert [p["unit_price"] for p in products] == ["12.30", "1234567890.50"]
    assert products[0]["unit_cost"] == "0.30"
    interactions = rows(data / "interactions.csv")
    assert [i["feedback_quality"] for i in interactions] == ["0.3", ""]


def test_unknown_table_formats_follow_dtypes(tmp_path: Path) -> None:
    extra = pd.DataFrame(
        {
            "day": pd.to_datetime(["2025-01-01", "2025-01-02"]),
            "at": pd.to_datetime(
                ["2025-01-01 00:00:00", "2025-01-02 12:00:01.5"], format="ISO8601"
            ),
            "ratio": [1 / 3, None],
            "flag": [True, False],
            "n": pd.array([1, None], dtype="Int64"),
        }
    )
    data = write(tmp_path / "case", {"notes": extra}) / "data"
    assert rows(data / "notes.csv") == [
        {"day": "2025-01-01", "at": "2025-01-01 00:00:00", "ratio": "0.333333333333333"}
        | {"flag": "true", "n": "1"},
        {"day": "2025-01-02", "at": "2025-01-02 12:00:01", "ratio": "", "flag": "false", "n": ""},
    ]
    pd.testing.assert_frame_equal(read_case(data.parent)["notes"], extra)


def test_parquet_roundtrip_equals_input_and_validates(tmp_path: Path) -> None:
    frames = sample()
    back = read_case(write(tmp_path / "case", frames))
    assert list(back) == list(frames)
    for name, df in frames.items():
        pd.testing.assert_frame_equal(back[name], df, check_exact=True)
    assert validate(back) == []


def test_same_frames_give_identical_bytes_and_fingerprint(tmp_path: Path) -> None:
    formats = ("parquet", "csv", "xlsx")
    a = write(tmp_path / "a" / "case", formats=formats)
    b = write(tmp_path / "b" / "case", formats=formats)
    files = sorted(p.name for p in (a / "data").iterdir())
    assert {"case.xlsx", "customers.csv", "customers.parquet"} <= set(files)
    for name in files:
        assert (a / "data" / name).read_bytes() == (b / "data" / name).read_bytes(), name
    assert fingerprint(a) == fingerprint(b)
    assert len(fingerprint(a)) == 64
    # Nothing that depends on when or where the case was written (both writes took < 1 s).
    meta = pq.read_schema(a / "data" / "customers.parquet").metadata[b"pandas"]
    assert b"pandas_version" not in meta and b'"attributes": {}' in meta
    with zipfile.ZipFile(a / "data" / "case.xlsx") as xlsx:
        assert {i.date_time[0] for i in xlsx.infolist()} == {1980}
        assert b"2000-01-01T00:00:00Z" in xlsx.read("docProps/core.xml")

    changed = sample()
    changed["customers"].loc[0, "name"] = "王五"
    c = write(tmp_path / "c" / "case", changed, formats=formats)
    assert fingerprint(c) != fingerprint(a)


def test_instructor_file_can_quote_the_fingerprint(tmp_path: Path) -> None:
    out = write(tmp_path / "case", instructor={"answer_key.json": lambda fp: f'{{"fp": "{fp}"}}'})
    key = (out / "instructor" / "answer_key.json").read_text(encoding="utf-8")
    assert key == f'{{"fp": "{fingerprint(out)}"}}'


def test_xlsx_has_one_sheet_per_table(tmp_path: Path) -> None:
    out = write(tmp_path / "demo", formats=("csv", "xlsx"))
    assert not list((out / "data").glob("*.parquet"))
    sheets = pd.read_excel(out / "data" / "demo.xlsx", sheet_name=None)
    assert list(sheets) == list(sample())
    customers = sheets["customers"]
    assert customers["name"].tolist() == ["张三", "北京星辰科技有限公司"]
    assert customers["registered_at"].iloc[0] == pd.Timestamp("2025-03-01 08:05:09")
    assert sheets["products"]["unit_price"].tolist() == [12.3, 1234567890.5]
    assert sheets["support_tickets"]["is_complaint"].tolist() == [True, False]
    assert pd.isna(sheets["survey_responses"]["csat"].iloc[1])


def test_xlsx_refuses_tables_longer_than_a_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "XLSX_MAX_ROWS", 1)
    with pytest.raises(OutputError, match=r"customers \(2 rows\)"):
        write(tmp_path / "case", formats=("xlsx",))
    assert list(tmp_path.iterdir()) == []


def test_existing_case_is_refused_and_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "case"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    with pytest.raises(OutputError) as err:
        write(out)
    assert str(err.value) == f"{out}: already exists; choose another --out or pass --overwrite"
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    assert leftovers(tmp_path) == []


def test_empty_existing_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    write(tmp_path / "case")
    assert (tmp_path / "case" / "data" / "customers.csv").exists()


def test_overwrite_replaces_an_existing_case(tmp_path: Path) -> None:
    out = write(tmp_path / "case", instructor={"old.md": "old"})
    changed = sample()
    changed["customers"].loc[0, "name"] = "王五"
    write(out, changed, instructor={"new.md": "new"}, overwrite=True)
    assert [p.name for p in (out / "instructor").iterdir()] == ["new.md"]
    assert read_case(out)["customers"]["name"].iloc[0] == "王五"
    assert leftovers(tmp_path) == []


def test_overwrite_refuses_a_folder_that_is_not_a_case(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "thesis.docx").write_text("precious")
    with pytest.raises(OutputError, match="not a kpilab case"):
        write(tmp_path / "home", overwrite=True)
    assert (tmp_path / "home" / "thesis.docx").read_text() == "precious"


@pytest.mark.parametrize("existing", [False, True])
def test_failure_midway_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    real = output._write_csv
    calls: list[str] = []

    def flaky(path: Path, table: pa.Table) -> None:
        calls.append(path.name)
        if len(calls) == 2:
            raise OSError("disk full")
        real(path, table)

    out = tmp_path / "new" / "deeper" / "case"
    if existing:
        out = write(tmp_path / "case", instructor={"old.md": "old"})
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    monkeypatch.setattr(output, "_write_csv", flaky)
    with pytest.raises(OSError, match="disk full"):
        write(out, overwrite=True, formats=("parquet", "csv", "xlsx"))
    assert calls == ["customers.csv", "products.csv"]
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before
    assert leftovers(tmp_path) == []
    assert existing or list(tmp_path.iterdir()) == []  # created parent folders are gone too


def test_parent_that_is_a_file_gives_a_one_line_error(tmp_path: Path) -> None:
    parent = tmp_path / "not_a_folder"
    parent.write_text("x")
    with pytest.raises(OutputError) as err:
        write(parent / "case")
    message = str(err.value)
    assert "\n" not in message and str(parent / "case") in message
    assert parent.read_text() == "x"


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "case").write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        write(tmp_path / "case", overwrite=True)


@pytest.mark.parametrize(
    ("tables", "instructor", "formats"),
    [
        ({"../evil": pd.DataFrame()}, {}, ("csv",)),
        ({}, {"/etc/passwd": ""}, ("csv",)),
        ({}, {"../x": ""}, ("csv",)),
        ({}, {}, ("csv", "pdf")),
        ({}, {}, ()),
    ],
)
def test_bad_names_and_formats_are_refused(
    tmp_path: Path, tables: dict[str, pd.DataFrame], instructor: dict[str, str], formats: tuple
) -> None:
    with pytest.raises(OutputError):
        write(tmp_path / "case", tables, instructor=instructor, formats=formats)
    assert list(tmp_path.iterdir()) == []


def test_progress_reports_each_table_once_written(tmp_path: Path) -> None:
    seen: list[str] = []
    out = tmp_path / "case"

    def progress(name: str) -> None:
        seen.append(name)
        assert any(p.name == f"{name}.parquet" for p in tmp_path.rglob("*.parquet"))

    write(out, progress=progress)
    assert seen == list(sample())
