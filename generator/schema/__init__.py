"""Table schemas: the contract every generated case, notebook and grader relies on."""

from .model import Column, Table, Value
from .render import dictionary_markdown, schema_dict
from .tables import TABLES
from .validate import SchemaError, Violation, check, validate

__all__ = [
    "TABLES",
    "Column",
    "SchemaError",
    "Table",
    "Value",
    "Violation",
    "check",
    "dictionary_markdown",
    "schema_dict",
    "validate",
]
