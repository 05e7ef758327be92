"""kpilab's generator package: table schemas, the indicator catalogue and the command line."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kpilab")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
