"""What a person should know about an uploaded file before editing with it: streams that end
early, several sound tracks, HDR. Said at upload (and by ``status``, from the session's media);
each note is one sentence naming the file.
"""

from __future__ import annotations

from ...safe_text import one_line
from .media import Media
from .render.probe import SHORT_S

_HDR_NAMES = {"hlg": "HDR (HLG)", "pq": "HDR (PQ / HDR10)"}


def media_notes(media: Media) -> list[str]:
    name = one_line(media.filename or "this file", 80)
    notes: list[str] = []
    plays, claim, picture = media.duration, media.file_duration, media.video_duration
    playing = media.track_at(None)
    sound = playing.duration if playing else None
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
    if len(media.tracks) > 1 and playing is not None:
        others = ", ".join(
            one_line(t.label(i), 60) for i, t in enumerate(media.tracks) if i != media.track
        )
        notes.append(
            f"{name} has {len(media.tracks)} sound tracks: "
            f"{one_line(playing.label(media.track), 60)} (the default, played unless you say) "
            f'and {others}. Say "use the {_pick_word(media)} track" to play another.'
        )
    if media.hdr in _HDR_NAMES:
        notes.append(
            f"{name} is {_HDR_NAMES[media.hdr]}: nemo tone-maps it to standard range "
            "(BT.709) so it looks right next to other clips."
        )
    return notes


def _pick_word(media: Media) -> str:
    """A word that names another track: its title, its language, else "second"."""
    for i, track in enumerate(media.tracks):
        if i == media.track:
            continue
        if track.title:
            return one_line(track.title.lower(), 30)
        if track.language:
            return one_line(track.language, 10)
    return "second" if media.track == 0 else "first"
