"""Build the course: nbgrader source notebooks, self-check files and lesson pages, per language."""

from .build import build_course

__all__ = ["build_course"]
