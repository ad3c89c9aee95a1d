"""The NemoVideo cloud contract emulator (see README.md beside this file)."""

from .emulator import Emulator
from .wire import RecordedRequest

__all__ = ["Emulator", "RecordedRequest"]
