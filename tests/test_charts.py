"""Chinese chart labels render without missing-glyph boxes on a fresh machine."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from grading.charts import cjk_font_path, use_cjk_font


def test_bundled_font_exists() -> None:
    assert cjk_font_path().stat().st_size > 1_000_000


def test_chinese_title_renders_without_missing_glyph_warning() -> None:
    use_cjk_font()
    fig, ax = plt.subplots()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.set_title("各渠道销售额（元）−12%")
        ax.set_xlabel("月份")
        ax.plot([1, 2, 3], [-1, 0, 1])
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_without_the_font_the_warning_would_show() -> None:
    """Guard for the test above: DejaVu alone does warn, so the check can fail."""
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ax.set_title("销售额")
            fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    assert [w for w in caught if "missing from font" in str(w.message)]
