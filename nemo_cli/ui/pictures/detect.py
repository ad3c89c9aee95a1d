"""Whether to show pictures, and with which protocol: a pure decision, table-tested.

Never when stdout (or stdin, which the graphics library reads the terminal's answers from) is
not a terminal, with ``--json``, with ``--no-pictures``, with ``NEMO_PICTURES=0`` (or ``off``)
or the config's ``pictures = off``, nor on a ``dumb`` terminal. ``NEMO_PICTURES`` (first) or
the config may also name the protocol: ``kitty``, ``sixel`` or ``blocks``.

Otherwise the environment says what the terminal is:

- kitty graphics (with Unicode placeholders): kitty and Ghostty;
- sixel: iTerm2 (its own protocol is not in the library, and iTerm2 has drawn sixel since
  3.3), WezTerm (its kitty support lacks the placeholders), foot, mlterm, Konsole, Contour;
- Unicode half-block cells everywhere else, in true colour when ``COLORTERM`` says so and in
  256 colours otherwise (Rich turns the colours down to what the console has).

Terminals named by the environment that draw neither (VTE terminals such as GNOME Terminal,
Apple's Terminal, the Linux console) get half-blocks at once. Only a terminal the environment
does not name (a plain xterm, Windows Terminal, VS Code's terminal...) may still draw sixel,
which only its answer to a question can tell: ``Decision.may_ask`` (see ``ask``, which asks at
most once per kind of terminal). Inside tmux or GNU screen graphics do not reach the outer
terminal reliably, so half-blocks are used there unless a protocol is named. Half-blocks need
colour: with ``NO_COLOR`` or ``--no-color`` only a graphics protocol is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from ...values import frozen

Mode = Literal["off", "kitty", "sixel", "blocks"]
Colors = Literal["truecolor", "256"]

ENV_VAR = "NEMO_PICTURES"
_OFF = frozenset({"0", "off", "no", "false", "never", "none"})
_AUTO = frozenset({"", "1", "on", "yes", "true", "auto", "always"})
_NAMED: dict[str, Mode] = {
    "kitty": "kitty",
    "sixel": "sixel",
    "blocks": "blocks",
    "halfblocks": "blocks",
    "half-blocks": "blocks",
}
_SIXEL_PROGRAMS = frozenset({"iterm.app", "wezterm", "mlterm", "contour", "mintty"})
_SIXEL_TERMS = ("foot", "mlterm", "contour", "yaft")
_BLOCK_PROGRAMS = frozenset({"apple_terminal"})  # named, and drawing no graphics
UNNAMED = "half-block cells"


@frozen
class Decision:
    mode: Mode
    colors: Colors = "truecolor"
    reason: str = ""
    # The environment did not name the terminal: its answer to a question may still find sixel.
    may_ask: bool = False

    @property
    def on(self) -> bool:
        return self.mode != "off"


def _truecolor(environ: Mapping[str, str]) -> bool:
    if environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return True
    term = environ.get("TERM", "")
    return term.endswith(("-direct", "-truecolor")) or term in ("xterm-kitty", "xterm-ghostty")


def terminal_mode(environ: Mapping[str, str]) -> tuple[Mode, str]:
    """The protocol this terminal has, from its environment variables alone."""
    term = environ.get("TERM", "").lower()
    program = environ.get("TERM_PROGRAM", "").lower()
    if environ.get("TMUX") or term.startswith(("screen", "tmux")):
        return "blocks", "inside tmux/screen"
    if term in ("xterm-kitty", "xterm-ghostty") or environ.get("KITTY_WINDOW_ID"):
        return "kitty", "kitty graphics terminal"
    if program == "ghostty":
        return "kitty", "kitty graphics terminal"
    if program in _SIXEL_PROGRAMS or environ.get("LC_TERMINAL", "").lower() == "iterm2":
        return "sixel", f"sixel terminal ({program or 'iTerm2'})"
    if term.startswith(_SIXEL_TERMS) or environ.get("KONSOLE_VERSION"):
        return "sixel", "sixel terminal"
    if environ.get("VTE_VERSION") or program in _BLOCK_PROGRAMS or term == "linux":
        return "blocks", "a terminal without graphics"
    return "blocks", UNNAMED


def decide(
    environ: Mapping[str, str],
    *,
    stdout_tty: bool,
    stdin_tty: bool,
    json: bool = False,
    no_pictures: bool = False,
    color: bool = True,
    setting: object = None,
) -> Decision:
    """What to draw pictures with (``Decision.mode``), or "off" and why."""
    if json:
        return Decision("off", reason="--json")
    if not stdout_tty:
        return Decision("off", reason="output is not a terminal")
    if not stdin_tty:
        return Decision("off", reason="input is not a terminal")
    if no_pictures:
        return Decision("off", reason="--no-pictures")
    if environ.get("TERM", "").lower() == "dumb":
        return Decision("off", reason="TERM=dumb")
    wanted, source = environ.get(ENV_VAR), ENV_VAR
    if wanted is None or not wanted.strip():
        wanted, source = (str(setting) if setting is not None else ""), "config"
    word = wanted.strip().lower()
    if word in _OFF:
        return Decision("off", reason=f"{source} is {word}")
    colors: Colors = "truecolor" if _truecolor(environ) else "256"
    if word in _NAMED:
        mode, reason = _NAMED[word], f"{source} is {word}"
    else:
        # An unknown word is treated as "auto": a typo must not break a command.
        mode, reason = terminal_mode(environ)
    may_ask = reason == UNNAMED
    if mode == "blocks" and not color:
        return Decision("off", reason="half-blocks need colour (NO_COLOR / --no-color)")
    return Decision(mode, colors, reason, may_ask)
