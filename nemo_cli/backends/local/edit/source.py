"""Choices about what comes from the files: the output's frame rate and which of a file's sound
tracks plays."""

from __future__ import annotations

from ..changes import FrameRateSet, NoSuchSoundTrack, OneSoundTrack, RateNotRendered, SoundTrackSet
from ..intents import FrameRate, SoundTrack
from ..media import Media, Track
from ..render.rate import DEFAULT, dominant, snap
from .clips import clip_index, need_video
from .state import Editor

# Words people use for a track -> what its title or language tag may say.
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "english": ("eng", "en"),
    "英语": ("eng", "en"),
    "英文": ("eng", "en"),
    "french": ("fra", "fre", "fr"),
    "法语": ("fra", "fre", "fr"),
    "german": ("deu", "ger", "de"),
    "德语": ("deu", "ger", "de"),
    "spanish": ("spa", "es"),
    "西班牙语": ("spa", "es"),
    "japanese": ("jpn", "ja"),
    "日语": ("jpn", "ja"),
    "chinese": ("chi", "zho", "zh", "cmn"),
    "中文": ("chi", "zho", "zh", "cmn"),
    "mandarin": ("cmn", "chi", "zho"),
    "国语": ("cmn", "chi", "zho"),
    "普通话": ("cmn", "chi", "zho"),
    "cantonese": ("yue",),
    "粤语": ("yue",),
    "korean": ("kor", "ko"),
    "韩语": ("kor", "ko"),
    "italian": ("ita", "it"),
    "russian": ("rus", "ru"),
    "portuguese": ("por", "pt"),
}
_TITLE_WORDS: dict[str, tuple[str, ...]] = {
    "解说": ("commentary", "解说"),
    "评论": ("commentary", "评论"),
    "导演": ("director",),
    "原声": ("original", "原声"),
    "旁白": ("narration", "narrator", "旁白"),
    "音乐": ("music", "音乐"),
    "other": (),
    "another": (),
    "其他": (),
    "另一": (),
    "另一个": (),
}


def frame_rate(e: Editor, it: FrameRate) -> None:
    need_video(e, quiet=True)
    if it.fps is None:
        e.set_frame(fps=None)
        e.did(FrameRateSet((dominant(e.timeline, e.media) or DEFAULT).label, own=True))
        return
    rate = snap(it.fps)
    if abs(rate.value - it.fps) / it.fps > 0.01:
        e.cannot(RateNotRendered(it.fps))
        return
    e.set_frame(fps=rate.value if rate.den == 1 else round(rate.value, 3))
    e.did(FrameRateSet(rate.label))


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
        e.did(SoundTrackSet(e.ref(i), media.tracks[found].label(found)))
        changed += 1
    if changed:
        return
    if not offered:
        e.cannot(OneSoundTrack())
        return
    wanted = f"number {it.number}" if it.number is not None else str(it.name)
    e.cannot(NoSuchSoundTrack(wanted, tuple(dict.fromkeys(offered))))
