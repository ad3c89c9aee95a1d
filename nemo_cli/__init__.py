"""nemo: a terminal video maker. Kept import-free so `nemo --version` starts instantly."""

__version__ = "0.1.0"
