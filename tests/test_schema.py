"""Table schemas, their validator and their renderings (JSON export, data dictionary)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pytest
from builders import company, frame

from generator.schema import TABLES, SchemaError, Violation, check, validate
from generator.schema.frames import conform
from generator.schema.render import dictionary_markdown, schema_dict
from generator.schema.validate import MAX_ROWS, _check_key

# One small company covering all 20 standard tables, every foreign key satisfied.
# C000003 and the second content post are referenced by nothing, so they can be broken alone.
VALID: dict[str, list[dict[str, Any]]] = {
    "customers": [
        {"customer_id": "C000001", "account_manager_id": "E0001", "region": "east"},
        {"customer_id": "C000002", "customer_type": "business", "segment": "key_account"},
        {"customer_id": "C000003", "region": "south"},
    ],
    "products": [
        {"sku_id": "P00001", "unit_price": 99.0, "unit_cost": 40.0, "launched_at": "2024-06-01"},
        {"sku_id": "P00002", "unit_price": 59.0, "unit_cost": 20.0},
    ],
    "stores": [
        {"store_id": "S001", "kind": "hotel", "rooms": 120},
        {"store_id": "S002", "kind": "store"},
    ],
    "employees": [
        {"employee_id": "E0001", "role": "sales_rep", "store_id": "S001"},
        {"employee_id": "E0002", "role": "support_agent"},
    ],
    "targets": [{"employee_id": "E0001", "month": "2025-03-01", "signed_target": 3}],
    "orders": [
        {
            "order_id": "O00000001",
            "customer_id": "C000001",
            "store_id": "S001",
            "employee_id": "E0001",
            "ordered_at": "2025-03-02 10:00",
            "paid_at": "2025-03-02 10:05",
            "status": "paid",
            "campaign_id": "M0001",
        },
        {"order_id": "O00000002", "customer_id": "C000002", "status": "cancelled"},
    ],
    "order_lines": [
        {"order_id": "O00000001", "line_no": 1, "sku_id": "P00001", "quantity": 2},
        {"order_id": "O00000001", "line_no": 2, "sku_id": "P00002", "quantity": 1},
        {"order_id": "O00000002", "line_no": 1, "sku_id": "P00001", "quantity": 1},
    ],
    "contracts": [
        {
            "contract_id": "K000001",
            "customer_id": "C000002",
            "start_date": "2025-01-01",
            "end_date": "2026-01-01",
            "annual_value": 120000.0,
        }
    ],
    "web_sessions": [
        {"session_id": "W000000001", "customer_id": "C000001", "order_id": "O00000001"},
        {"session_id": "W000000002", "visitor_id": "V00000009", "page_views": 3},
    ],
    "inventory_daily": [
        {"date": "2025-03-01", "sku_id": "P00001", "on_hand": 5},
        {"date": "2025-03-01", "sku_id": "P00002", "on_hand": 0},
    ],
    "expenses": [{"expense_id": "X0000001", "campaign_id": "M0001", "store_id": "S001"}],
    "support_tickets": [
        {
            "ticket_id": "T0000001",
            "customer_id": "C000001",
            "order_id": "O00000001",
            "store_id": "S001",
            "agent_id": "E0002",
            "is_complaint": True,
        }
    ],
    "survey_responses": [
        {
            "response_id": "R0000001",
            "customer_id": "C000001",
            "order_id": "O00000001",
            "ticket_id": "T0000001",
            "store_id": "S001",
            "csat": 5,
            "nps": 10,
        },
        {"response_id": "R0000002", "customer_id": "C000002", "csat": 1, "nps": 0},
    ],
    "interactions": [
        {"interaction_id": "I0000001", "customer_id": "C000002", "employee_id": "E0001"}
    ],
    "campaigns": [{"campaign_id": "M0001", "channel": "douyin", "budget": 5000.0}],
    "campaign_daily": [{"date": "2025-03-01", "campaign_id": "M0001", "impressions": 1000}],
    "campaign_audience": [{"campaign_id": "M0001", "customer_id": "C000001", "participated": True}],
    "content_posts": [{"post_id": "N00001", "reads": 10}, {"post_id": "N00002", "reads": 20}],
    "followers_daily": [{"date": "2025-03-01", "platform": "douyin", "followers": 300}],
    "leads": [{"lead_id": "L000001", "prospect_id": "Q000001", "rep_id": "E0001"}],
}


def broken(**changes: Mapping[int, Mapping[str, Any]]) -> dict[str, pd.DataFrame]:
    """The valid company with ``{table: {row: {column: value}}}`` applied, not checked."""
    rows = copy.deepcopy(VALID)
    for table, by_row in changes.items():
        for i, values in by_row.items():
            rows[table][i].update(values)
    return {name: frame(name, table_rows) for name, table_rows in rows.items()}


def located(violations: list[Violation]) -> list[tuple[str, str | None, str, tuple[int, ...], int]]:
    """Each violation as (table, column, kind, rows, count): where it is and how many rows."""
    return [(v.table, v.column, v.kind, v.rows, v.count) for v in violations]


@pytest.fixture
def valid() -> dict[str, pd.DataFrame]:
    return company(**VALID)


def test_valid_company_covers_every_table_and_has_no_violation(valid):
    """The fixture company uses all 20 tables with 1-3 rows each and validates cleanly."""
    assert sorted(valid) == sorted(TABLES)
    assert len(valid) == 20
    assert all(1 <= len(df) <= 3 for df in valid.values())
    assert validate(valid) == []
    assert check(valid) is None


def test_missing_column(valid):
    """A schema column absent from the frame is reported for that table and column."""
    valid["orders"] = valid["orders"].drop(columns=["channel"])
    assert located(validate(valid)) == [("orders", "channel", "missing_column", (), 0)]


def test_extra_column(valid):
    """A column the schema does not know is reported as extra."""
    valid["customers"] = valid["customers"].assign(vip_level=[1, 2, 3])
    assert located(validate(valid)) == [("customers", "vip_level", "extra_column", (), 0)]


@pytest.mark.parametrize(
    ("table", "column", "values"),
    [
        ("order_lines", "amount", ["12.50", "0.00", "3.00"]),  # money as text
        ("orders", "paid_at", ["2025-03-02 10:05", None]),  # timestamp left as text
        ("order_lines", "quantity", [2.0, 1.0, 1.0]),  # integer column stored as float
        ("stores", "rooms", [120.5, None]),  # nullable integer stored as float
        ("customers", "name", pd.Series([12, "Li Lei", None], dtype=object)),  # mixed objects
        ("support_tickets", "is_complaint", [1]),  # bool stored as int
        ("products", "launched_at", ["2024-06-01", "2025-01-01"]),  # date left as text
    ],
)
def test_wrong_dtype(valid, table, column, values):
    """A column whose dtype is not the schema's is reported once, for the whole column."""
    valid[table] = valid[table].assign(**{column: values})
    assert located(validate(valid)) == [(table, column, "dtype", (), 0)]


