"""Background music (track 1): add or replace it, its place, volume and fades, remove it."""

from __future__ import annotations

from pathlib import PurePath, PureWindowsPath
from typing import Any

from ..intents import AddMusic, MusicFade, MusicVolume, RemoveMusic
from .clips import need_video
from .state import AUDIO, MIN_MS, Editor, Seg, dur, dur_zh, ms, name, num, span, span_zh

MAX_VOLUME = 200
NO_MUSIC = (
    'There is no background music yet: say "add background music" first',
    "还没有背景音乐：请先说“加背景音乐”",
)

def _base(filename: str) -> str:
    return PureWindowsPath(PurePath(filename).name).name.lower()


def _find_audio(e: Editor, wanted: str | None) -> dict[str, Any] | None:
    audio = [m for m in e.media if m.get("file_type") == "audio"]
    if wanted is None:
        if audio:
            return audio[0]
        e.problem(
            "Upload an audio file first: nemo upload music.mp3",
            "请先上传音频文件：nemo upload music.mp3",
        )
        return None
    key = _base(wanted)
    names = [(m, _base(str(m.get("filename") or m.get("path") or ""))) for m in e.media]
    stem = key.rsplit(".", 1)[0]
    match = (
        next((m for m, n in names if n == key), None)
        or next((m for m, n in names if n and key.endswith(n)), None)
        or next((m for m, n in names if n.rsplit(".", 1)[0] == stem), None)
        or next((m for m, n in names if stem and stem in n), None)
    )
    if match is None:
        known = ", ".join(name(m.get("filename")) for m in audio)
        more = f" (audio files here: {known})" if known else ""
        more_zh = f"（已有音频：{known}）" if known else ""
        e.problem(
            f"There is no audio file named '{name(wanted)}' in this session{more}: "
            f"upload it first (nemo upload {name(wanted)})",
            f"会话里没有名为「{name(wanted)}」的音频{more_zh}："
            f"请先上传（nemo upload {name(wanted)}）",
        )
        return None
    if match.get("file_type") != "audio":
        e.problem(
            f"'{name(match.get('filename'))}' is a {match.get('file_type')}, not an audio file: "
            "upload the music as mp3, wav, m4a or aac",
            f"「{name(match.get('filename'))}」不是音频文件："
            "请上传 mp3、wav、m4a 或 aac 格式的音乐",
        )
        return None
    return match


def _default_volume(e: Editor) -> int:
    """Under clips that have their own sound, music sits lower."""
    for seg in e.video:
        item = e.media_by_id(seg.get("src"))
        if seg.get("k") != "image" and ms(seg.get("v"), 100) > 0 and item and item.get("has_audio"):
            return 35
    return 100


def _music(e: Editor) -> Seg | None:
    segs = e.track(AUDIO)
    return segs[0] if segs else None


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
        else (ms(current.get("v"), 35) if current else _default_volume(e))
    )
    volume = max(0, min(volume, MAX_VOLUME))
    same = current is not None and current.get("src") == item.get("id")
    seg: Seg = {
        "id": "a1",
        "src": item.get("id"),
        "n": item.get("filename") or item.get("id"),
        "st": st,
        "d": en - st,
        "in": 0,
        "v": volume,
        "fi": ms(current.get("fi")) if same and current else 0,
        "fo": ms(current.get("fo")) if same and current else 0,
        "loop": num(item.get("duration"), 0) * 1000 < en - st,
    }
    e.set_track(AUDIO, [seg])
    title = name(seg["n"])
    looped, looped_zh = (" (looped)", "（循环播放）") if seg["loop"] else ("", "")
    replaced, replaced_zh = "", ""
    if current is not None and not same:
        old = name(current.get("n"))
        replaced, replaced_zh = f", replacing '{old}'", f"，替换了「{old}」"
    e.say(
        f"Added music '{title}' to {span(st, en)} at {volume}%{looped}{replaced}",
        f"已添加音乐「{title}」：{span_zh(st, en)}，音量 {volume}%{looped_zh}{replaced_zh}",
    )


def _update_music(e: Editor, seg: Seg, it: AddMusic) -> None:
    title = name(seg.get("n"))
    if it.start_ms is not None or it.end_ms is not None:
        place = _place(e, it.start_ms, it.end_ms)
        if place is None:
            return
        seg["st"], seg["d"] = place[0], place[1] - place[0]
        e.retime()
    if it.volume is not None:
        seg["v"] = max(0, min(it.volume, MAX_VOLUME))
    st, d, v = ms(seg.get("st")), ms(seg.get("d")), ms(seg.get("v"))
    e.say(
        f"Music '{title}' plays {span(st, st + d)} at {v}%",
        f"音乐「{title}」：{span_zh(st, st + d)}，音量 {v}%",
    )


def music_volume(e: Editor, it: MusicVolume) -> None:
    seg = _music(e)
    if seg is None:
        e.problem(*NO_MUSIC)
        return
    old = ms(seg.get("v"), 100)
    if it.volume is not None:
        new = it.volume
    else:
        step = it.delta or 0
        new = max(5, old + step) if step < 0 else old + step
        if step < 0 and old <= 5:
            e.problem("The music is already as quiet as it goes (5%)", "音乐已经是最小音量（5%）")
            return
    new = max(0, min(new, MAX_VOLUME))
    seg["v"] = new
    e.say(f"Set the music volume to {new}% (was {old}%)", f"音乐音量设为 {new}%（原来 {old}%）")


def music_fade(e: Editor, it: MusicFade) -> None:
    seg = _music(e)
    if seg is None:
        e.problem(*NO_MUSIC)
        return
    length = ms(seg.get("d"))
    parts, parts_zh = [], []
    for key, value, word, word_zh in (("fi", it.fade_in_ms, "in", "淡入"),
                                      ("fo", it.fade_out_ms, "out", "淡出")):  # fmt: skip
        if value is None:
            continue
        value = max(0, min(value, length))
        seg[key] = value
        parts.append(f"{word} over {dur(value)}" if value else f"no fade {word}")
        parts_zh.append(f"{word_zh} {dur_zh(value)}" if value else f"不{word_zh}")
    if not any((it.fade_in_ms, it.fade_out_ms)):
        e.say("Removed the music fades", "已去掉音乐的淡入淡出")
        return
    e.say("Music fades " + " and ".join(parts), "音乐" + "，".join(parts_zh))


def remove_music(e: Editor, _: RemoveMusic) -> None:
    seg = _music(e)
    if seg is None:
        e.problem("There is no music to remove", "没有可以去掉的音乐")
        return
    e.set_track(AUDIO, [])
    e.say(f"Removed the music '{name(seg.get('n'))}'", f"已去掉音乐「{name(seg.get('n'))}」")
