"""Choices about what comes from the files: the output's frame rate and which of a file's sound
tracks plays."""

from __future__ import annotations

from ..intents import FrameRate, SoundTrack
from ..media import Media, Track
from ..render.rate import dominant, snap
from .clips import clip_index, need_video
from .state import Editor, name

# Words people use for a track -> what its title or language tag may say.
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "english": ("eng", "en"), "英语": ("eng", "en"), "英文": ("eng", "en"),
    "french": ("fra", "fre", "fr"), "法语": ("fra", "fre", "fr"),
    "german": ("deu", "ger", "de"), "德语": ("deu", "ger", "de"),
    "spanish": ("spa", "es"), "西班牙语": ("spa", "es"),
    "japanese": ("jpn", "ja"), "日语": ("jpn", "ja"),
    "chinese": ("chi", "zho", "zh", "cmn"), "中文": ("chi", "zho", "zh", "cmn"),
    "mandarin": ("cmn", "chi", "zho"), "国语": ("cmn", "chi", "zho"),
    "普通话": ("cmn", "chi", "zho"), "cantonese": ("yue",), "粤语": ("yue",),
    "korean": ("kor", "ko"), "韩语": ("kor", "ko"), "italian": ("ita", "it"),
    "russian": ("rus", "ru"), "portuguese": ("por", "pt"),
}  # fmt: skip
_TITLE_WORDS: dict[str, tuple[str, ...]] = {
    "解说": ("commentary", "解说"), "评论": ("commentary", "评论"), "导演": ("director",),
    "原声": ("original", "原声"), "旁白": ("narration", "narrator", "旁白"),
    "音乐": ("music", "音乐"), "other": (), "another": (), "其他": (), "另一": (), "另一个": (),
}  # fmt: skip


def frame_rate(e: Editor, it: FrameRate) -> None:
    need_video(e, quiet=True)
    if it.fps is None:
        own = dominant(e.timeline, e.media)
        what = f"{own.label} fps" if own else "30 fps"
        e.set_frame(fps=None)
        e.say(f"The video plays at its clips' own frame rate ({what})",
              f"视频按片段自己的帧率播放（{what}）")  # fmt: skip
        return
    rate = snap(it.fps)
    if abs(rate.value - it.fps) / it.fps > 0.01:
        e.problem(f"nemo renders at 24, 25, 30, 50 or 60 fps (or 23.976, 29.97, 59.94), "
                  f"not {it.fps:g}: the frame rate stays as it was.",
                  f"nemo 只以 24、25、30、50、60 帧/秒（或 23.976、29.97、59.94）渲染，"
                  f"不支持 {it.fps:g}：帧率保持不变。")  # fmt: skip
        return
    e.set_frame(fps=rate.value if rate.den == 1 else round(rate.value, 3))
    e.say(f"The video will play at {rate.label} fps", f"视频将以 {rate.label} 帧/秒播放")


def _matches(track: Track, position: int, it: SoundTrack, media: Media) -> bool:
    if it.number is not None:
        return position == it.number - 1
    word = (it.name or "").lower()
    if word == "default":
        return position == media.track
    if word in ("other", "another", "其他", "另一", "另一个"):
        return position != media.track
    title = (track.title or "").lower()
    language = (track.language or "").lower()
    if word in _LANGUAGES and language in _LANGUAGES[word]:
        return True
    words = _TITLE_WORDS.get(word) or (word,)
    return any(w and (w in title or w == language) for w in words)


def sound_track(e: Editor, it: SoundTrack) -> None:
    if not need_video(e):
        return
    by_id = {m.id: m for m in e.media}
    if it.clip is not None:
        index = clip_index(e, it.clip)
        if index is None:
            return
        targets = [index]
    else:
        targets = list(range(len(e.clips)))
    asked = f"track {it.number}" if it.number is not None else f"'{name(it.name, 30)}' track"
    asked_zh = f"第 {it.number} 条音轨" if it.number is not None else f"“{name(it.name, 30)}”音轨"
    changed = 0
    offered: list[str] = []
    for i in targets:
        clip = e.clips[i]
        media = by_id.get(clip.source)
        if media is None or clip.kind != "video" or len(media.tracks) < 2:
            continue
        offered += [t.label(p) for p, t in enumerate(media.tracks)]
        found = next((p for p, t in enumerate(media.tracks) if _matches(t, p, it, media)), None)
        if found is None:
            continue
        choice = None if found == media.track else found
        if clip.track != choice:
            e.set_clip(i, track=choice)
        label, label_zh = e.label(i)
        track = media.tracks[found].label(found)
        e.say(f"{label[:1].upper() + label[1:]} now plays its {name(track)} sound track",
              f"{label_zh}现在播放“{name(track)}”音轨")  # fmt: skip
        changed += 1
    if changed:
        return
    if not offered:
        e.problem("None of the clips has more than one sound track to choose from.",
                  "没有哪个片段有多条音轨可选。")  # fmt: skip
        return
    listed = ", ".join(dict.fromkeys(name(o, 40) for o in offered))
    e.problem(f"No clip has a {asked}; the tracks there are: {listed}.",
              f"没有片段有{asked_zh}；现有音轨：{listed}。")  # fmt: skip