def test_object_column_of_strings_is_accepted(valid):
    """A str column held as object dtype (as read from some files) passes if it holds only text."""
    valid["customers"] = valid["customers"].assign(
        name=pd.Series(["Li Lei", "Han Meimei", "Wang Fang"], dtype=object),
        gender=pd.Series(["male", None, None], dtype=object),
    )
    assert validate(valid) == []


@pytest.mark.parametrize(
    ("table", "column", "row", "value"),
    [
        ("customers", "region", 1, None),
        ("orders", "ordered_at", 1, None),
        ("order_lines", "quantity", 2, None),
        ("support_tickets", "is_complaint", 0, None),
    ],
)
def test_null_in_non_nullable_column(table, column, row, value):
    """A missing value where the schema requires one is reported at its row."""
    frames = broken(**{table: {row: {column: value}}})
    assert located(validate(frames)) == [(table, column, "null", (row,), 1)]


def test_nulls_in_nullable_columns_are_fine(valid):
    """Nullable columns (paid_at, store_id, csat, rooms...) accept missing values."""
    # The fixture already leaves orders[1].paid_at, orders[1].store_id, stores[1].rooms empty.
    assert valid["orders"]["paid_at"].isna().tolist() == [False, True]
    assert valid["stores"]["rooms"].isna().tolist() == [False, True]
    assert validate(valid) == []


