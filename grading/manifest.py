"""The question manifest: every graded question of a module, declared once.

The course builder, the self-check and the grader all read a module's ``notebooks/mN_name.yaml``
through these models; :func:`expected` looks the expected value up in a case's answer key.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator.answer_key import AnswerKey, ProblemEntry

#: Where the module sources live (inside the repository, next to the packages).
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LESSONS = Path(__file__).resolve().parent.parent / "course" / "lessons"

QuestionType = Literal["number", "table", "choice", "diagnosis", "written"]
DIAGNOSIS_FIELDS = ("indicator", "segment", "start_month", "direction", "size")
PROBLEM_FIELDS = (
    "indicator",
    "dimension",
    "segment",
    "start_month",
    "direction",
    "before",
    "after",
    "relative_effect",
)
_KEY = re.compile(
    r"^(?:indicator:(?P<ind>[a-z0-9_]+)(?:@(?P<month>m\d{1,2}|\d{4}-\d{2})|/(?P<dim>[a-z_]+))?"
    r"|problem:(?P<prob>[a-z_]+)(?:\.(?P<field>[a-z_]+))?)$"
)


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file and the field."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """One text in both course languages."""

    zh: str = Field(min_length=1, description="Chinese text.")
    en: str = Field(min_length=1, description="English text.")

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Tolerance(_Model):
    """How far an answer may be from the expected value and still be right."""

    abs: float | None = Field(default=None, ge=0, description="Absolute tolerance.")
    rel: float | None = Field(default=None, gt=0, lt=1, description="Relative tolerance.")
    size_rel: float = Field(
        default=0.25, gt=0, lt=1, description="Diagnosis: relative tolerance on the size."
    )

    def ok(self, answer: float, expected: float) -> bool:
        """Whether ``answer`` is within tolerance of ``expected`` (exact match if none is set)."""
        if math.isnan(expected) or math.isnan(answer):
            return math.isnan(expected) and math.isnan(answer)
        limit = 0.0
        if self.abs is not None:
            limit = max(limit, self.abs)
        if self.rel is not None:
            limit = max(limit, self.rel * abs(expected))
        return abs(answer - expected) <= limit + 1e-12


class Mistake(_Model):
    """A known wrong answer and what it means (see :mod:`grading.mistakes`)."""

    id: str = Field(description="Registered mistake function id.")
    zh: str = Field(min_length=1, description="Explanation shown to a trainee (Chinese).")
    en: str = Field(min_length=1, description="Explanation shown to a trainee (English).")


class Question(_Model):
    """One graded question of a module."""

    id: Annotated[str, Field(pattern=r"^[qw]\d{1,2}$", description="q1… auto, w1… written.")]
    type: QuestionType
    points: float = Field(gt=0, le=20, description="Points in the gradebook.")
    title: Text = Field(description="Short title shown by the self-check and the feedback.")
    var: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        description="Variable the trainee assigns (not for written questions).",
    )
    key: str | None = Field(default=None, description="Answer-key location (see the README).")
    tolerance: Tolerance = Field(default_factory=Tolerance)
    choices: list[str] | None = Field(default=None, description="Allowed answers of a choice.")
    hints: list[Text] = Field(default_factory=list, description="Hints, least specific first.")
    mistakes: list[Mistake] = Field(default_factory=list)
    prompt: Text | None = Field(default=None, description="Written question: the task.")
    rubric: Text | None = Field(default=None, description="Written question: the mark scheme.")

    @field_validator("key")
    @classmethod
    def _key_form(cls, v: str | None) -> str | None:
        if v is not None and not _KEY.match(v):
            raise ValueError(
                "expected indicator:ID, indicator:ID@m3, indicator:ID@2025-03, indicator:ID/DIM, "
                "problem:ID or problem:ID.FIELD"
            )
        return v

    @model_validator(mode="after")
    def _shape(self) -> Question:
        if self.type == "written":
            if self.prompt is None or self.rubric is None:
                raise ValueError("a written question needs prompt and rubric")
            if self.var or self.key:
                raise ValueError("a written question has no var and no key")
            if not self.id.startswith("w"):
                raise ValueError("written question ids start with w")
            return self
        if not self.var or not self.key:
            raise ValueError(f"a {self.type} question needs var and key")
        if not self.id.startswith("q"):
            raise ValueError("auto-graded question ids start with q")
        m = _KEY.match(self.key)
        assert m is not None
        if self.type == "diagnosis" and not (m["prob"] and not m["field"]):
            raise ValueError("a diagnosis question's key is problem:ID")
        if self.type == "table" and not m["dim"]:
            raise ValueError("a table question's key is indicator:ID/DIM")
        if self.type == "number" and (m["dim"] or (m["prob"] and not m["field"])):
            raise ValueError("a number question's key is one value")
        if m["field"] and m["field"] not in PROBLEM_FIELDS:
            raise ValueError(f"problem field must be one of {', '.join(PROBLEM_FIELDS)}")
        if self.type == "choice" and not self.choices:
            raise ValueError("a choice question lists its choices")
        if not self.hints:
            raise ValueError("give at least one hint")
        return self

    @property
    def auto(self) -> bool:
        return self.type != "written"


class CaseSpec(_Model):
    """The case a module runs on: a generator CaseConfig without the seed."""

    model_config = ConfigDict(extra="allow", frozen=True)
    profile: str


class Manifest(_Model):
    """A module's question manifest."""

    schema_version: Literal[1] = 1
    module: int = Field(ge=1, le=8)
    assignment: str = Field(pattern=r"^m[1-8]_[a-z_]+$", description="nbgrader assignment name.")
    case: CaseSpec
    questions: list[Question]

    @model_validator(mode="after")
    def _unique(self) -> Manifest:
        for attr in ("id", "var"):
            seen = [getattr(q, attr) for q in self.questions if getattr(q, attr)]
            dup = {x for x in seen if seen.count(x) > 1}
            if dup:
                raise ValueError(f"duplicate question {attr}: {', '.join(sorted(dup))}")
        return self

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"{self.assignment}: no question {qid!r}")

    @property
    def auto(self) -> list[Question]:
        return [q for q in self.questions if q.auto]

    @property
    def notebook_path(self) -> Path:
        return NOTEBOOKS / f"{self.assignment}.py"

    @property
    def lesson_path(self) -> Path:
        return LESSONS / f"{self.assignment}.md"


