"""What a person should know about an uploaded file before editing with it, from its session
entry: streams that end early, several sound tracks, HDR. Said at upload (and kept with the
media, so ``status`` can say it again); each note is one sentence naming the file.
"""

from __future__ import annotations

from typing import Any

from ...safe_text import one_line
from .render.probe import SHORT_S

_HDR_NAMES = {"hlg": "HDR (HLG)", "pq": "HDR (PQ / HDR10)"}


def _seconds(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def track_label(track: dict[str, Any], position: int) -> str:
    """``"Commentary (eng)"``, else ``"track 2"`` (counting from 1, as people do)."""
    title = str(track.get("title") or "").strip()
    language = str(track.get("language") or "").strip()
    words = [w for w in (title, f"({language})" if language else "") if w]
    return one_line(" ".join(words), 60) if words else f"track {position + 1}"


def media_notes(entry: dict[str, Any]) -> list[str]:
    name = one_line(str(entry.get("filename") or "this file"), 80)
    notes: list[str] = []
    plays = _seconds(entry.get("duration"))
    claim = _seconds(entry.get("file_duration"))
    picture = _seconds(entry.get("video_duration"))
    tracks = [t for t in entry.get("audio_streams") or [] if isinstance(t, dict)]
    chosen = entry["audio_stream"] if isinstance(entry.get("audio_stream"), int) else 0
    sound = _seconds(tracks[chosen].get("duration")) if 0 <= chosen < len(tracks) else None
    if plays is not None and claim is not None and claim > plays:
        notes.append(
            f"{name} ends early: it can be played to {plays:.1f} s, though it says "
            f"{claim:.1f} s (an interrupted copy?). nemo uses the {plays:.1f} s it can read."
        )
    if plays is not None and picture is not None and picture < plays - SHORT_S:
        notes.append(
            f"{name}: the picture stops at {picture:.1f} s but the sound goes on to "
            f"{plays:.1f} s; nemo holds the last frame to the end."
        )
    if plays is not None and sound is not None and sound < plays - SHORT_S:
        notes.append(
            f"{name}: the sound stops at {sound:.1f} s, the picture goes on to {plays:.1f} s; "
            "silence after."
        )
    if len(tracks) > 1:
        label = track_label(tracks[chosen], chosen) if 0 <= chosen < len(tracks) else "the first"
        others = ", ".join(track_label(t, i) for i, t in enumerate(tracks) if i != chosen)
        notes.append(
            f"{name} has {len(tracks)} sound tracks: nemo plays {label} (the default); "
            f'the other: {others}. Say "use the {_pick_word(tracks, chosen)} track" for another.'
        )
    hdr = entry.get("hdr")
    if isinstance(hdr, str) and hdr in _HDR_NAMES:
        notes.append(f"{name} is {_HDR_NAMES[hdr]}: nemo tone-maps it to standard range "
                     "(BT.709) so it looks right next to other clips.")  # fmt: skip
    return notes


def _pick_word(tracks: list[dict[str, Any]], chosen: int) -> str:
    """A word that names another track: its title, its language, else "second"."""
    for i, track in enumerate(tracks):
        if i == chosen:
            continue
        title = str(track.get("title") or "").strip()
        if title:
            return one_line(title.lower(), 30)
        if track.get("language"):
            return one_line(str(track["language"]), 10)
    return "second" if chosen == 0 else "first"