def test_orphan_foreign_key():
    """An order line whose SKU is not in products is reported at its row."""
    frames = broken(order_lines={2: {"sku_id": "P00099"}})
    assert located(validate(frames)) == [("order_lines", "sku_id", "foreign_key", (2,), 1)]


def test_orphan_foreign_key_rows_are_positions_not_index_labels(valid):
    """Row numbers are 0-based positions even when the frame has another index."""
    lines = valid["order_lines"].assign(sku_id=["P00001", "P00002", "P00099"])
    valid["order_lines"] = lines.set_axis([10, 20, 30])
    assert located(validate(valid)) == [("order_lines", "sku_id", "foreign_key", (2,), 1)]


def test_foreign_key_into_absent_table_is_missing_table(valid):
    """Dropping products reports each referencing column once, with the rows that refer to it."""
    del valid["products"]
    assert located(validate(valid)) == [
        ("order_lines", "sku_id", "missing_table", (0, 1, 2), 3),
        ("inventory_daily", "sku_id", "missing_table", (0, 1), 2),
    ]


def test_missing_table_counts_only_filled_references(valid):
    """A nullable reference into an absent table only counts the rows that hold a value."""
    del valid["support_tickets"]
    # survey_responses[0].ticket_id is T0000001, [1] is empty
    assert located(validate(valid)) == [("survey_responses", "ticket_id", "missing_table", (0,), 1)]


def test_wrong_dtype_foreign_key_is_reported_once(valid):
    """A foreign key of the wrong dtype gives a dtype violation, not also a foreign_key one."""
    valid["order_lines"] = valid["order_lines"].assign(sku_id=[1, 2, 1])
    assert located(validate(valid)) == [("order_lines", "sku_id", "dtype", (), 0)]


def test_wrong_dtype_referenced_key_does_not_orphan_the_references(valid):
    """SKU ids stored as numbers are one dtype violation on products, not orphans elsewhere."""
    valid["products"] = valid["products"].assign(sku_id=[1, 2])
    assert located(validate(valid)) == [("products", "sku_id", "dtype", (), 0)]


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "message"),
    [
        ("order_lines", 1, "quantity", -1, "below the minimum 1"),
        ("order_lines", 0, "quantity", 0, "below the minimum 1"),
        ("survey_responses", 0, "csat", 6, "above the maximum 5"),
        ("survey_responses", 1, "csat", 0, "below the minimum 1"),
        ("survey_responses", 1, "nps", 11, "above the maximum 10"),
        ("order_lines", 2, "amount", -0.01, "below the minimum 0"),
        ("interactions", 0, "feedback_quality", 1.5, "above the maximum 1"),
    ],
)
def test_value_out_of_range(table, row, column, value, message):
    """A number outside the column's bounds is reported at its row with the bound broken."""
    frames = broken(**{table: {row: {column: value}}})
    violations = validate(frames)
    assert located(violations) == [(table, column, "range", (row,), 1)]
    assert message in violations[0].message


def test_range_bounds_are_inclusive():
    """csat 1 and 5, nps 0 and 10 and quantity 1 are all allowed."""
    frames = broken(survey_responses={0: {"csat": 5, "nps": 10}, 1: {"csat": 1, "nps": 0}})
    assert validate(frames) == []


def test_value_not_in_allowed_codes():
    """An order status outside paid/refunded/cancelled is reported with the allowed codes."""
    frames = broken(orders={1: {"status": "shipped"}})
    violations = validate(frames)
    assert located(violations) == [("orders", "status", "allowed_values", (1,), 1)]
    assert "paid, refunded, cancelled" in violations[0].message


def test_duplicate_single_primary_key():
    """Two posts with the same post_id are both listed."""
    frames = broken(content_posts={1: {"post_id": "N00001"}})
    assert located(validate(frames)) == [("content_posts", "post_id", "duplicate_key", (0, 1), 2)]


def test_duplicate_ids_are_found_among_many_well_formed_ones():
    """Ids of the key's own form are compared by their numbers: a repeat far from its first
    occurrence, out of order, is still listed, and a run of distinct ids passes."""
    from generator.columns import prefixed_ids

    numbers = np.arange(1, 5001)[::-1].copy()
    posts = pd.DataFrame({"post_id": prefixed_ids("N", numbers, 5)})
    assert _check_key(TABLES["content_posts"], posts) == []
    numbers[4000] = numbers[10]
    repeated = pd.DataFrame({"post_id": prefixed_ids("N", numbers, 5)})
    [violation] = _check_key(TABLES["content_posts"], repeated)
    assert (violation.kind, violation.rows, violation.count) == ("duplicate_key", (10, 4000), 2)


