"""Faker's word lists that the name pools use, shipped as ``generator/data/faker_words.csv``.

Reading the words from a small CSV instead of importing Faker keeps Faker's package set-up
(locale discovery on import) out of every generated case. The file is built from the pinned
Faker version's provider classes by :func:`build` (``python -m generator.faker_words``), and a
test checks that it still equals what that version holds.
"""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Iterable
from functools import cache
from importlib import resources

#: Locales of a case (see ``CaseConfig.locale``).
LOCALES = ("zh_CN", "en_US")
#: Kinds of words: (Faker provider module, attribute).
KINDS = {
    "last_name": ("person", "last_names"),
    "first_name_female": ("person", "first_names_female"),
    "first_name_male": ("person", "first_names_male"),
    "company_suffix": ("company", "company_suffixes"),
}
FILE = "faker_words.csv"
_HEADER = ("locale", "kind", "word", "weight")


def _rows(items: Iterable[str] | dict[str, float]) -> list[tuple[str, str]]:
    """A Faker list (no weights: blank) or weighted dict as (word, weight) in Faker's order."""
    if isinstance(items, dict):
        return [(str(w), repr(float(p))) for w, p in items.items()]
    return [(str(w), "") for w in items]


def build() -> str:
    """The CSV text of every kind of word for every locale, from the installed Faker."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_HEADER)
    for locale in LOCALES:
        for kind, (provider, attribute) in KINDS.items():
            module = importlib.import_module(f"faker.providers.{provider}.{locale}")
            for word, weight in _rows(getattr(module.Provider, attribute)):
                writer.writerow((locale, kind, word, weight))
    return out.getvalue()


def shipped() -> str:
    """The text of the shipped file."""
    return (resources.files("generator") / "data" / FILE).read_text(encoding="utf-8")


@cache
def _table() -> dict[tuple[str, str], list[dict[str, str]]]:
    table: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(shipped())):
        table.setdefault((row["locale"], row["kind"]), []).append(row)
    return table


def words(locale: str, kind: str) -> tuple[list[str], list[float] | None]:
    """Faker's words of ``kind`` for ``locale`` in Faker's order, and their weights (None when
    Faker lists them without weights)."""
    rows = _table().get((locale, kind))
    if rows is None:
        raise ValueError(f"no Faker {kind!r} words for locale {locale!r}")
    weighted = any(r["weight"] for r in rows)
    return [r["word"] for r in rows], [float(r["weight"]) for r in rows] if weighted else None


def main() -> None:
    path = resources.files("generator") / "data" / FILE
    with open(str(path), "w", encoding="utf-8", newline="") as fh:
        fh.write(build())
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
