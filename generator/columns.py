"""Column operations that pandas does slowly on Arrow-backed text, done directly in Arrow."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow_text(values: pd.Series) -> pa.Array | None:
    """The Arrow array behind a ``str`` column, or None for any other column."""
    if not isinstance(values.dtype, pd.StringDtype) or values.dtype.storage != "pyarrow":
        return None
    array = pa.array(values.array)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def isin(values: pd.Series, targets: pd.Series) -> np.ndarray:
    """``values.isin(targets)`` as a boolean array.

    Two Arrow-backed text columns of one type are compared in Arrow at once, which is what
    pandas itself does after converting ``targets`` value by value in Python.

    Examples
    --------
    >>> import pandas as pd
    >>> isin(pd.Series(["a", "b"], dtype="str"), pd.Series(["b"], dtype="str")).tolist()
    [False, True]
    """
    left, right = arrow_text(values), arrow_text(targets)
    if left is None or right is None or left.type != right.type:
        return values.isin(targets).to_numpy(dtype=bool)
    if len(right) == 0:
        return np.zeros(len(values), dtype=bool)
    return np.array(pc.is_in(left, value_set=right), dtype=np.bool_)


def take_text(
    values: pd.Series, index: np.ndarray, valid: np.ndarray | None = None
) -> pd.Series | np.ndarray:
    """``values.to_numpy()[index]``: a ``str`` Series taken in Arrow when ``values`` is Arrow
    text (no conversion of each value through Python), the numpy array otherwise. Rows where
    ``valid`` (optional, boolean) is False are missing.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> take_text(pd.Series(["a", "b"], dtype="str"), np.array([1, 1, 0])).tolist()
    ['b', 'b', 'a']
    """
    array = arrow_text(values)
    if array is None:
        out = values.to_numpy()[index]
        if valid is not None:
            out = out.astype(object)
            out[~valid] = None
        return out
    mask = None if valid is None else ~np.asarray(valid, dtype=bool)
    return pd.Series(pd.array(pc.take(array, pa.array(index, mask=mask)), dtype=values.dtype))


def prefixed_ids(prefix: str, numbers: np.ndarray, width: int) -> pd.Series:
    """``prefix`` + zero-padded ``numbers`` as a ``str`` Series, built in one pass (no Python
    string per row): ``prefixed_ids("O", [1, 2], 8)`` is ``O00000001``, ``O00000002``.

    Examples
    --------
    >>> import numpy as np
    >>> prefixed_ids("O", np.array([1, 12]), 4).tolist()
    ['O0001', 'O0012']
    """
    return pd.Series(pd.array(arrow_ids(prefix, numbers, width), dtype="str"))


def arrow_ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """The Arrow string array of :func:`prefixed_ids` (numbers must fit in ``width`` digits)."""
    v = np.asarray(numbers, dtype="int64")
    if len(v) and (v.min() < 0 or v.max() >= 10**width):
        raise ValueError(f"numbers must be 0 to {10**width - 1} to fit {width} digits")
    head = prefix.encode()
    chars = np.empty((len(v), len(head) + width), dtype=np.uint8)
    chars[:, : len(head)] = np.frombuffer(head, dtype=np.uint8)
    chars[:, len(head) :] = digits(v, width)
    return fixed_width_text(chars)


def digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """The ASCII digits of non-negative ``numbers``, zero-padded to ``width``: an (n, width)
    byte array, filled four digits at a time from a table."""
    v = np.asarray(numbers, dtype="int64")
    out = np.empty((len(v), width), dtype=np.uint8)
    end = width
    while end > 0:
        step = min(4, end)
        v, low = np.divmod(v, 10**step)
        out[:, end - step : end] = _DIGITS[step][low].view(np.uint8).reshape(len(low), step)
        end -= step
    return out


def fixed_width_text(chars: np.ndarray) -> pa.Array:
    """Arrow strings from an (n, width) array of UTF-8 bytes, one string per row."""
    n, width = chars.shape
    offsets = pa.py_buffer((np.arange(n + 1, dtype=np.int64) * width).tobytes())
    data = pa.py_buffer(np.ascontiguousarray(chars).tobytes())
    return pa.Array.from_buffers(pa.large_string(), n, [None, offsets, data])


#: The ASCII digits of 0 … 10**k − 1, zero-padded to k, one (k-byte) element per number.
_DIGITS = {
    k: np.frombuffer("".join(f"{i:0{k}d}" for i in range(10**k)).encode(), dtype=f"V{k}")
    for k in (1, 2, 3, 4)
}
