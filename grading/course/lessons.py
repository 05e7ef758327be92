"""Lesson pages: one language of a bilingual jupytext Markdown source, with catalogue links.

In a lesson source, ``{{formula:ID}}`` becomes the catalogue's formula for indicator ID and
``[[ID]]`` a link to its glossary entry, so formulas are never written twice.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from markdown_it import MarkdownIt

from generator.glossary import glossary_markdown
from generator.indicators import Indicator, IndicatorError, get

from .source import SourceError, language_cells

_FORMULA = re.compile(r"\{\{formula:([a-z0-9_]+)\}\}")
_LINK = re.compile(r"\[\[([a-z0-9_]+)\]\]")


def _expand(text: str, lang: str, where: str) -> str:
    def ind(iid: str) -> Indicator:
        try:
            return get(iid)
        except IndicatorError as exc:
            raise SourceError(f"{where}: {exc}") from None

    def formula(m: re.Match[str]) -> str:
        i = ind(m[1])
        return i.formula_zh if lang == "zh" else i.formula_en

    def link(m: re.Match[str]) -> str:
        i = ind(m[1])
        return f"[{i.zh if lang == 'zh' else i.en}](glossary.html#{i.id})"

    return _LINK.sub(link, _FORMULA.sub(formula, text))


def lesson_markdown(path: Path, lang: str) -> str:
    """The lesson page at ``path`` in ``lang`` as Markdown."""
    parts = []
    for cell in language_cells(path, lang):
        if cell.kind == "code":
            parts.append(f"```python\n{cell.source.strip()}\n```")
        else:
            parts.append(_expand(cell.source.strip(), lang, f"{path}: cell {cell.index}"))
    return "\n\n".join(parts) + "\n"


_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:860px;
margin:2em auto;padding:0 1em;line-height:1.7;color:#202124}
code,pre{background:#f6f8fa;border-radius:4px}pre{padding:.8em;overflow:auto}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px}
h1,h2,h3{color:#1a4d8f}blockquote{border-left:4px solid #c8d6e5;margin:0;padding-left:1em;color:#555}
"""


def markdown_html(markdown: str, title: str, lang: str) -> str:
    """A standalone HTML page for ``markdown`` (glossary anchors ``{#id}`` become ids)."""
    md = MarkdownIt("commonmark").enable("table")
    body = md.render(markdown)
    # The glossary writes headings as "name {#id}": give them real anchors.
    body = re.sub(r"<h3>(.*?) \{#([a-z0-9_]+)\}</h3>", r'<h3 id="\2">\1</h3>', body)
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n'
        f"</head>\n<body>\n{body}</body>\n</html>\n"
    )


def glossary_html(lang: str) -> str:
    return markdown_html(
        glossary_markdown("zh" if lang == "zh" else "en"),
        "指标词汇表" if lang == "zh" else "Glossary",
        lang,
    )
