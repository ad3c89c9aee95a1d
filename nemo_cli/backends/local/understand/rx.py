"""The parser's patterns: ``rx(pattern)``, compiled on first use and kept compiled between
runs (``nemo_cli.rx``)."""

from __future__ import annotations

from ....rx import Rx, rx

__all__ = ["Rx", "rx"]
