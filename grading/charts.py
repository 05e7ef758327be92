"""Matplotlib set-up so Chinese labels render on any machine.

The font comes from the ``mplfonts`` wheel (Noto Sans CJK SC), which installs with pip, so a fresh
machine without system CJK fonts still draws 销售额 instead of missing-glyph boxes.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

#: Family names in order of preference; DejaVu Sans covers Latin glyphs the CJK font lacks.
CJK_FAMILY = "Noto Sans CJK SC"
FONT_FILE = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font file."""
    path = Path(str(files("mplfonts") / "fonts" / FONT_FILE))
    if not path.is_file():
        raise FileNotFoundError(f"CJK font not found at {path}; reinstall mplfonts")
    return path


@cache
def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default sans-serif family.

    Returns the family name. Safe to call many times.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> _ = use_cjk_font()
    >>> fig, ax = plt.subplots(); _ = ax.set_title("销售额"); fig.canvas.draw()  # no warning
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(cjk_font_path()))
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [CJK_FAMILY, "DejaVu Sans"]
    # The CJK font has no U+2212 minus sign; use the ASCII hyphen-minus on axes.
    mpl.rcParams["axes.unicode_minus"] = False
    return CJK_FAMILY
