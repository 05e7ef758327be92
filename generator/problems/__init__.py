"""Planted problems, one module each; see :mod:`generator.registry`."""
