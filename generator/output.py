"""Write a generated case to disk in one atomic step, and read it back.

A case folder holds ``data/`` (``<table>.parquet``, ``<table>.csv``, optionally ``<case>.xlsx``,
``README.zh.md``, ``README.en.md``) and ``instructor/`` (answer key and other trainer files).
The same frames give the same bytes (with the same pyarrow and xlsxwriter versions), so
:func:`fingerprint` identifies a case's data in its answer key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from .schema import TABLES, Column

FORMATS = ("parquet", "csv", "xlsx")
#: Data rows one Excel sheet holds (1,048,576 rows less the header).
XLSX_MAX_ROWS = 1_048_575
_BOM = b"\xef\xbb\xbf"
# xlsx files record a creation time; a fixed one keeps them reproducible.
_XLSX_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

#: What an ``instructor`` entry holds: the file's text or bytes, or a function of the data's
#: :func:`fingerprint` (so an answer key can quote the fingerprint of the data written with it).
InstructorFile = str | bytes | Callable[[str], str | bytes]


class OutputError(Exception):
    """A case cannot be written where asked; the message is one line naming the path."""


def write_case(
    out: Path,
    tables: Mapping[str, pd.DataFrame],
    *,
    instructor: Mapping[str, InstructorFile],
    readme_zh: str,
    readme_en: str,
    formats: Sequence[str] = ("parquet", "csv"),
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write ``tables`` and the instructor files to the case folder ``out``, all or nothing.

    Everything goes to a hidden sibling folder that one rename turns into ``out``; on any error
    it is removed and an existing ``out`` is left as it was. Indexes are not written. In CSV and
    xlsx, standard tables' columns follow their schema dtype (``date`` → ``YYYY-MM-DD``, money →
    two decimals), other columns their pandas dtype (all-midnight datetimes print as dates).

    Parameters
    ----------
    out : Path
        The case folder. Missing parent folders are created.
    tables : Mapping[str, pd.DataFrame]
        Table name → frame, written in this order.
    instructor : Mapping[str, str | bytes | Callable[[str], str | bytes]]
        Relative path → content (text as UTF-8); a callable gets the data's fingerprint.
    readme_zh, readme_en : str
        Texts of ``data/README.zh.md`` and ``data/README.en.md``.
    formats : Sequence[str]
        Any of ``"parquet"``, ``"csv"``, ``"xlsx"``. ``"xlsx"`` refuses tables longer than
        :data:`XLSX_MAX_ROWS` rather than truncating them, since a cut sheet would give
        indicator values that disagree with the answer key.
    overwrite : bool
        Replace an existing non-empty ``out`` (only if it holds a ``data`` folder).
    progress : Callable[[str], None], optional
        Called with each table's name once it is written in every format.

    Returns
    -------
    Path
        ``out``.

    Raises
    ------
    OutputError
        ``out`` exists (without ``overwrite``), is a file, or cannot be created there.

    Examples
    --------
    >>> import tempfile
    >>> frames = {"stores": pd.DataFrame({"store_id": ["S001"], "name": ["上海店"]})}
    >>> out = Path(tempfile.mkdtemp()) / "demo"
    >>> _ = write_case(out, frames, instructor={"key.json": "{}"}, readme_zh="", readme_en="")
    >>> sorted(p.name for p in (out / "data").iterdir())
    ['README.en.md', 'README.zh.md', 'stores.csv', 'stores.parquet']
    """
    out = Path(out)
    if out.name in ("", ".", ".."):
        out = out.resolve()
    chosen = _check_request(out, tables, instructor, formats, overwrite)
    parent = out.parent
    missing = [p for p in (parent, *parent.parents) if not p.exists()]
    tmp = parent / f".{out.name}.tmp-{secrets.token_hex(6)}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()  # unlike tempfile.mkdtemp (0o700), this keeps the user's umask
    except OSError as e:
        _remove_empty(missing)
        block = next((p for p in (parent, *parent.parents) if p.exists()), parent)
        reason = e.strerror or str(e) if block.is_dir() else f"{block} is a file, not a folder"
        raise OutputError(f"{out}: cannot write there: {reason}") from None
    try:
        _write_tables(tmp / "data", out.name, tables, chosen, progress)
        (tmp / "data" / "README.zh.md").write_bytes(readme_zh.encode())
        (tmp / "data" / "README.en.md").write_bytes(readme_en.encode())
        digest = fingerprint(tmp) if any(map(callable, instructor.values())) else ""
        for name, content in instructor.items():
            if callable(content):
                content = content(digest)
            path = tmp / "instructor" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode() if isinstance(content, str) else content)
        _swap(tmp, out, overwrite)
    except BaseException:  # KeyboardInterrupt too: never leave a half-written case
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_empty(missing)
        raise
    return out


