"""Save a generated case: trainee data, data dictionary and the instructor's answer key."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from .api import Case
from .key_report import answer_key_markdown
from .output import write_case
from .registry import PROFILES
from .schema import dictionary_markdown


def data_readme(case: Case, lang: str) -> str:
    """The data dictionary of the case's tables, with what was sampled or simplified."""
    zh = lang == "zh"
    profile = PROFILES[case.config.profile]
    title = f"{profile.zh}案例数据字典" if zh else f"Data dictionary: {profile.en} case"
    text = dictionary_markdown("zh" if zh else "en", list(case.tables), title=title)
    notes = case.notes_zh if zh else case.notes_en
    period = f"{case.config.start} – {case.config.end}"
    head = (
        f"期间：{period}（不含结束日）。每张表的行数："
        if zh
        else f"Period: {period} (end exclusive). Rows per table: "
    ) + ", ".join(f"`{n}` {len(df):,}" for n, df in case.tables.items())
    extra = "\n".join(f"- {n}" for n in notes)
    section = ("\n## 说明\n\n" if zh else "\n## Notes\n\n") + extra + "\n" if notes else ""
    first, rest = text.split("\n", 1)
    return f"{first}\n\n{head}\n{rest}{section}"


def save_case(
    case: Case,
    out: Path,
    *,
    formats: Sequence[str] = ("parquet", "csv"),
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write ``out/data`` and ``out/instructor`` atomically; the key quotes the data's hash."""

    def keyed(fp: str) -> str:
        return case.key.model_copy(update={"fingerprint": fp}).model_dump_json(indent=2)

    def markdown(lang: str) -> Callable[[str], str]:
        return lambda fp: answer_key_markdown(
            case.key.model_copy(update={"fingerprint": fp}), "zh" if lang == "zh" else "en"
        )

    return write_case(
        out,
        case.tables,
        instructor={
            "answer_key.json": keyed,
            "answer_key.md": markdown("zh"),
            "answer_key.en.md": markdown("en"),
        },
        readme_zh=data_readme(case, "zh"),
        readme_en=data_readme(case, "en"),
        formats=formats,
        overwrite=overwrite,
        progress=progress,
    )
