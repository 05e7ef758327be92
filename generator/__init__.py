"""kpilab's generator package: table schemas, indicator catalogue, company generator and CLI."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kpilab")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from .api import Case, generate_company

__all__ = ["Case", "__version__", "generate_company"]
