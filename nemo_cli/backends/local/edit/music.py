"""Background music: add or replace it, its place, volume and fades, remove it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath, PureWindowsPath

from ..intents import AddMusic, MusicFade, MusicVolume, RemoveMusic
from ..media import Media
from ..timeline import Music
from .clips import need_video
from .state import MIN_MS, Editor, dur, dur_zh, name, span, span_zh

MAX_VOLUME = 200
NO_MUSIC = (
    'There is no background music yet: say "add background music" first',
    "还没有背景音乐：请先说“加背景音乐”",
)


def _base(filename: str) -> str:
    return PureWindowsPath(PurePath(filename).name).name.lower()


def _find_audio(e: Editor, wanted: str | None) -> Media | None:
    audio = [m for m in e.media if m.file_type == "audio"]
    if wanted is None:
        if audio:
            return audio[0]
        e.problem(
            "Upload an audio file first: nemo upload music.mp3",
            "请先上传音频文件：nemo upload music.mp3",
        )
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
        known = ", ".join(name(m.filename) for m in audio)
        more = f" (audio files here: {known})" if known else ""
        more_zh = f"（已有音频：{known}）" if known else ""
        e.problem(
            f"There is no audio file named '{name(wanted)}' in this session{more}: "
            f"upload it first (nemo upload {name(wanted)})",
            f"会话里没有名为「{name(wanted)}」的音频{more_zh}："
            f"请先上传（nemo upload {name(wanted)}）",
        )
        return None
    if match.file_type != "audio":
        e.problem(
            f"'{name(match.filename)}' is a {match.file_type}, not an audio file: "
            "upload the music as mp3, wav, m4a or aac",
            f"「{name(match.filename)}」不是音频文件："
            "请上传 mp3、wav、m4a 或 aac 格式的音乐",
        )
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
        e.problem(
            f"The timeline is only {dur(total)} long: music from {st // 1000}s would not play",
            f"时间线只有 {dur_zh(total)}：从 {st // 1000} 秒开始的音乐不会播放",
        )
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
        it.volume
        if it.volume is not None
        else (current.volume if current else _default_volume(e))
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
    title = name(music.name)
    looped, looped_zh = (" (looped)", "（循环播放）") if music.loop else ("", "")
    replaced, replaced_zh = "", ""
    if current is not None and not same:
        old = name(current.name)
        replaced, replaced_zh = f", replacing '{old}'", f"，替换了「{old}」"
    e.say(
        f"Added music '{title}' to {span(st, en)} at {volume}%{looped}{replaced}",
        f"已添加音乐「{title}」：{span_zh(st, en)}，音量 {volume}%{looped_zh}{replaced_zh}",
    )


def _update_music(e: Editor, music: Music, it: AddMusic) -> None:
    title = name(music.name)
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
    st, d, v = music.start_ms, music.duration_ms, music.volume
    e.say(
        f"Music '{title}' plays {span(st, st + d)} at {v}%",
        f"音乐「{title}」：{span_zh(st, st + d)}，音量 {v}%",
    )


def music_volume(e: Editor, it: MusicVolume) -> None:
    music = _music(e)
    if music is None:
        e.problem(*NO_MUSIC)
        return
    old = music.volume
    if it.volume is not None:
        new = it.volume
    else:
        step = it.delta or 0
        new = max(5, old + step) if step < 0 else old + step
        if step < 0 and old <= 5:
            e.problem("The music is already as quiet as it goes (5%)", "音乐已经是最小音量（5%）")
            return
    new = max(0, min(new, MAX_VOLUME))
    e.set_music([replace(music, volume=new), *e.music[1:]])
    e.say(f"Set the music volume to {new}% (was {old}%)", f"音乐音量设为 {new}%（原来 {old}%）")


def music_fade(e: Editor, it: MusicFade) -> None:
    music = _music(e)
    if music is None:
        e.problem(*NO_MUSIC)
        return
    length = music.duration_ms
    parts, parts_zh = [], []
    for value, word, word_zh in ((it.fade_in_ms, "in", "淡入"), (it.fade_out_ms, "out", "淡出")):
        if value is None:
            continue
        value = max(0, min(value, length))
        if word == "in":
            music = replace(music, fade_in_ms=value)
        else:
            music = replace(music, fade_out_ms=value)
        parts.append(f"{word} over {dur(value)}" if value else f"no fade {word}")
        parts_zh.append(f"{word_zh} {dur_zh(value)}" if value else f"不{word_zh}")
    e.set_music([music, *e.music[1:]])
    if not any((it.fade_in_ms, it.fade_out_ms)):
        e.say("Removed the music fades", "已去掉音乐的淡入淡出")
        return
    e.say("Music fades " + " and ".join(parts), "音乐" + "，".join(parts_zh))


def remove_music(e: Editor, _: RemoveMusic) -> None:
    music = _music(e)
    if music is None:
        e.problem("There is no music to remove", "没有可以去掉的音乐")
        return
    e.set_music([])
    e.say(f"Removed the music '{name(music.name)}'", f"已去掉音乐「{name(music.name)}」")
