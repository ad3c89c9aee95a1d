"""Edits above the clips: background music (track 1), titles and captions (track 7), and the
frame (aspect ratio, letterbox or fill). Same shape as ``edit_clips``: each takes the
``Editor`` and one intent."""

from __future__ import annotations

from pathlib import PurePath, PureWindowsPath
from typing import Any

from .editor import (
    AUDIO,
    DEFAULT_TEXT_MS,
    MIN_MS,
    TEXT,
    Editor,
    Seg,
    dur,
    dur_zh,
    ms,
    name,
    num,
    span,
    span_zh,
)
from .intent_types import (
    AddMusic,
    AddText,
    MusicFade,
    MusicVolume,
    RemoveMusic,
    RemoveText,
    SetAspect,
    SetFit,
)

SIZES = {"16:9": (1920, 1080), "9:16": (1080, 1920), "1:1": (1080, 1080)}
ASPECT_WORDS = {
    "16:9": ("landscape", "横屏"),
    "9:16": ("vertical", "竖屏"),
    "1:1": ("square", "方形"),
}
ROLE_ZH = {"title": "标题", "caption": "字幕", "text": "文字"}
POS_ZH = {"top": "顶部", "center": "中间", "bottom": "底部"}
SIZE_ZH = {"small": "小号", "medium": "中号", "large": "大号"}
MAX_VOLUME = 200
NO_MUSIC = (
    'There is no background music yet: say "add background music" first',
    "还没有背景音乐：请先说“加背景音乐”",
)


# ---------------------------------------------------------------- music


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
    if not e.need_video():
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


# ---------------------------------------------------------------- text


def _text_place(e: Editor, it: AddText) -> tuple[int, int, str | None]:
    total = e.length
    if it.whole:
        return 0, total, "all"
    if it.at_end:
        d = it.duration_ms or DEFAULT_TEXT_MS
        return max(0, total - d), min(d, total), "end"
    if it.start_ms is not None and it.end_ms is not None:
        return it.start_ms, it.end_ms - it.start_ms, None
    if it.start_ms is not None:
        return it.start_ms, it.duration_ms or DEFAULT_TEXT_MS, None
    if it.end_ms is not None:
        return 0, it.end_ms, None
    start = 0
    if it.role == "caption":  # a new caption follows the previous one
        ends = [ms(s.get("st")) + ms(s.get("d")) for s in e.track(TEXT) if s.get("k") == "caption"]
        start = max(ends, default=0)
    return start, it.duration_ms or DEFAULT_TEXT_MS, None


def _restyle(e: Editor, it: AddText) -> bool:
    """ "put the title at the bottom", "make the title bigger": change the text already there."""
    texts = [s for s in e.track(TEXT) if s.get("k", "title") == it.role]
    timing = it.start_ms, it.end_ms, it.duration_ms, it.at_end or None, it.whole or None
    if not texts or not (it.position or it.size or any(v is not None for v in timing)):
        return False
    for seg in texts:
        if it.position:
            seg["pos"] = it.position
        if it.size:
            seg["size"] = it.size
        if len(texts) == 1 and any(v is not None for v in timing):
            st, d, anchor = _text_place(e, it)
            if st < e.length and d >= MIN_MS:
                seg["st"], seg["d"] = st, min(d, e.length - st)
                seg.pop("anc", None)
                if anchor:
                    seg["anc"] = anchor
        st, d = ms(seg.get("st")), ms(seg.get("d"))
        pos, size, text = seg.get("pos", "center"), seg.get("size", "medium"), name(seg.get("tx"))
        e.say(
            f'Updated {it.role} "{text}" ({span(st, st + d)}, {pos}, {size})',
            f"已调整{ROLE_ZH[it.role]}“{text}”（{span_zh(st, st + d)}，{POS_ZH.get(pos, pos)}，"
            f"{SIZE_ZH.get(size, size)}）",
        )
    e.set_track(TEXT, sorted(e.track(TEXT), key=lambda s: ms(s.get("st"))))
    return True