def test_duplicate_composite_primary_key():
    """Two lines with one (order_id, line_no) are reported; line 1 of another order is fine."""
    frames = broken(order_lines={1: {"line_no": 1}})
    assert located(validate(frames)) == [
        ("order_lines", "order_id,line_no", "duplicate_key", (0, 1), 2)
    ]


def test_key_pattern_mismatch():
    """A customer id that does not match C + 6 digits is reported."""
    frames = broken(customers={2: {"customer_id": "C12"}})
    violations = validate(frames)
    assert located(violations) == [("customers", "customer_id", "pattern", (2,), 1)]
    assert r"C\d{6}" in violations[0].message


def test_non_key_pattern_mismatch():
    """Other formatted columns (masked phone, visitor id) are checked too."""
    frames = broken(customers={0: {"phone": "13812345678"}}, web_sessions={1: {"visitor_id": "V1"}})
    assert located(validate(frames)) == [
        ("customers", "phone", "pattern", (0,), 1),
        ("web_sessions", "visitor_id", "pattern", (1,), 1),
    ]


def test_date_with_time_of_day(valid):
    """A date column holding 10:30 is reported as a dtype problem at its row."""
    launched = pd.Series([pd.Timestamp("2024-06-01"), pd.Timestamp("2025-01-01 10:30")])
    valid["products"] = valid["products"].assign(launched_at=launched)
    violations = validate(valid)
    assert located(violations) == [("products", "launched_at", "dtype", (1,), 1)]
    assert "time of day" in violations[0].message


def test_datetime_column_may_have_time_of_day(valid):
    """Datetime columns (ordered_at) keep their time: only date columns must be midnight."""
    assert valid["orders"]["ordered_at"].iloc[0] == pd.Timestamp("2025-03-02 10:00")
    assert validate(valid) == []


def test_unknown_table(valid):
    """A frame whose name is not a standard table is reported, naming the table only."""
    valid["returns"] = pd.DataFrame({"order_id": ["O00000001"]})
    violations = validate(valid)
    assert located(violations) == [("returns", None, "unknown_table", (), 0)]
    assert "customers" in violations[0].message


def test_every_violation_is_reported():
    """A set with many problems reports all of them, not just the first."""
    frames = broken(
        customers={1: {"region": None}},
        orders={1: {"status": "shipped"}},
        order_lines={1: {"quantity": -1}, 2: {"sku_id": "P00099"}},
        survey_responses={0: {"csat": 6}, 1: {"csat": 0, "nps": 11}},
        content_posts={1: {"post_id": "N00001"}},
    )
    frames["stores"] = frames["stores"].drop(columns=["city"])
    assert located(validate(frames)) == [
        ("customers", "region", "null", (1,), 1),
        ("stores", "city", "missing_column", (), 0),
        ("orders", "status", "allowed_values", (1,), 1),
        ("order_lines", "quantity", "range", (1,), 1),
        ("order_lines", "sku_id", "foreign_key", (2,), 1),
        ("survey_responses", "csat", "range", (1,), 1),  # below 1
        ("survey_responses", "csat", "range", (0,), 1),  # above 5
        ("survey_responses", "nps", "range", (1,), 1),
        ("content_posts", "post_id", "duplicate_key", (0, 1), 2),
    ]


