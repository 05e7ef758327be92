"""The trainee's toolkit, imported at the top of every exercise notebook.

>>> from grading import lab            # doctest: +SKIP
>>> data = lab.start()                 # doctest: +SKIP
>>> check = lab.check                  # doctest: +SKIP

``start`` reads the case's tables from ``data/``, makes Chinese chart labels work and loads the
self-checks; ``check("q1")`` checks one answer; ``t("中文", "English")`` picks the notebook's
language; ``explorer(data, module=2)`` opens the interactive indicator explorer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .selfcheck import CHECKS_FILE, Checker, CheckResult, caller_namespace

_state: dict[str, Any] = {"lang": "zh", "checker": None}


def start(path: str | Path = ".", *, charts: bool = True) -> dict[str, Any]:
    """Load this notebook's case: every table in ``path/data`` as a pandas DataFrame.

    Also sets the language from ``checks.json`` and, with ``charts``, registers the bundled CJK
    font with matplotlib so Chinese titles and labels render.
    """
    import pandas as pd

    root = Path(path)
    checks = root / CHECKS_FILE
    if checks.is_file():
        checker = Checker(checks)
        _state["checker"] = checker
        _state["lang"] = checker.lang
    data_dir = root / "data"
    files = sorted(data_dir.glob("*.parquet"))
    if not files:
        raise FileNotFoundError(
            t(f"在 {data_dir} 没有找到数据表（*.parquet）", f"no tables (*.parquet) in {data_dir}")
        )
    if charts:
        from .charts import use_cjk_font

        use_cjk_font()
    return {f.stem: pd.read_parquet(f) for f in files}


def period() -> tuple[Any, Any]:
    """The reporting period as (first day, first day after), pandas Timestamps.

    The files also hold a few history months before it (for churn and repurchase windows).
    """
    import pandas as pd

    checker = _state["checker"]
    if checker is None or not checker.period:
        raise RuntimeError(t("先运行 lab.start()", "run lab.start() first"))
    return pd.Timestamp(checker.period[0]), pd.Timestamp(checker.period[1])


def lang() -> str:
    """The notebook's language, ``"zh"`` or ``"en"``."""
    return str(_state["lang"])


def set_lang(value: str) -> None:
    if value not in ("zh", "en"):
        raise ValueError("language must be 'zh' or 'en'")
    _state["lang"] = value


def t(zh: str, en: str) -> str:
    """The text in the notebook's language."""
    return zh if _state["lang"] == "zh" else en


def check(qid: str, hint: bool = False) -> CheckResult:
    """Check your answer to question ``qid`` (e.g. ``check("q3")``); ``hint=True`` for a hint."""
    checker = _state["checker"]
    if checker is None:
        raise RuntimeError(
            t("先运行 lab.start() 载入本练习的自检文件", "run lab.start() first to load the checks")
        )
    return checker.check(qid, caller_namespace(), hint=hint)


def statuses(namespace: dict[str, Any] | None = None) -> dict[str, str]:
    """Every question's self-check status, as JSON-ready ``{qid: status}``."""
    checker = _state["checker"]
    if checker is None:
        return {}
    ns = caller_namespace() if namespace is None else namespace
    return {qid: checker.check(qid, ns).status for qid in checker.questions}


def explorer(data: dict[str, Any], module: int | None = None, **kwargs: Any) -> Any:
    """The interactive explorer: pick indicator, dimension and months; see the chart update."""
    from .explorer import Explorer

    checker = _state["checker"]
    if checker is not None and checker.period and "period" not in kwargs:
        kwargs["period"] = tuple(checker.period)
    return Explorer(data, module=module, lang=lang(), **kwargs).widget


def show_statuses() -> None:
    """Print every question's status as one JSON line (used by the course's own tests)."""
    print(json.dumps(statuses(caller_namespace()), ensure_ascii=False, sort_keys=True))
