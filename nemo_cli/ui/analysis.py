"""``nemo analyze`` as text: one line per kind of finding, long lists shortened."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ..backends.local.analyze.ranges import Range, total
from ..backends.local.analyze.result import Analysis
from ..safe_text import markup, one_line

SHOWN = 6  # items listed before "and N more"


def clock(seconds: float) -> str:
    """``0:03.2``, ``12:04.0``, ``1:02:03.5``: tenths of a second, the way editors show cuts."""
    tenths = int(round(seconds * 10))
    hours, rest = divmod(tenths, 36_000)
    minutes, rest = divmod(rest, 600)
    text = f"{minutes}:{rest // 10:02d}.{rest % 10}"
    return f"{hours}:{minutes:02d}:{rest // 10:02d}.{rest % 10}" if hours else text


def _listed(items: Sequence[str]) -> str:
    head = ", ".join(items[:SHOWN])
    more = len(items) - SHOWN
    return f"{head} and {more} more" if more > 0 else head


def _spans(ranges: Sequence[Range], noun: str) -> str:
    if not ranges:
        return "none"
    count = len(ranges)
    listed = _listed([f"{clock(s)}-{clock(e)}" for s, e in ranges])
    return f"{count} {noun}{'s' if count != 1 else ''}, {total(ranges):.1f} s: {listed}"


def _loudness(result: Analysis) -> str:
    loud = result.loudness
    if loud.integrated_lufs is None and loud.true_peak_db is None:
        return "no sound to measure"
    parts = []
    if loud.integrated_lufs is not None:
        parts.append(f"{loud.integrated_lufs:.1f} LUFS integrated")
    if loud.true_peak_db is not None:
        parts.append(f"true peak {loud.true_peak_db:.1f} dBTP")
    if loud.lra is not None:
        parts.append(f"range {loud.lra:.1f} LU")
    if loud.noise_floor_db is not None:
        parts.append(f"noise floor {loud.noise_floor_db:.0f} dB")
    return ", ".join(parts)


def _tempo(result: Analysis) -> str:
    if result.tempo_bpm is None:
        return "no steady beat"
    beats = result.beats
    return (
        f"{result.tempo_bpm:.1f} BPM, {len(beats)} beats from {clock(beats[0])} "
        f"to {clock(beats[-1])}"
    )


LABEL = 9  # the label column ("Silences ")
INDENT = " " * (2 + LABEL + 1)  # where a row's text starts, and its wrapped lines continue


def lines(result: Analysis, *, name: str, width: int | None = None) -> list[str]:
    """Rich markup lines; ``name`` is escaped here. With ``width`` (a terminal), a long row is
    broken between its items and continues under its text, not under its label."""
    length = "no length: a still image" if result.duration is None else clock(result.duration)
    scenes = result.scenes
    cuts = (
        f"{len(scenes)} cut{'s' if len(scenes) != 1 else ''}: "
        + _listed([clock(t) for t in scenes])
        if scenes
        else "none"
    )
    rows = [
        ("Loudness", _loudness(result)),
        ("Speech", _spans(result.speech, "stretch")),
        ("Silences", _spans(result.silences, "silence")),
        ("Tempo", _tempo(result)),
        ("Scenes", cuts),
        ("Black", _spans(result.black, "stretch")),
        ("Frozen", _spans(result.frozen, "stretch")),
    ]
    out = [f"[bold]{markup(one_line(name, 80))}[/] ({length})"]
    for label, text in rows:
        row = f"  {label:<{LABEL}} {text.replace('stretchs', 'stretches')}"
        if width and width > len(INDENT) + 20:
            row = textwrap.fill(
                row,
                width=width,
                subsequent_indent=INDENT,
                break_long_words=False,
                break_on_hyphens=False,
            )
        out.append(row)
    return out