def test_rows_are_truncated_but_count_is_complete():
    """With 15 bad rows, the violation lists the first MAX_ROWS positions and counts all 15."""
    assert MAX_ROWS == 10
    posts = frame("content_posts", [{"reads": -1} for _ in range(15)])
    violations = validate({"content_posts": posts})
    assert located(violations) == [
        ("content_posts", "reads", "range", (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 15)
    ]
    assert str(violations[0]).startswith(
        "content_posts.reads rows 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 (+5 more): [range]"
    )


def test_check_raises_schema_error_listing_every_violation():
    """check() raises SchemaError carrying all violations and naming each in its message."""
    frames = broken(orders={1: {"status": "shipped"}}, order_lines={1: {"quantity": -1}})
    with pytest.raises(SchemaError) as caught:
        check(frames)
    err = caught.value
    assert located(err.violations) == [
        ("orders", "status", "allowed_values", (1,), 1),
        ("order_lines", "quantity", "range", (1,), 1),
    ]
    text = str(err)
    assert text.startswith("2 schema violation(s):")
    assert "orders.status rows 1: [allowed_values]" in text
    assert "order_lines.quantity rows 1: [range]" in text
    assert isinstance(err, ValueError)


@pytest.mark.parametrize(
    ("violation", "expected"),
    [
        (
            Violation(
                "order_lines", "sku_id", "foreign_key", "no matching products.sku_id", (2, 5), 2
            ),
            "order_lines.sku_id rows 2, 5: [foreign_key] no matching products.sku_id",
        ),
        (
            Violation("orders", "channel", "missing_column", "required column is missing"),
            "orders.channel: [missing_column] required column is missing",
        ),
        (
            Violation("returns", None, "unknown_table", "not a standard table"),
            "returns: [unknown_table] not a standard table",
        ),
    ],
)
def test_violation_str_names_table_column_and_rows(violation, expected):
    """str(violation) reads table.column, then the rows, then the kind and message."""
    assert str(violation) == expected


# --- conform (frames.py) -------------------------------------------------------------------


def test_conform_gives_schema_order_and_dtypes():
    """conform orders the columns like the schema and maps logical dtypes to pandas dtypes."""
    df = conform(
        "stores",
        {
            "rooms": [120, None],
            "opened_at": ["2020-05-01", "2021-06-01 00:00"],
            "city": ["杭州", "广州"],
            "province": ["浙江", "广东"],
            "region": ["east", "south"],
            "kind": ["hotel", "store"],
            "name": ["西湖店", "天河店"],
            "store_id": ["S001", "S002"],
        },
    )
    assert list(df.columns) == [
        "store_id", "name", "kind", "region", "province", "city", "opened_at", "rooms"
    ]  # fmt: skip
    assert str(df["rooms"].dtype) == "Int64"
    assert str(df["opened_at"].dtype) == "datetime64[us]"
    assert str(df["store_id"].dtype) == "str"
    assert validate({"stores": df}) == []


def test_conform_parses_mixed_iso_timestamps():
    """Dates with and without a time of day in the same column both parse."""
    frames = broken(orders={0: {"ordered_at": "2025-03-02"}})  # row 1 keeps the default 09:00
    assert frames["orders"]["ordered_at"].tolist() == [
        pd.Timestamp("2025-03-02 00:00"),
        pd.Timestamp("2025-01-01 09:00"),
    ]


def test_conform_keeps_missing_bool_visible():
    """A missing bool is not silently turned into False: the validator reports it."""
    frames = broken(campaign_audience={0: {"participated": None}})
    assert frames["campaign_audience"]["participated"].isna().tolist() == [True]
    assert located(validate(frames)) == [("campaign_audience", "participated", "null", (0,), 1)]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"store_id": ["S001"]}, "missing column name"),
        ({c: ["x"] for c in TABLES["stores"].column_names} | {"floor": [1]}, "floor"),
    ],
)
def test_conform_refuses_missing_and_extra_columns(columns, message):
    """conform raises KeyError naming a missing or an extra column."""
    with pytest.raises(KeyError, match=message):
        conform("stores", columns)


# --- renderings ---------------------------------------------------------------------------