def read_case(path: Path) -> dict[str, pd.DataFrame]:
    """The frames of the case at ``path`` from its Parquet files, standard tables first.

    Dtypes come back as written (``str``, ``Int64``, ``bool``, ``datetime64``), so
    :func:`generator.schema.validate` accepts a roundtrip of valid frames.

    Examples
    --------
    >>> frames = read_case(Path("datasets/demo"))  # doctest: +SKIP
    >>> frames["orders"].dtypes["ordered_at"]  # doctest: +SKIP
    dtype('<M8[us]')
    """
    files = list(Path(path, "data").glob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"{path}: no data/*.parquet files; is it a kpilab case?")
    order = {name: i for i, name in enumerate(TABLES)}
    files.sort(key=lambda f: (order.get(f.stem, len(order)), f.stem))
    return {f.stem: pd.read_parquet(f, engine="pyarrow") for f in files}


def fingerprint(path: Path) -> str:
    """sha256 of every file under ``path/data``, in path order, each as ``relpath\\0size\\0bytes``.

    The size delimits each file, so moving bytes from one file to the next changes the digest.

    Examples
    --------
    >>> fingerprint(Path("datasets/demo"))  # doctest: +SKIP
    '3f5a…'
    """
    data = Path(path, "data")
    h = hashlib.sha256()
    for f in sorted((f for f in data.rglob("*") if f.is_file()), key=lambda f: f.as_posix()):
        h.update(f"{f.relative_to(data).as_posix()}\0{f.stat().st_size}\0".encode())
        with f.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


def _check_request(
    out: Path,
    tables: Mapping[str, pd.DataFrame],
    instructor: Mapping[str, InstructorFile],
    formats: Sequence[str],
    overwrite: bool,
) -> set[str]:
    chosen = set(formats)
    if not chosen or chosen - set(FORMATS):
        raise OutputError(f"{out}: formats {list(formats)} invalid; choose from {list(FORMATS)}")
    for name in tables:
        if not _safe_name(name) or "/" in name:
            raise OutputError(f"{out}: table name {name!r} cannot be a file name")
    for name in instructor:
        if not _safe_name(name):
            raise OutputError(f"{out}: instructor file name {name!r} must be a relative path")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; choose another --out")
    if out.is_dir() and any(out.iterdir()):
        if not overwrite:
            raise OutputError(f"{out}: already exists; choose another --out or pass --overwrite")
        if not (out / "data").is_dir():  # a typo must not wipe an unrelated folder
            raise OutputError(f"{out}: is not a kpilab case (no data folder); not replacing it")
    long = [f"{n} ({len(df):,} rows)" for n, df in tables.items() if len(df) > XLSX_MAX_ROWS]
    if "xlsx" in chosen and long:
        limit = f"max {XLSX_MAX_ROWS:,} rows"
        raise OutputError(f"{out}: too long for xlsx ({limit}): {', '.join(long)}; leave out xlsx")
    return chosen


def _safe_name(name: str) -> bool:
    p = PurePosixPath(name)
    return bool(name) and "\\" not in name and not p.is_absolute() and ".." not in p.parts


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:  # deepest first; rmdir leaves anything with content alone
        try:
            folder.rmdir()
        except OSError:
            break


def _swap(tmp: Path, out: Path, overwrite: bool) -> None:
    """Rename ``tmp`` to ``out``; a non-empty ``out`` is renamed away first, then deleted."""
    if not (overwrite and out.is_dir() and any(out.iterdir())):
        os.replace(tmp, out)  # replaces an empty folder; fails on one filled since the check
        return
    old = out.parent / f".{out.name}.old-{secrets.token_hex(6)}"
    os.rename(out, old)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(old, out)
        raise
    # The new case is in place: failing to delete the old copy must not report a failure.
    shutil.rmtree(old, ignore_errors=True)


def _write_tables(
    data: Path,
    case: str,
    tables: Mapping[str, pd.DataFrame],
    formats: set[str],
    progress: Callable[[str], None] | None,
) -> None:
    data.mkdir()
    book = None
    if "xlsx" in formats:
        import xlsxwriter  # ~0.1 s to import: only for this optional format, not for every CLI call

        options = {
            "constant_memory": True,  # rows are streamed to disk: flat memory for big sheets
            "tmpdir": str(data.parent),  # a failed write's temp files go with our temp folder
            "strings_to_numbers": False,
            "strings_to_formulas": False,  # text such as "=1+1" stays text
            "strings_to_urls": False,
            "remove_timezone": True,
        }
        book = xlsxwriter.Workbook(str(data / f"{case}.xlsx"), options)
        book.set_properties({"created": _XLSX_CREATED})
    try:
        for name, df in tables.items():
            table = _arrow(df)
            if "parquet" in formats:
                pq.write_table(table, data / f"{name}.parquet", compression="zstd")
            text = _csv_table(name, table)  # the cells as people see them, in CSV and xlsx
            if "csv" in formats:
                _write_csv(data / f"{name}.csv", text)
            if book is not None:
                _write_sheet(book, name, text)
            if progress is not None:
                progress(name)
    except BaseException:
        # Closing the book would build the whole file; only release its open temp files.
        for sheet in book.worksheets() if book is not None else ():
            sheet._opt_close()
        raise
    if book is not None:
        book.close()


