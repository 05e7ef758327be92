"""Industry profiles, one module each; see :mod:`generator.registry`."""
