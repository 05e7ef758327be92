"""The loop's numpy helpers give exactly what the numpy and pandas calls they replace give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from generator.sim.arrays import cdf, draw_index, inner_join, order_starts


@pytest.mark.parametrize("size", [1, 3, 24, 2000, 50_000])
def test_draws_by_cumulative_weights_are_the_draws_of_choice(size):
    p = np.random.default_rng(size).gamma(0.8, 1.0, size)
    p /= p.sum()
    for n in (0, 1, 300, 5000):
        mine, theirs = np.random.default_rng(7), np.random.default_rng(7)
        assert (draw_index(mine, cdf(p), n) == theirs.choice(size, size=n, p=p)).all()
        assert mine.random() == theirs.random()  # and the streams stay in step


def test_inner_join_gives_the_rows_of_an_inner_merge_in_order():
    rng = np.random.default_rng(3)
    left, right = rng.integers(0, 40, 500), rng.integers(0, 40, 300)
    i, j = inner_join(left, right)
    merged = pd.DataFrame({"k": left, "i": np.arange(500)}).merge(
        pd.DataFrame({"k": right, "j": np.arange(300)}), on="k", how="inner"
    )
    assert i.tolist() == merged["i"].tolist()
    assert j.tolist() == merged["j"].tolist()


def test_order_starts_refuses_an_order_split_in_two_runs():
    with pytest.raises(ValueError, match="next to each other"):
        order_starts(np.array([5, 5, 8, 5]))
