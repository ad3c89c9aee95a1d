"""A tiny terminal emulator: what a person would see after a program wrote these bytes.

Understands what Rich's Live and console write: text, CR, LF (as CR LF, like a tty with
onlcr), cursor up/down/column moves, erase in line, and ignores styles, cursor visibility,
hyperlinks and other OSC strings, and DCS / APC strings (sixel and kitty pictures). The
screen has unlimited scrollback: ``screen(text)`` returns every line ever left on it, so a line
printed twice shows up twice.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"\x1b\[(?P<params>[0-9;?]*)(?P<final>[A-Za-z])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC (hyperlinks, titles)
    r"|\x1b[P_^X][^\x1b]*(?:\x1b\\)?"  # DCS (sixel), APC (kitty graphics), PM, SOS: not text
    r"|\x1b[()][0-9A-Za-z]"  # charset selection
    r"|(?P<ctl>[\r\n\x08\x07])"
    r"|(?P<text>[^\x1b\r\n\x08\x07]+)"
)


class Screen:
    def __init__(self) -> None:
        self.lines: list[list[str]] = [[]]
        self.row = 0
        self.col = 0

    def _line(self) -> list[str]:
        while self.row >= len(self.lines):
            self.lines.append([])
        return self.lines[self.row]

    def _put(self, text: str) -> None:
        line = self._line()
        for ch in text:
            if self.col >= len(line):
                line.extend(" " * (self.col - len(line) + 1))
            line[self.col] = ch
            self.col += 1

    def feed(self, data: str) -> None:
        for m in _TOKEN.finditer(data):
            if m.group("text") is not None:
                self._put(m.group("text"))
            elif m.group("ctl") is not None:
                ch = m.group("ctl")
                if ch == "\r":
                    self.col = 0
                elif ch == "\n":
                    self.row += 1
                    self.col = 0
                    self._line()
                elif ch == "\x08":
                    self.col = max(0, self.col - 1)
            elif m.group("final") is not None:
                self._csi(m.group("params"), m.group("final"))

    def _csi(self, params: str, final: str) -> None:
        if params.startswith("?"):
            return  # cursor visibility, bracketed paste, ...
        nums = [int(p) if p else 0 for p in params.split(";")] if params else []
        n = nums[0] if nums else 0
        if final == "A":
            self.row = max(0, self.row - max(n, 1))
        elif final == "B":
            self.row += max(n, 1)
            self._line()
        elif final == "C":
            self.col += max(n, 1)
        elif final == "D":
            self.col = max(0, self.col - max(n, 1))
        elif final == "G":
            self.col = max(n, 1) - 1
        elif final == "K":
            line = self._line()
            if n == 2:
                line.clear()
            elif n == 0:
                del line[self.col :]
            elif n == 1:
                line[: self.col] = " " * min(self.col, len(line))

    def text(self) -> str:
        rows = ["".join(line).rstrip() for line in self.lines]
        while rows and not rows[-1]:
            rows.pop()
        return "\n".join(rows)


def screen(data: str) -> str:
    s = Screen()
    s.feed(data)
    return s.text()
