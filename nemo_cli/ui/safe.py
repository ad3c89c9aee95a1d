"""Moved to ``nemo_cli.safe_text`` (below both the UI and the backends).

Kept only for ``backends/cloud/sse.py``, which another branch is rewriting; remove this file once
that module imports ``nemo_cli.safe_text``.
"""

from ..safe_text import clean, markup, one_line

__all__ = ["clean", "markup", "one_line"]