def _arrow(df: pd.DataFrame) -> pa.Table:
    """``df`` as Arrow, with pandas metadata that depends only on the frame's columns."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = json.loads(table.schema.metadata[b"pandas"])
    # Versions and df.attrs vary between runs and machines; pandas needs only the column dtypes.
    meta.pop("pandas_version", None)
    meta["creator"] = {"library": "pyarrow"}
    meta["attributes"] = {}
    return table.replace_schema_metadata({b"pandas": json.dumps(meta, sort_keys=True).encode()})


def _write_csv(path: Path, table: pa.Table) -> None:
    # Arrow quotes every text value: valid CSV, and an empty text "" differs from a missing value.
    with pa.OSFile(str(path), "wb") as sink:
        sink.write(_BOM)  # Excel and WPS read BOM-less CSV as the local ANSI code page (GBK)
        pcsv.write_csv(table, sink, pcsv.WriteOptions(batch_size=1 << 16))


def _csv_table(name: str, table: pa.Table) -> pa.Table:
    """Columns recast so Arrow's CSV writer prints them in the case's formats."""
    known = {c.name: c for c in TABLES[name].columns} if name in TABLES else {}
    columns = [_csv_column(table.column(i), known.get(n)) for i, n in enumerate(table.column_names)]
    return pa.table(columns, names=table.column_names)


def _csv_column(col: Any, spec: Column | None) -> Any:
    t, kind = col.type, spec.dtype if spec else None
    # Money columns are the schema's float columns in CNY (unit_price, amount, budget...).
    money = kind == "float" and spec is not None and "CNY" in spec.en
    if pa.types.is_dictionary(t):
        col, t = col.cast(t.value_type), t.value_type
    if pa.types.is_timestamp(t):
        if kind is None:  # not in the schema: a date if every value is midnight
            timed = pc.any(pc.not_equal(pc.floor_temporal(col, unit="day"), col)).as_py()
            kind = "datetime" if timed else "date"
        # safe=False drops what the format cannot show (sub-seconds, a date's time of day).
        target = pa.date32() if kind == "date" else pa.timestamp("s", t.tz)
        return pc.cast(col, target, safe=False)
    if pa.types.is_floating(t):
        if money:  # a fixed two decimals: 12.30, never 12.299999999999999 or 1.2e+10
            return pc.cast(pc.round(col, 2), pa.decimal128(38, 2))
        values = col.to_numpy(zero_copy_only=False)
        return pa.array(_significant(values), mask=pc.is_null(col).to_numpy(zero_copy_only=False))
    return col


def _significant(x: np.ndarray, digits: int = 15) -> np.ndarray:
    """``x`` rounded to ``digits`` significant digits (Excel's precision): 0.1 + 0.2 → 0.3.

    The scaled value is an exact integer below 2**53 and the scale an exact power of ten, so the
    division gives the double nearest to the short decimal, which prints as that decimal.
    """
    with np.errstate(all="ignore"):
        decimals = digits - 1 - np.floor(np.log10(np.abs(x)))
        ok = np.isfinite(decimals) & (np.abs(decimals) <= 22)
        decimals = np.where(ok, decimals, 0)
        scale = 10.0 ** np.abs(decimals)
        rounded = np.where(decimals >= 0, np.rint(x * scale) / scale, np.rint(x / scale) * scale)
    return np.where(ok, rounded, x)


def _write_sheet(book: Any, name: str, table: pa.Table) -> None:
    """One sheet from the CSV-ready ``table``, row by row (as constant-memory mode requires)."""
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, table.column_names)
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    formats = [
        date if pa.types.is_date(t) else stamp if pa.types.is_timestamp(t) else None
        for t in table.schema.types
    ]
    columns = [col.to_pylist() for col in table.columns]
    for r, row in enumerate(zip(*columns, strict=True), start=1):
        for i, value in enumerate(row):
            if value is not None:  # missing values stay empty cells
                sheet.write(r, i, value, formats[i])
