"""Background music: add or replace it, its place, volume and fades, remove it."""

from __future__ import annotations

from pathlib import PurePath, PureWindowsPath

from ....values import replace
from ..changes import (
    AtLoudest,
    MusicAdded,
    MusicAtQuietest,
    MusicFadesSet,
    MusicPlaced,
    MusicRemoved,
    MusicVolumeSet,
    MusicWouldNotPlay,
    NoAudioFile,
    NoMusic,
    NoMusicToRemove,
    NoSuchAudio,
    NotAudio,
)
from ..intents import AddMusic, MusicFade, MusicVolume, RemoveMusic
from ..media import Media
from ..timeline import Music
from .clips import need_video
from .state import MIN_MS, Editor
from .steps import stepped

MAX_VOLUME = 200


def _base(filename: str) -> str:
    return PureWindowsPath(PurePath(filename).name).name.lower()


def _find_audio(e: Editor, wanted: str | None) -> Media | None:
    audio = [m for m in e.media if m.file_type == "audio"]
    if wanted is None:
        if audio:
            return audio[0]
        e.cannot(NoAudioFile())
        return None
    key = _base(wanted)
    names = [(m, _base(m.filename or m.path)) for m in e.media]
    stem = key.rsplit(".", 1)[0]
    match = (
        next((m for m, n in names if n == key), None)
        or next((m for m, n in names if n and key.endswith(n)), None)
        or next((m for m, n in names if n.rsplit(".", 1)[0] == stem), None)
        or next((m for m, n in names if stem and stem in n), None)
    )
    if match is None:
        e.cannot(NoSuchAudio(wanted, tuple(m.filename for m in audio)))
        return None
    if match.file_type != "audio":
        e.cannot(NotAudio(match.filename, match.file_type))
        return None
    return match


def _default_volume(e: Editor) -> int:
    """Under clips that have their own sound, music sits lower."""
    for clip in e.clips:
        item = e.media_by_id(clip.source)
        if clip.kind != "image" and clip.volume > 0 and item and item.has_audio:
            return 35
    return 100


def _music(e: Editor) -> Music | None:
    return e.music[0] if e.music else None


def _place(e: Editor, start: int | None, end: int | None) -> tuple[int, int] | None:
    total = e.length
    st = start or 0
    en = min(end if end is not None else total, total)
    if st >= total or en - st < MIN_MS:
        e.cannot(MusicWouldNotPlay(total, st))
        return None
    return st, en


def add_music(e: Editor, it: AddMusic) -> None:
    if not need_video(e):
        return
    current = _music(e)
    if it.file is None and current is not None:
        _update_music(e, current, it)
        return
    item = _find_audio(e, it.file)
    if item is None:
        return
    place = _place(e, it.start_ms, it.end_ms)
    if place is None:
        return
    st, en = place
    volume = (
        it.volume if it.volume is not None else (current.volume if current else _default_volume(e))
    )
    volume = max(0, min(volume, MAX_VOLUME))
    same = current is not None and current.source == item.id
    music = Music(
        id="a1",
        source=item.id,
        name=item.filename or item.id,
        start_ms=st,
        duration_ms=en - st,
        volume=volume,
        fade_in_ms=current.fade_in_ms if same and current else 0,
        fade_out_ms=current.fade_out_ms if same and current else 0,
        loop=(item.duration or 0) * 1000 < en - st,
    )
    e.set_music([music])
    replaced = current.name if current is not None and not same else None
    e.did(MusicAdded(music.name, st, en, volume, music.loop, replaced))


def _update_music(e: Editor, music: Music, it: AddMusic) -> None:
    if it.start_ms is not None or it.end_ms is not None:
        place = _place(e, it.start_ms, it.end_ms)
        if place is None:
            return
        music = replace(music, start_ms=place[0], duration_ms=place[1] - place[0])
        e.set_music([music, *e.music[1:]])
        e.retime(e.length)
        music = e.music[0]
    if it.volume is not None:
        music = replace(music, volume=max(0, min(it.volume, MAX_VOLUME)))
        e.set_music([music, *e.music[1:]])
    e.did(MusicPlaced(music.name, music.start_ms, music.end_ms, music.volume))


def music_volume(e: Editor, it: MusicVolume) -> None:
    music = _music(e)
    if music is None:
        e.cannot(NoMusic())
        return
    old = music.volume
    if it.volume is not None:
        new = it.volume
    else:
        new = min(stepped(old, it.steps or 0), MAX_VOLUME)
        if new == old and (it.steps or 0) < 0:
            e.cannot(MusicAtQuietest(old))
            return
        if new == old and (it.steps or 0) > 0:
            e.cannot(AtLoudest(True, old))
            return
    new = max(0, min(new, MAX_VOLUME))
    e.set_music([replace(music, volume=new), *e.music[1:]])
    e.did(MusicVolumeSet(new, old))


def music_fade(e: Editor, it: MusicFade) -> None:
    music = _music(e)
    if music is None:
        e.cannot(NoMusic())
        return
    length = music.duration_ms
    fade_in = None if it.fade_in_ms is None else max(0, min(it.fade_in_ms, length))
    fade_out = None if it.fade_out_ms is None else max(0, min(it.fade_out_ms, length))
    if fade_in is not None:
        music = replace(music, fade_in_ms=fade_in)
    if fade_out is not None:
        music = replace(music, fade_out_ms=fade_out)
    e.set_music([music, *e.music[1:]])
    e.did(MusicFadesSet(fade_in, fade_out))


def remove_music(e: Editor, _: RemoveMusic) -> None:
    music = _music(e)
    if music is None:
        e.cannot(NoMusicToRemove())
        return
    e.set_music([])
    e.did(MusicRemoved(music.name))