def test_schema_dict_is_json_and_complete():
    """schema_dict() round-trips through JSON, lists every table and every column with zh/en."""
    data = json.loads(json.dumps(schema_dict(), ensure_ascii=False))
    assert [t["name"] for t in data["tables"]] == list(TABLES)
    for t in data["tables"]:
        assert [c["name"] for c in t["columns"]] == TABLES[t["name"]].column_names
        assert t["zh"] and t["en"] and t["row"]["zh"] and t["row"]["en"]
        for c in t["columns"]:
            assert c["zh"] and c["en"], (t["name"], c["name"])
    lines = next(t for t in data["tables"] if t["name"] == "order_lines")
    assert lines["primary_key"] == ["order_id", "line_no"]
    by_name = {c["name"]: c for c in lines["columns"]}
    assert by_name["sku_id"]["references"] == "products.sku_id"
    assert by_name["quantity"] == {
        "name": "quantity",
        "dtype": "int",
        "nullable": False,
        "zh": "数量（酒店为间夜数）",
        "en": "quantity (room nights for hotels)",
        "min": 1,
    }
    orders = next(t for t in data["tables"] if t["name"] == "orders")
    status = next(c for c in orders["columns"] if c["name"] == "status")
    assert status["allowed_values"] == [
        {"code": "paid", "zh": "已支付", "en": "paid"},
        {"code": "refunded", "zh": "已退款", "en": "refunded"},
        {"code": "cancelled", "zh": "已取消", "en": "cancelled"},
    ]


def test_schema_dict_of_chosen_tables():
    """schema_dict(tables) exports only the tables given."""
    data = schema_dict([TABLES["stores"], TABLES["leads"]])
    assert [t["name"] for t in data["tables"]] == ["stores", "leads"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dictionary_mentions_every_table_and_column(lang):
    """The data dictionary has a section per table and a row per column, in either language."""
    md = dictionary_markdown(lang)
    for t in TABLES.values():
        assert f"## `{t.name}` {t.zh if lang == 'zh' else t.en}\n" in md
        for c in t.columns:
            assert f"| `{c.name}` | " in md, (t.name, c.name)
    # every column row of every table, plus nothing else that looks like a column row
    rows = re.findall(r"^\| `[a-z_]+` \|", md, flags=re.MULTILINE)
    assert len(rows) == sum(len(t.columns) for t in TABLES.values())


def test_dictionary_rows_in_each_language():
    """Column rows show the localised type, nullability, meaning and rules."""
    zh = dictionary_markdown("zh")
    en = dictionary_markdown("en")
    assert zh.startswith("# 数据字典\n")
    assert en.startswith("# Data dictionary\n")
    assert "| `csat` | 整数 | 是 | 总体满意度（1-5分） | ≥ 1 ≤ 5 |" in zh
    assert "| `quantity` | integer | no | quantity (room nights for hotels) | ≥ 1 |" in en
    assert "| `sku_id` | text | no | SKU id | refers to `products.sku_id` |" in en
    assert (
        "| `status` | 文本 | 否 | 订单状态 | `paid` 已支付, `refunded` 已退款, `cancelled` 已取消 |"
        in zh
    )
    assert "One row: one product line of an order" in en
    assert "主键：`order_id`, `line_no`。" in zh


def test_dictionary_of_chosen_tables_with_title():
    """dictionary_markdown(tables=..., title=...) prints only those tables under that title."""
    md = dictionary_markdown("en", ["stores"], title="Hotel chain")
    assert md.startswith("# Hotel chain\n")
    assert "## `stores`" in md
    assert "## `orders`" not in md


# --- structure of the schemas ---------------------------------------------------------------


def test_there_are_twenty_standard_tables():
    """The standard set has exactly the 20 documented tables."""
    assert len(TABLES) == 20


@pytest.mark.parametrize("table", list(TABLES.values()), ids=list(TABLES))
def test_table_is_self_consistent(table):
    """Names and descriptions are filled, keys exist and every foreign key hits a real key."""
    assert table.zh and table.en and table.row_zh and table.row_en
    assert table.key and all(k in table.column_names for k in table.key)
    assert not any(table.column(k).nullable for k in table.key)
    for col in table.columns:
        assert col.zh.strip() and col.en.strip(), col.name
        if col.values is not None:
            assert col.values, col.name
            assert len(set(col.codes)) == len(col.codes), col.name
            assert all(v.code and v.zh and v.en for v in col.values), col.name
        if col.min is not None and col.max is not None:
            assert col.min < col.max, col.name
        if col.pattern is not None:
            re.compile(col.pattern)
        if col.ref is not None:
            target_table, _, target_col = col.ref.partition(".")
            assert target_table in TABLES, col.ref
            target = TABLES[target_table]
            assert target_col in target.column_names, col.ref
            assert target.key == (target_col,), f"{col.ref} is not the primary key"
            assert target.column(target_col).dtype == col.dtype, col.ref