def add_text(e: Editor, it: AddText) -> None:
    role, role_zh = it.role, ROLE_ZH[it.role]
    if not it.text and _restyle(e, it):
        return
    if not it.text:
        e.problem(
            f'What should the {role} say? Put the text in quotes, e.g. {role} "Urban Dreams"',
            f"{role_zh}要写什么？请把文字放在引号里，例如：{role_zh}“城市之梦”",
        )
        return
    if not e.need_video():
        return
    total = e.length
    st, d, anchor = _text_place(e, it)
    if d < MIN_MS:
        e.problem(f"The {role}'s time range is empty", f"{role_zh}的时间范围是空的")
        return
    if st >= total:
        e.problem(
            f"The timeline is only {dur(total)} long: a {role} at {st / 1000:g}s would never show",
            f"时间线只有 {dur_zh(total)}：{st / 1000:g} 秒处的{role_zh}不会出现",
        )
        return
    d = min(d, total - st)
    pos = it.position or ("bottom" if role == "caption" else "center")
    size = it.size or ("large" if role == "title" else "medium")
    texts = e.track(TEXT)
    replaced = [
        s for s in texts
        if s.get("k", "title") == role and s.get("pos", "center") == pos
        and ms(s.get("st")) < st + d and st < ms(s.get("st")) + ms(s.get("d"))
    ]  # fmt: skip
    seg: Seg = {"id": e.next_id(texts, "x"), "tx": it.text, "st": st, "d": d, "pos": pos,
                "size": size, "k": role}  # fmt: skip
    if anchor:
        seg["anc"] = anchor
    kept = [s for s in texts if not any(s is r for r in replaced)] + [seg]
    kept.sort(key=lambda s: ms(s.get("st")))
    e.set_track(TEXT, kept)
    e.sync_title()
    text = name(it.text)
    where, where_zh = f"({span(st, st + d)}, {pos})", f"（{span_zh(st, st + d)}，{POS_ZH[pos]}）"
    if replaced:
        old = name(replaced[0].get("tx"))
        e.say(f'Replaced {role} "{old}" with "{text}" {where}',
              f"已把{role_zh}“{old}”改成“{text}”{where_zh}")  # fmt: skip
    else:
        e.say(f'Added {role} "{text}" {where}', f"已添加{role_zh}“{text}”{where_zh}")


def remove_text(e: Editor, it: RemoveText) -> None:
    texts = e.track(TEXT)
    gone = [s for s in texts if it.role is None or s.get("k", "title") == it.role]
    word = it.role or "text"
    word_zh = ROLE_ZH[it.role] if it.role else "文字"
    if not gone:
        e.problem(f"There is no {word} to remove", f"没有可以去掉的{word_zh}")
        return
    e.set_track(TEXT, [s for s in texts if not any(s is g for g in gone)])
    e.sync_title()
    if len(gone) == 1:
        text = name(gone[0].get("tx"))
        kind = gone[0].get("k", "title")
        e.say(f'Removed {kind} "{text}"', f"已去掉{ROLE_ZH.get(kind, '文字')}“{text}”")
    else:
        en = f"Removed {len(gone)} {word}s" if it.role else f"Removed all text ({len(gone)} items)"
        e.say(en, f"已去掉 {len(gone)} 个{word_zh}")


# ---------------------------------------------------------------- frame


def set_aspect(e: Editor, it: SetAspect) -> None:
    if not e.video and e.visual_media():
        e.need_video()
    width, height = SIZES[it.aspect]
    word, word_zh = ASPECT_WORDS[it.aspect]
    what = f"{word} {it.aspect} ({width}x{height})"
    what_zh = f"{word_zh} {it.aspect}（{width}x{height}）"
    if e.m.get("aspect") == it.aspect and (e.m.get("width"), e.m.get("height")) == (width, height):
        e.say(f"The video is already {what}", f"视频已经是{what_zh}")
        return
    e.m.update(aspect=it.aspect, width=width, height=height)
    e.say(f"Switched to {what}", f"已切换为{what_zh}")


def set_fit(e: Editor, it: SetFit) -> None:
    size = f"{e.m.get('width')}x{e.m.get('height')}"
    if it.fit == "fill":
        what = f"fill the {size} frame (cropped, no black bars)"
        what_zh = f"填满 {size} 画面（裁剪，无黑边）"
    else:
        what = f"fit inside the {size} frame (whole picture, black bars where shapes differ)"
        what_zh = f"完整显示在 {size} 画面内（比例不同处留黑边）"
    if e.m.get("fit") == it.fit:
        e.say(f"Clips already {what}", f"片段已经{what_zh}")
        return
    e.m["fit"] = it.fit
    e.say(f"Clips now {what}", f"片段现在{what_zh}")
