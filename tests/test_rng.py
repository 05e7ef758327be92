"""Random streams: per-chunk row draws depend only on the chunk's own rows."""

from __future__ import annotations

import numpy as np

from generator.rng import RowDraws, Stream


def test_a_chunks_draws_do_not_depend_on_other_chunks_or_where_its_rows_stand():
    alone = RowDraws(3, Stream.TICKETS, np.array([4, 4, 4]), 2)
    mixed = RowDraws(3, Stream.TICKETS, np.array([9, 4, 1, 4, 9, 4]), 2)
    mine = np.array([1, 3, 5])
    for a, b in [(alone.random(), mixed.random()),
                 (alone.integers(0, 1000), mixed.integers(0, 1000))]:  # fmt: skip
        assert (a == b[mine]).all()
        assert len(np.unique(b)) == len(b)  # other chunks draw values of their own


def test_array_parameters_follow_their_rows():
    chunk = np.array([2, 0, 2, 1, 0])
    scale = np.array([1.0, 1e6, 1.0, 1e3, 1e6])
    x = RowDraws(5, Stream.SURVEYS, chunk).normal(0.0, scale)
    assert (np.abs(x[[0, 2]]) < 10).all() and (np.abs(x[[1, 4]]) > 10).all()
    sorted_rows = RowDraws(5, Stream.SURVEYS, np.sort(chunk))
    assert (np.sort(x[chunk == 0]) == np.sort(sorted_rows.normal(0.0, 1e6)[:2])).all()


def test_take_continues_the_same_streams():
    full = RowDraws(8, Stream.PAYMENTS, np.array([0, 1, 0, 1]))
    first = full.random()
    again = full.take(np.array([True, False, True, False])).random()
    fresh = RowDraws(8, Stream.PAYMENTS, np.array([0, 0]))
    assert (fresh.random() == first[[0, 2]]).all()
    assert (fresh.random() == again).all()


def test_no_rows_draw_nothing_of_the_right_kind():
    none = RowDraws(1, Stream.ORDERS, np.zeros(0, dtype=int))
    assert none.random().shape == (0,) and none.random().dtype == np.float64
    assert none.integers(0, 5).dtype == np.int64
    assert none.index(np.array([0.5, 1.0])).shape == (0,)