def load_manifest(path: Path) -> Manifest:
    """Read and validate one manifest; errors name the file and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ManifestError(f"{path}: cannot read: {exc}") from None
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ManifestError(f"{path}: {where}: {err['msg']}") from None


@cache
def manifests() -> dict[int, Manifest]:
    """Every module's manifest, by module number."""
    found = {}
    for path in sorted(NOTEBOOKS.glob("m[1-8]_*.yaml")):
        m = load_manifest(path)
        if path.stem != m.assignment:
            raise ManifestError(f"{path}: assignment must be {path.stem!r}")
        if m.module in found:
            raise ManifestError(f"{path}: module {m.module} is declared twice")
        found[m.module] = m
    return dict(sorted(found.items()))


def manifest_for(module: int | str) -> Manifest:
    """A module's manifest by number (``2``) or assignment name (``m2_customer``)."""
    for m in manifests().values():
        if module in (m.module, m.assignment, str(m.module)):
            return m
    known = ", ".join(f"{m.module} ({m.assignment})" for m in manifests().values())
    raise ManifestError(f"unknown module {module!r}; known: {known}")


def _month_label(key: AnswerKey, token: str) -> str:
    if not token.startswith("m"):
        return token
    n = int(token[1:])
    start = key.period_start
    months = (key.period_end.year - start.year) * 12 + key.period_end.month - start.month
    if not 1 <= n <= months:
        raise ManifestError(f"month {token} is outside the {months}-month period")
    y, mo = divmod(start.month - 1 + n - 1, 12)
    return f"{start.year + y:04d}-{mo + 1:02d}"


def _problem(key: AnswerKey, pid: str) -> ProblemEntry:
    for p in key.problems:
        if p.id == pid:
            return p
    raise ManifestError(f"the answer key has no planted problem {pid!r}")


def _num(x: float | None) -> float:
    return math.nan if x is None else float(x)


def expected(question: Question, key: AnswerKey) -> Any:
    """The expected answer of ``question`` in this case's answer key.

    Numbers come back as floats (NaN when undefined), tables as ``{segment: float}``, choices as
    strings, diagnoses as a dict with :data:`DIAGNOSIS_FIELDS`.
    """
    if question.key is None:
        raise ManifestError(f"{question.id} has no answer-key location")
    m = _KEY.match(question.key)
    assert m is not None
    if m["prob"]:
        p = _problem(key, m["prob"])
        if m["field"]:
            v = getattr(p, m["field"])
            return v if isinstance(v, str) else _num(v)
        return {
            "indicator": p.indicator,
            "segment": p.segment,
            "start_month": p.start_month,
            "direction": p.direction,
            "size": _num(p.relative_effect),
        }
    entries = {e.id: e for e in key.indicators}
    if m["ind"] not in entries:
        raise ManifestError(f"the answer key has no indicator {m['ind']!r}")
    e = entries[m["ind"]]
    if m["month"]:
        return _num(e.by_month.get(_month_label(key, m["month"])))
    if m["dim"] == "month":
        return {k: _num(v) for k, v in e.by_month.items()}
    if m["dim"]:
        if m["dim"] not in e.by_dimension:
            raise ManifestError(f"indicator {e.id} is not cut by {m['dim']!r} in the answer key")
        return {k: _num(v) for k, v in e.by_dimension[m["dim"]].items()}
    return _num(e.total)
