"""The one EN/ZH table that words what the local engine did (``changes``): the reply, the
``DraftChanged`` sentences and the font note all come from here.

``word(value, language)`` -> one sentence. Names from outside (file names, titles) are made
safe for a terminal (``safe_text.one_line``) as they are put in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ...draft import seconds
from ...media_files import AUDIO_EXT, CLOUD_EXT
from ...safe_text import one_line
from . import changes as C

if TYPE_CHECKING:
    from .captions.style import CaptionStyle

# The audio formats to suggest: those both backends take.
_AUDIO = [e for e in AUDIO_EXT if e in CLOUD_EXT]
ROLE_ZH = {"title": "标题", "caption": "字幕", "text": "文字"}
POS_ZH = {"top": "顶部", "center": "中间", "bottom": "底部"}
SIZE_ZH = {"small": "小号", "medium": "中号", "large": "大号"}
ASPECT_WORDS = {
    "16:9": ("landscape", "横屏"),
    "9:16": ("vertical", "竖屏"),
    "1:1": ("square", "方形"),
}


# ---------------------------------------------------------------- pieces of sentences


LONG_MS = 600_000  # lengths from 10 minutes on are said in hours and minutes


def _hms(value: int) -> tuple[int, int, float]:
    hours, rest = divmod(max(value, 0), 3_600_000)
    minutes, ms = divmod(rest, 60_000)
    return hours, minutes, ms / 1000


def human(value: int) -> str:
    """A length as people say it: 120000 -> "2 min", 5400000 -> "1 h 30 min", 4.5 s -> "4.5 s"."""
    hours, minutes, secs = _hms(value)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    parts.append(f"{secs:g} s" if secs or not (hours or minutes) else "")
    return " ".join(p for p in parts if p)


def human_zh(value: int) -> str:
    hours, minutes, secs = _hms(value)
    parts = [f"{hours} 小时" if hours else "", f"{minutes} 分钟" if minutes else ""]
    parts.append(f"{secs:g} 秒" if secs or not (hours or minutes) else "")
    return " ".join(p for p in parts if p)


def dur(value: int) -> str:
    """10000 -> "10.0 s" (lengths in sentences); from 10 minutes on, "1 h 30 min"."""
    return human(value) if value >= LONG_MS else f"{value / 1000:.1f} s"


def dur_zh(value: int) -> str:
    return human_zh(value) if value >= LONG_MS else f"{value / 1000:.1f} 秒"


def span(start: int, end: int) -> str:
    """0, 12000 -> "0-12s" (places on the timeline)."""
    return f"{seconds(start)}-{seconds(end)}s"


def span_zh(start: int, end: int) -> str:
    return f"{seconds(start)}-{seconds(end)}秒"


def clock(value: int) -> str:
    """5000 -> "0:05", 65500 -> "1:05.5" (points inside a source file)."""
    whole, rest = divmod(max(value, 0), 1000)
    text = f"{whole // 60}:{whole % 60:02d}"
    if rest:
        text += f".{rest:03d}".rstrip("0")
    return text


def factor(value: float) -> str:
    return f"{value:g}x"


def name(text: str | None, limit: int = 60) -> str:
    """A file name or title from outside, safe to put in a sentence."""
    return one_line(str(text), limit) if text is not None else ""


def cap(text: str) -> str:
    """Upper-case the first letter only ("clip 2 ('b.mp4')" -> "Clip 2 ('b.mp4')")."""
    return text[:1].upper() + text[1:]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _names(names: Sequence[str]) -> str:
    return ", ".join(f"'{name(n)}'" for n in names)


def _numbers(first: int, count: int) -> str:
    """1, 1 -> "clip 1"; 4, 2 -> "clips 4-5"."""
    return f"clip {first}" if count == 1 else f"clips {first}-{first + count - 1}"


def _numbers_zh(first: int, count: int) -> str:
    return f"第 {first} 段" if count == 1 else f"第 {first}-{first + count - 1} 段"


def label(clip: C.ClipRef) -> str:
    return f"clip {clip.number} ('{name(clip.name)}')"


def label_zh(clip: C.ClipRef) -> str:
    return f"第 {clip.number} 段（{name(clip.name)}）"


def tenths(ms: int) -> str:
    """3240 -> "0:03.2": a point in a source, as editors show cuts (rounded half up)."""
    t = (ms + 50) // 100
    return f"{t // 600}:{t // 10 % 60:02d}.{t % 10}"


CUTS_LISTED = 8  # cuts listed in a sentence before "and N more"


def _cuts(cuts: Sequence[tuple[int, int]], sep: str = ", ") -> str:
    shown = sep.join(f"{tenths(a)}-{tenths(b)}" for a, b in cuts[:CUTS_LISTED])
    more = len(cuts) - CUTS_LISTED
    if more <= 0:
        return shown
    return f"{shown} and {more} more" if sep == ", " else f"{shown} 等（另有 {more} 处）"


def _total(cuts: Sequence[tuple[int, int]]) -> str:
    return f"{sum(b - a for a, b in cuts) / 1000:.1f}"


def _still(black: bool, frozen: bool) -> str:
    return " or ".join(w for w, on in (("black", black), ("frozen", frozen)) if on)


def _still_zh(black: bool, frozen: bool) -> str:
    return "或".join(w for w, on in (("黑屏", black), ("静止画面", frozen)) if on)


def _what(videos: int, photos: int) -> str:
    parts = (videos and plural(videos, "clip"), photos and plural(photos, "photo"))
    return " and ".join(p for p in parts if p)


def _what_zh(videos: int, photos: int) -> str:
    parts = (videos and f"{videos} 个片段", photos and f"{photos} 张照片")
    return "和 ".join(p for p in parts if p)


def _fades(c: C.MusicFadesSet) -> str:
    if not any((c.fade_in_ms, c.fade_out_ms)):
        return "Removed the music fades"
    ends = ((c.fade_in_ms, "in"), (c.fade_out_ms, "out"))
    parts = [
        f"{word} over {dur(v)}" if v else f"no fade {word}" for v, word in ends if v is not None
    ]
    return "Music fades " + " and ".join(parts)


def _fades_zh(c: C.MusicFadesSet) -> str:
    if not any((c.fade_in_ms, c.fade_out_ms)):
        return "已去掉音乐的淡入淡出"
    ends = ((c.fade_in_ms, "淡入"), (c.fade_out_ms, "淡出"))
    parts = [f"{word} {dur_zh(v)}" if v else f"不{word}" for v, word in ends if v is not None]
    return "音乐" + "，".join(parts)


# Undo / redo name at most this many of the changes they took back or made again.
HISTORY_LISTED = 3


def _history(said: str, what: tuple[C.Change, ...]) -> str:
    """ "Undid the last change: added title "Hi" (0-3s, center); ... ." """
    if not what:
        return f"{said}."
    sentences = (word(c, "en").rstrip(".") for c in what[:HISTORY_LISTED])
    shown = [s[:1].lower() + s[1:] for s in sentences]
    more = len(what) - HISTORY_LISTED
    if more > 0:
        shown.append(f"{more} more change{'s' if more != 1 else ''}")
    return f"{said}: " + "; ".join(shown) + "."


def _history_zh(said: str, what: tuple[C.Change, ...]) -> str:
    if not what:
        return f"{said}。"
    shown = [word(c, "zh").rstrip("。") for c in what[:HISTORY_LISTED]]
    more = len(what) - HISTORY_LISTED
    if more > 0:
        shown.append(f"另外 {more} 处改动")
    return f"{said}：" + "；".join(shown) + "。"


def _aspect(c: C.AspectSet) -> str:
    return f"{ASPECT_WORDS[c.aspect][0]} {c.aspect} ({c.width}x{c.height})"


def _aspect_zh(c: C.AspectSet) -> str:
    return f"{ASPECT_WORDS[c.aspect][1]} {c.aspect}（{c.width}x{c.height}）"


def _fit(c: C.FitSet) -> str:
    size = f"{c.width}x{c.height}"
    if c.fit == "fill":
        return f"fill the {size} frame (cropped, no black bars)"
    return f"fit inside the {size} frame (whole picture, black bars where shapes differ)"


def _fit_zh(c: C.FitSet) -> str:
    size = f"{c.width}x{c.height}"
    if c.fit == "fill":
        return f"填满 {size} 画面（裁剪，无黑边）"
    return f"完整显示在 {size} 画面内（比例不同处留黑边）"


def _font_missing(c: C.FontMissing) -> str:
    quoted = ", ".join(f"“{one_line(t, 40)}”" for t in c.texts)
    where = f"the characters in {quoted}" if c.whole else f"“{c.chars}” (in {quoted})"
    return (
        f"Note: no font on this machine has {where}, so they would show as boxes. "
        f"Install one (Debian/Ubuntu: sudo apt install {c.package}) or point {c.env_var} "
        f"at a .ttf/.otf/.ttc file that has them."
    )


def _font_missing_zh(c: C.FontMissing) -> str:
    quoted = "、".join(f"“{one_line(t, 40)}”" for t in c.texts)
    where = f"{quoted}里的字" if c.whole else f"“{c.chars}”（在{quoted}里）"
    return (
        f"注意：这台电脑上没有字体包含{where}，它们会显示成方框。请安装一个字体"
        f"（Debian/Ubuntu：sudo apt install {c.package}），"
        f"或把 {c.env_var} 设为包含这些字的 .ttf/.otf/.ttc 字体文件。"
    )


# ---------------------------------------------------------------- captions

_COLORS_ZH = {
    "white": "白色",
    "yellow": "黄色",
    "red": "红色",
    "green": "绿色",
    "blue": "蓝色",
    "cyan": "青色",
    "magenta": "品红",
    "pink": "粉色",
    "orange": "橙色",
    "purple": "紫色",
    "black": "黑色",
}


def _look(style: CaptionStyle) -> str:
    """How captions look, in a few words: "yellow, top, large, on a box"."""
    parts = [style.color, style.position, style.size]
    if style.background == "box":
        parts.append("on a box")
    if style.highlight:
        parts.append(f"the spoken word in {style.highlight}")
    if style.words_per_cue:
        parts.append(f"{plural(style.words_per_cue, 'word')} at a time")
    return ", ".join(parts)


def _look_zh(style: CaptionStyle) -> str:
    parts = [_COLORS_ZH.get(style.color, style.color), POS_ZH[style.position], SIZE_ZH[style.size]]
    if style.background == "box":
        parts.append("背景框")
    if style.highlight:
        parts.append(f"逐字高亮（{_COLORS_ZH.get(style.highlight, style.highlight)}）")
    if style.words_per_cue:
        parts.append(f"每次 {style.words_per_cue} 个词")
    return "，".join(parts)


_LANGUAGES = {"en": ("English", "英文"), "zh": ("Chinese", "中文"), "ja": ("Japanese", "日语")}


def _heard_in(language: str | None) -> str:
    """ "English, " (the language the speech was heard in), or nothing when not known."""
    if not language:
        return ""
    return f"{_LANGUAGES.get(language, (language, language))[0]}, "


def _heard_in_zh(language: str | None) -> str:
    if not language:
        return ""
    return f"{_LANGUAGES.get(language, (language, language))[1]}，"


_HEARING_WHAT = {
    "captions": ("Captions need", "加字幕需要"),
    "transcript": ("Cutting by what is said needs", "按说话内容剪辑需要"),
}


def _needs_speech(c: C.NeedsSpeech) -> str:
    need = _HEARING_WHAT[c.what][0]
    if not c.no_model:
        return f"{need} speech recognition, which cannot run here: {c.message} {c.hint}".strip()
    if c.language in (None, "en"):
        return (
            f"{need} a speech model, and none is installed: `nemo speech install` adds the "
            "English one (about 41 MB, once), or use the cloud backend: `nemo --backend cloud`"
        )
    wanted = _LANGUAGES.get(c.language, (c.language, c.language))[0]
    return (
        f"{need} a {wanted} speech model, and none is installed: point NEMO_SPEECH_MODEL at a "
        f"Vosk {wanted} model folder (or `nemo speech install --from MODEL.zip`), or use the "
        "cloud backend: `nemo --backend cloud`"
    )


def _needs_speech_zh(c: C.NeedsSpeech) -> str:
    need = _HEARING_WHAT[c.what][1]
    if not c.no_model:
        return f"{need}语音识别，但这台电脑上用不了：{c.message} {c.hint}".strip()
    if c.language in (None, "en", "zh"):
        return (
            f"{need}语音识别模型，这台电脑上还没有：运行 `nemo speech install` 安装英文模型"
            "（约 41 MB，只需一次）；中文语音请把 NEMO_SPEECH_MODEL 指向 Vosk 中文模型"
            "（vosk-model-small-cn-0.22）；或者使用云端后端：`nemo --backend cloud`"
        )
    wanted = _LANGUAGES.get(c.language, (c.language, c.language))[1]
    return (
        f"{need}{wanted}语音识别模型，这台电脑上还没有：请把 NEMO_SPEECH_MODEL 指向 Vosk 的"
        f"{wanted}模型（或 `nemo speech install --from MODEL.zip`），或者使用云端后端："
        "`nemo --backend cloud`"
    )


_CUT_WHAT = {"fillers": "filler word", "between": "the stretch", "sentence": "the sentence"}


def _speech_cut(c: C.SpeechCut) -> str:
    listed = "; ".join(f'"{name(t, 50)}" at {clock(at)}' for t, at in c.cuts[:8])
    more = f" and {len(c.cuts) - 8} more" if len(c.cuts) > 8 else ""
    what = plural(len(c.cuts), "filler word") if c.what == "fillers" else _CUT_WHAT[c.what]
    return (
        f"Cut {what}: {listed}{more} ({dur(c.cut_ms)} in all); "
        f"the video is now {dur(c.after_ms)} (was {dur(c.before_ms)})"
    )


def _speech_cut_zh(c: C.SpeechCut) -> str:
    listed = "；".join(f"“{name(t, 50)}”（{clock(at)}）" for t, at in c.cuts[:8])
    more = f"等 {len(c.cuts)} 处" if len(c.cuts) > 8 else ""
    return (
        f"已剪掉：{listed}{more}（共 {dur_zh(c.cut_ms)}）；视频现在 {dur_zh(c.after_ms)}"
        f"（原来 {dur_zh(c.before_ms)}）"
    )


def _not_found(c: C.SpeechNotFound) -> str:
    if c.what == "fillers":
        return "No filler words (um, uh, er) are said in the clips"
    if c.what == "between":
        return f'Did not hear "{name(c.first)}" followed by "{name(c.last)}" in the clips'
    return f'No sentence about "{name(c.first)}" is said in the clips'


def _not_found_zh(c: C.SpeechNotFound) -> str:
    wanted = {
        "fillers": "语气词（嗯、呃）",
        "between": f"“{name(c.first)}”……“{name(c.last)}”",
        "sentence": f"关于“{name(c.first)}”的句子",
    }[c.what]
    return f"没有在说话内容里找到{wanted}"


_CANNOT = {
    "stickers": ("the local engine cannot add stickers or emoji", "本地引擎不能加贴纸或表情"),
    "colour": ("the local engine cannot change colours or add filters", "本地引擎不能调色或加滤镜"),
    "effects": ("the local engine has no effects or animations", "本地引擎没有特效和动画"),
    "retouch": ("the local engine cannot retouch faces", "本地引擎不能美颜"),
    "watermark": ("the local engine cannot add or remove watermarks", "本地引擎不能去水印或加水印"),
    "translate": ("the local engine does not translate", "本地引擎不能翻译"),
    "background": (
        "the local engine cannot replace a video's background",
        "本地引擎不能换视频背景",
    ),
}
_CLOUD = (
    "the cloud backend does free-form AI editing: `nemo --backend cloud`",
    "需要的话可以用云端后端做自由发挥的 AI 剪辑：`nemo --backend cloud`",
)


def _said(c: C.PartNotDone) -> str:
    return name(c.said, 80).replace("`", "'")


def _not_done(c: C.PartNotDone) -> str:
    if c.reason in _CANNOT:
        return f'"{_said(c)}": {_CANNOT[c.reason][0]} ({_CLOUD[0]})'
    if c.suggestion:
        return f'"{_said(c)}": did you mean `{c.suggestion}`?'
    return (
        f'"{_said(c)}": try e.g. `combine my clips`, `make it vertical`, '
        "`add background music at 35%`"
    )


def _not_done_zh(c: C.PartNotDone) -> str:
    if c.reason in _CANNOT:
        return f"“{_said(c)}”：{_CANNOT[c.reason][1]}（{_CLOUD[1]}）"
    if c.suggestion:
        return f"“{_said(c)}”：你是想说“{c.suggestion}”吗？"
    return f"“{_said(c)}”：可以这样说：`合并我的视频`、`改成竖屏`、`加背景音乐 音量35%`"


# ---------------------------------------------------------------- the table

Words = Callable[[Any], str]
MESSAGES: dict[type, tuple[Words, Words]] = {
    # ---- the clips
    C.ClipsCombined: (
        lambda c: (
            f"Put your {_what(c.videos, c.photos)} on the timeline ({dur(c.length_ms)})"
            if c.auto
            else f"Combined {_what(c.videos, c.photos)} into a {dur(c.length_ms)} timeline"
        ),
        lambda c: (
            f"已把你的 {_what_zh(c.videos, c.photos)}放到时间线上（{dur_zh(c.length_ms)}）"
            if c.auto
            else f"已把 {_what_zh(c.videos, c.photos)}合并成 {dur_zh(c.length_ms)}的时间线"
        ),
    ),
    C.ClipPlaced: (
        lambda c: f"Put '{name(c.name)}' on the timeline ({dur(c.length_ms)})",
        lambda c: f"已把「{name(c.name)}」放到时间线上（{dur_zh(c.length_ms)}）",
    ),
    C.ClipsAdded: (
        lambda c: (
            f"Added {_names(c.names)} as {_numbers(c.first, len(c.names))} "
            f"(timeline {dur(c.length_ms)})"
        ),
        lambda c: (
            f"已把{'、'.join(f'「{name(n)}」' for n in c.names)}加为"
            f"{_numbers_zh(c.first, len(c.names))}（时间线 {dur_zh(c.length_ms)}）"
        ),
    ),
    C.ClipMoved: (
        lambda c: f"Moved {label(c.clip)} to position {c.position}",
        lambda c: f"已把{label_zh(c.clip)}移到第 {c.position} 位",
    ),
    C.ClipAlreadyThere: (
        lambda c: f"{cap(label(c.clip))} is already at position {c.position}",
        lambda c: f"{label_zh(c.clip)}已经在第 {c.position} 位",
    ),
    C.ClipsSwapped: (
        lambda c: f"Swapped {label(c.a)} and {label(c.b)}",
        lambda c: f"已交换{label_zh(c.a)}和{label_zh(c.b)}",
    ),
    C.ClipsReversed: (
        lambda c: f"Reversed the order of the {c.count} clips",
        lambda c: f"已把 {c.count} 段的顺序倒过来",
    ),
    C.ClipRemoved: (
        lambda c: (
            f"Removed {label(c.clip)}; the timeline is now "
            + (dur(c.length_ms) if c.length_ms else "empty")
        ),
        lambda c: (
            f"已删除{label_zh(c.clip)}；时间线现在是"
            + (f" {dur_zh(c.length_ms)}" if c.length_ms else "空的")
        ),
    ),
    C.ClipSpeedSet: (
        lambda c: (
            f"{cap(label(c.clip))} now plays at {factor(c.factor)} "
            f"({dur(c.before_ms)} -> {dur(c.after_ms)})"
        ),
        lambda c: (
            f"{label_zh(c.clip)}现在以 {factor(c.factor)} 播放"
            f"（{dur_zh(c.before_ms)} -> {dur_zh(c.after_ms)}）"
        ),
    ),
    C.SpeedSet: (
        lambda c: f"All clips now play at {factor(c.factor)} (timeline {dur(c.length_ms)})",
        lambda c: f"所有片段现在以 {factor(c.factor)} 播放（时间线 {dur_zh(c.length_ms)}）",
    ),
    C.ClipVolumeSet: (
        lambda c: (
            f"Muted {label(c.clip)}"
            if c.volume == 0
            else f"Set the sound of {label(c.clip)} to {c.volume}%"
        ),
        lambda c: (
            f"已把{label_zh(c.clip)}静音"
            if c.volume == 0
            else f"{label_zh(c.clip)}的原声设为 {c.volume}%"
        ),
    ),
    C.ClipsVolumeSet: (
        lambda c: {0: "Muted the clips' own sound", 100: "Kept the clips' own sound (100%)"}.get(
            c.volume, f"Set the clips' own sound to {c.volume}%"
        ),
        lambda c: {0: "已把片段原声静音", 100: "已保留片段原声（100%）"}.get(
            c.volume, f"片段原声设为 {c.volume}%"
        ),
    ),
    C.PhotoLengthSet: (
        lambda c: (
            f"Each photo now shows for {dur(c.ms)} ({plural(c.photos, 'photo')}, "
            f"timeline {dur(c.length_ms)})"
            if c.photos
            else f"Photos will show for {dur(c.ms)} each (there are none on the timeline yet)"
        ),
        lambda c: (
            f"每张照片现在显示 {dur_zh(c.ms)}（{c.photos} 张，时间线 {dur_zh(c.length_ms)}）"
            if c.photos
            else f"照片将每张显示 {dur_zh(c.ms)}（时间线上还没有照片）"
        ),
    ),
    C.CrossfadesRemoved: (
        lambda c: (
            f"Removed the crossfades: clips cut straight to the next (timeline {dur(c.length_ms)})"
            if c.had
            else "Clips cut straight to the next (no crossfades)"
        ),
        lambda c: (
            f"已去掉交叉淡化：片段直接切换（时间线 {dur_zh(c.length_ms)}）"
            if c.had
            else "片段直接切换（没有交叉淡化）"
        ),
    ),
    C.CrossfadeSet: (
        lambda c: (
            f"Crossfades set to {dur(c.ms)}: they show once there are two or more clips"
            if c.length_ms is None
            else f"Added {dur(c.ms)} crossfades between clips (timeline {dur(c.length_ms)}"
            + (f", shortened from {dur(c.asked_ms)} to fit the shortest clip" if c.asked_ms else "")
            + ")"
        ),
        lambda c: (
            f"交叉淡化设为 {dur_zh(c.ms)}：有两段或以上时生效"
            if c.length_ms is None
            else f"已在片段之间加入 {dur_zh(c.ms)} 的交叉淡化（时间线 {dur_zh(c.length_ms)}"
            + (f"，已从 {dur_zh(c.asked_ms)} 缩短以适应最短的片段" if c.asked_ms else "")
            + "）"
        ),
    ),
    C.CrossfadeShortened: (
        lambda c: f"Shortened the crossfades to {dur(c.ms)} to fit the shortest clip",
        lambda c: f"交叉淡化缩短为 {dur_zh(c.ms)}，以适应最短的片段",
    ),
    C.PhotoShown: (
        lambda c: f"{cap(label(c.clip))} now shows for {dur(c.ms)}",
        lambda c: f"{label_zh(c.clip)}现在显示 {dur_zh(c.ms)}",
    ),
    C.ClipTrimmed: (
        lambda c: (
            (f"{cap(label(c.clip))} already uses " if c.already else f"Trimmed {label(c.clip)} to ")
            + f"{clock(c.start_ms)}-{clock(c.end_ms)} ({dur(c.length_ms)})"
        ),
        lambda c: (
            (f"{label_zh(c.clip)}已经是 " if c.already else f"已把{label_zh(c.clip)}裁剪为 ")
            + f"{clock(c.start_ms)}-{clock(c.end_ms)}（{dur_zh(c.length_ms)}）"
        ),
    ),
    C.ClipSplit: (
        lambda c: (
            f"Split {label(c.clip)} at {clock(c.at_ms)}: clips {c.clip.number} "
            f"({dur(c.first_ms)}) and {c.clip.number + 1} ({dur(c.second_ms)})"
        ),
        lambda c: (
            f"已把{label_zh(c.clip)}在 {clock(c.at_ms)} 处分成两段：第 {c.clip.number} 段"
            f"（{dur_zh(c.first_ms)}）和第 {c.clip.number + 1} 段（{dur_zh(c.second_ms)}）"
        ),
    ),
    C.TimelineCut: (
        lambda c: (
            f"Cut the timeline to {dur(c.length_ms)}"
            + (f" (kept {clock(c.start_ms)}-{clock(c.end_ms)})" if c.start_ms else "")
        ),
        lambda c: (
            f"已把时间线剪到 {dur_zh(c.length_ms)}"
            + (f"（保留 {clock(c.start_ms)}-{clock(c.end_ms)}）" if c.start_ms else "")
        ),
    ),
    # ---- music
    C.MusicAdded: (
        lambda c: (
            f"Added music '{name(c.name)}' to {span(c.start_ms, c.end_ms)} at {c.volume}%"
            + (" (looped)" if c.looped else "")
            + (f", replacing '{name(c.replaced)}'" if c.replaced is not None else "")
        ),
        lambda c: (
            f"已添加音乐「{name(c.name)}」：{span_zh(c.start_ms, c.end_ms)}，音量 {c.volume}%"
            + ("（循环播放）" if c.looped else "")
            + (f"，替换了「{name(c.replaced)}」" if c.replaced is not None else "")
        ),
    ),
    C.MusicPlaced: (
        lambda c: f"Music '{name(c.name)}' plays {span(c.start_ms, c.end_ms)} at {c.volume}%",
        lambda c: f"音乐「{name(c.name)}」：{span_zh(c.start_ms, c.end_ms)}，音量 {c.volume}%",
    ),
    C.MusicVolumeSet: (
        lambda c: f"Set the music volume to {c.volume}% (was {c.was}%)",
        lambda c: f"音乐音量设为 {c.volume}%（原来 {c.was}%）",
    ),
    C.MusicFadesSet: (_fades, _fades_zh),
    C.MusicRemoved: (
        lambda c: f"Removed the music '{name(c.name)}'",
        lambda c: f"已去掉音乐「{name(c.name)}」",
    ),
    C.MusicDropped: (
        lambda c: f"Removed the music '{name(c.name)}': the timeline ends before it starts",
        lambda c: f"已移除音乐「{name(c.name)}」：时间线在它开始之前就结束了",
    ),
    # ---- text
    C.TitleAdded: (
        lambda c: f'Added {c.role} "{name(c.text)}" ({span(c.start_ms, c.end_ms)}, {c.position})',
        lambda c: (
            f"已添加{ROLE_ZH[c.role]}“{name(c.text)}”"
            f"（{span_zh(c.start_ms, c.end_ms)}，{POS_ZH[c.position]}）"
        ),
    ),
    C.TitleReplaced: (
        lambda c: (
            f'Replaced {c.role} "{name(c.old)}" with "{name(c.text)}" '
            f"({span(c.start_ms, c.end_ms)}, {c.position})"
        ),
        lambda c: (
            f"已把{ROLE_ZH[c.role]}“{name(c.old)}”改成“{name(c.text)}”"
            f"（{span_zh(c.start_ms, c.end_ms)}，{POS_ZH[c.position]}）"
        ),
    ),
    C.TitleUpdated: (
        lambda c: (
            f'Updated {c.role} "{name(c.text)}" '
            f"({span(c.start_ms, c.end_ms)}, {c.position}, {c.size})"
        ),
        lambda c: (
            f"已调整{ROLE_ZH[c.role]}“{name(c.text)}”（{span_zh(c.start_ms, c.end_ms)}，"
            f"{POS_ZH[c.position]}，{SIZE_ZH[c.size]}）"
        ),
    ),
    C.TitleRemoved: (
        lambda c: f'Removed {c.role} "{name(c.text)}"',
        lambda c: f"已去掉{ROLE_ZH[c.role]}“{name(c.text)}”",
    ),
    C.TitlesRemoved: (
        lambda c: (
            f"Removed {c.count} {c.role}s" if c.role else f"Removed all text ({c.count} items)"
        ),
        lambda c: f"已去掉 {c.count} 个{ROLE_ZH[c.role] if c.role else '文字'}",
    ),
    C.TitleDropped: (
        lambda c: f'Removed {c.role} "{name(c.text)}": it started after the new end',
        lambda c: f"已移除文字「{name(c.text)}」：它在新的结尾之后才出现",
    ),
    # ---- the frame
    C.AspectSet: (
        lambda c: ("The video is already " if c.already else "Switched to ") + _aspect(c),
        lambda c: ("视频已经是" if c.already else "已切换为") + _aspect_zh(c),
    ),
    C.FitSet: (
        lambda c: ("Clips already " if c.already else "Clips now ") + _fit(c),
        lambda c: ("片段已经" if c.already else "片段现在") + _fit_zh(c),
    ),
    C.FrameRateSet: (
        lambda c: (
            f"The video plays at its clips' own frame rate ({c.label} fps)"
            if c.own
            else f"The video will play at {c.label} fps"
        ),
        lambda c: (
            f"视频按片段自己的帧率播放（{c.label} 帧/秒）"
            if c.own
            else f"视频将以 {c.label} 帧/秒播放"
        ),
    ),
    C.SoundTrackSet: (
        lambda c: f"{cap(label(c.clip))} now plays its {name(c.track)} sound track",
        lambda c: f"{label_zh(c.clip)}现在播放“{name(c.track)}”音轨",
    ),
    # ---- the history
    C.Undone: (
        lambda c: _history("Undid the last change", c.what),
        lambda c: _history_zh("已撤销上一步", c.what),
    ),
    C.Redone: (
        lambda c: _history("Redid the change", c.what),
        lambda c: _history_zh("已重做", c.what),
    ),
    C.StartedOver: (
        lambda c: "Started over: the timeline is empty (your uploads are still here).",
        lambda c: "已重新开始：时间线已清空（上传的素材还在）。",
    ),
    C.NothingToUndo: (lambda c: "There is nothing to undo.", lambda c: "没有可以撤销的操作。"),
    C.NothingToRedo: (lambda c: "There is nothing to redo.", lambda c: "没有可以重做的操作。"),
    C.AlreadyEmpty: (lambda c: "The timeline is already empty.", lambda c: "时间线本来就是空的。"),
    # ---- problems
    C.RateNotRendered: (
        lambda c: (
            "nemo renders at 24, 25, 30, 50 or 60 fps (or 23.976, 29.97, 59.94), "
            f"not {c.fps:g}: the frame rate stays as it was"
        ),
        lambda c: (
            "nemo 只以 24、25、30、50、60 帧/秒（或 23.976、29.97、59.94）渲染，"
            f"不支持 {c.fps:g}：帧率保持不变"
        ),
    ),
    C.OneSoundTrack: (
        lambda c: "None of the clips has more than one sound track to choose from",
        lambda c: "没有哪个片段有多条音轨可选",
    ),
    C.NoSuchSoundTrack: (
        lambda c: (
            f"No clip has a {name(c.wanted, 30)} sound track; the tracks there are: "
            + ", ".join(name(k, 40) for k in c.known)
        ),
        lambda c: (
            f"没有片段有“{name(c.wanted, 30)}”音轨；现有音轨："
            + "、".join(name(k, 40) for k in c.known)
        ),
    ),
    C.NoClips: (
        lambda c: (
            "There are no clips on the timeline yet: upload a video or photo first "
            "(nemo upload clip.mp4)"
        ),
        lambda c: "时间线上还没有片段：请先上传视频或照片（nemo upload clip.mp4）",
    ),
    C.NothingToCombine: (
        lambda c: (
            "There are no clips or photos to combine: upload some first (nemo upload clip.mp4)"
        ),
        lambda c: "没有可以合并的视频或照片：请先上传（nemo upload clip.mp4）",
    ),
    C.NoSuchClip: (
        lambda c: f"There is no clip {c.number}: the session has {plural(c.count, 'clip')}",
        lambda c: f"没有第 {c.number} 段：当前只有 {c.count} 段",
    ),
    C.AlreadyOnTimeline: (
        lambda c: (
            f"'{name(c.name)}' is already on the timeline ({_numbers(c.clips[0], 1)}"
            + (f" and {len(c.clips) - 1} more" if len(c.clips) > 1 else "")
            + f'): say "add {name(c.name)} again" for another copy'
        ),
        lambda c: (
            f"「{name(c.name)}」已经在时间线上（第 {c.clips[0]} 段）："
            f"要再加一份请说“再加一次{name(c.name)}”"
        ),
    ),
    C.NotUploaded: (
        lambda c: (
            f"There is no video or photo named '{name(c.name)}' in this session: "
            f"upload it first (nemo upload {name(c.name)})"
        ),
        lambda c: (
            f"会话里没有名为「{name(c.name)}」的视频或照片：请先上传（nemo upload {name(c.name)}）"
        ),
    ),
    C.NotVisual: (
        lambda c: f"'{name(c.name)}' is a sound file, not a video or photo: it cannot be a clip",
        lambda c: f"「{name(c.name)}」不是视频或照片，不能作为片段",
    ),
    C.NoSuchPosition: (
        lambda c: f"There is no position {c.position}: the session has {plural(c.count, 'clip')}",
        lambda c: f"没有第 {c.position} 个位置：当前只有 {c.count} 段",
    ),
    C.NextToItself: (
        lambda c: "A clip cannot move next to itself",
        lambda c: "片段不能移动到它自己旁边",
    ),
    C.SameClip: (
        lambda c: "Those are the same clip: nothing to swap",
        lambda c: "这是同一段：无需交换",
    ),
    C.OnlyOneClip: (
        lambda c: "There is only one clip: nothing to reverse",
        lambda c: "只有一段：无需倒序",
    ),
    C.SpeedOutOfRange: (
        lambda c: f"Speed must be between {factor(c.low)} and {factor(c.high)}",
        lambda c: f"速度必须在 {factor(c.low)} 到 {factor(c.high)} 之间",
    ),
    C.PhotoHasNoSpeed: (
        lambda c: f"{cap(label(c.clip))} is a photo: speed applies to video clips",
        lambda c: f"{label_zh(c.clip)}是照片：速度只对视频片段有效",
    ),
    C.OnlyPhotos: (
        lambda c: "There are only photos on the timeline: speed applies to video clips",
        lambda c: "时间线上只有照片：速度只对视频片段有效",
    ),
    C.PhotoLengthOutOfRange: (
        lambda c: "A photo can show for 0.1 s to 24 hours",
        lambda c: "每张照片可以显示 0.1 秒到 24 小时",
    ),
    C.TooShortForCrossfades: (
        lambda c: "The clips are too short for crossfades",
        lambda c: "片段太短，无法加交叉淡化",
    ),
    C.BeyondSource: (
        lambda c: (
            f"{cap(label(c.clip))} is only {dur(c.source_ms)} long: nothing is at {clock(c.at_ms)}"
        ),
        lambda c: f"{label_zh(c.clip)}只有 {dur_zh(c.source_ms)}：{clock(c.at_ms)} 处没有画面",
    ),
    C.TrimClamped: (
        lambda c: (
            f"{cap(label(c.clip))} is only {dur(c.source_ms)} long: "
            f"using {clock(c.start_ms)}-{clock(c.end_ms)}"
        ),
        lambda c: (
            f"{label_zh(c.clip)}只有 {dur_zh(c.source_ms)}："
            f"改用 {clock(c.start_ms)}-{clock(c.end_ms)}"
        ),
    ),
    C.SplitOutside: (
        lambda c: (
            f"{cap(label(c.clip)) if c.clip else 'The timeline'} is {dur(c.length_ms)} long: "
            f"a split at {clock(c.at_ms)} would leave nothing on one side"
        ),
        lambda c: (
            f"{label_zh(c.clip) if c.clip else '时间线'}只有 {dur_zh(c.length_ms)}："
            f"在 {clock(c.at_ms)} 处分开，有一边就什么都不剩了"
        ),
    ),
    C.NothingLeftOfClip: (
        lambda c: f"That would leave nothing of {label(c.clip)}",
        lambda c: f"这样{label_zh(c.clip)}就什么都不剩了",
    ),
    C.NothingToCut: (
        lambda c: (
            f"The timeline is only {dur(c.length_ms)} long: there is nothing to cut"
            if c.asked_ms is None
            else f"The timeline is {dur(c.length_ms)} long, already shorter than the "
            f"{human(c.asked_ms)} asked: cutting cannot make it longer (show the photos longer "
            "or add clips)"
        ),
        lambda c: (
            f"时间线只有 {dur_zh(c.length_ms)}：没有需要剪掉的部分"
            if c.asked_ms is None
            else f"时间线只有 {dur_zh(c.length_ms)}，比要求的 {human_zh(c.asked_ms)}短："
            "剪辑只能变短，不能变长（可以让照片显示更久，或加片段）"
        ),
    ),
    C.NothingLeft: (
        lambda c: "That would leave nothing on the timeline",
        lambda c: "这样时间线上就什么都不剩了",
    ),
    C.NoAudioFile: (
        lambda c: "Upload an audio file first: nemo upload music.mp3",
        lambda c: "请先上传音频文件：nemo upload music.mp3",
    ),
    C.NoSuchAudio: (
        lambda c: (
            f"There is no audio file named '{name(c.wanted)}' in this session"
            + (f" (audio files here: {', '.join(name(k) for k in c.known)})" if c.known else "")
            + f": upload it first (nemo upload {name(c.wanted)})"
        ),
        lambda c: (
            f"会话里没有名为「{name(c.wanted)}」的音频"
            + (f"（已有音频：{', '.join(name(k) for k in c.known)}）" if c.known else "")
            + f"：请先上传（nemo upload {name(c.wanted)}）"
        ),
    ),
    C.NotAudio: (
        lambda c: (
            f"'{name(c.name)}' is a {c.kind}, not an audio file: "
            f"upload the music as {', '.join(_AUDIO[:-1])} or {_AUDIO[-1]}"
        ),
        lambda c: (
            f"「{name(c.name)}」不是音频文件："
            f"请上传 {'、'.join(_AUDIO[:-1])} 或 {_AUDIO[-1]} 格式的音乐"
        ),
    ),
    C.MusicWouldNotPlay: (
        lambda c: (
            f"The timeline is only {dur(c.length_ms)} long: "
            f"music from {c.start_ms // 1000}s would not play"
        ),
        lambda c: f"时间线只有 {dur_zh(c.length_ms)}：从 {c.start_ms // 1000} 秒开始的音乐不会播放",
    ),
    C.NoMusic: (
        lambda c: 'There is no background music yet: say "add background music" first',
        lambda c: "还没有背景音乐：请先说“加背景音乐”",
    ),
    C.MusicAtQuietest: (
        lambda c: (
            f'The music is at {c.volume}% already, the lowest step: say "mute the music" to '
            'take it out, or give a level ("music at 0%")'
        ),
        lambda c: (
            f"音乐已经是 {c.volume}%，最低的一档：要去掉就说“去掉音乐”，"
            "或直接说音量（“音乐音量0%”）"
        ),
    ),
    C.AtLoudest: (
        lambda c: (
            f"The {'music' if c.music else 'clips' + chr(39) + ' sound'} is at {c.volume}% "
            "already, as loud as it goes"
        ),
        lambda c: f"{'音乐' if c.music else '片段原声'}已经是 {c.volume}%，最大了",
    ),
    C.ClipsAtQuietest: (
        lambda c: (
            f"The clips' sound is at {c.volume}% already, the lowest step: say \"mute the "
            'clips" to silence them'
        ),
        lambda c: f"片段原声已经是 {c.volume}%，最低的一档：要静音就说“原声静音”",
    ),
    C.NoMusicToRemove: (lambda c: "There is no music to remove", lambda c: "没有可以去掉的音乐"),
    C.TitleNeedsWords: (
        lambda c: (
            f'What should the {c.role} say? Put the text in quotes, e.g. {c.role} "Urban Dreams"'
        ),
        lambda c: (
            f"{ROLE_ZH[c.role]}要写什么？请把文字放在引号里，例如：{ROLE_ZH[c.role]}“城市之梦”"
        ),
    ),
    C.TitleRangeEmpty: (
        lambda c: f"The {c.role}'s time range is empty",
        lambda c: f"{ROLE_ZH[c.role]}的时间范围是空的",
    ),
    C.TitleAfterEnd: (
        lambda c: (
            f"The timeline is only {dur(c.length_ms)} long: a {c.role} at "
            f"{c.start_ms / 1000:g}s would never show"
        ),
        lambda c: (
            f"时间线只有 {dur_zh(c.length_ms)}：{c.start_ms / 1000:g} 秒处的"
            f"{ROLE_ZH[c.role]}不会出现"
        ),
    ),
    C.NoTitleToRemove: (
        lambda c: f"There is no {c.role or 'text'} to remove",
        lambda c: f"没有可以去掉的{ROLE_ZH[c.role] if c.role else '文字'}",
    ),
    # ---- choosing and ordering clips (issue #12)
    C.ClipsChosen: (
        lambda c: (
            f"Put {', '.join(repr(name(n)) for n in c.names)} on the timeline, in that "
            f"order ({dur(c.length_ms)})"
        ),
        lambda c: (
            f"已按顺序把{'、'.join(f'「{name(n)}」' for n in c.names)}放到时间线上"
            f"（{dur_zh(c.length_ms)}）"
        ),
    ),
    C.ClipsKept: (
        lambda c: (
            f"Kept {', '.join(label(k) for k in c.kept)}; removed "
            f"{', '.join(label(r) for r in c.removed)} (timeline {dur(c.length_ms)})"
        ),
        lambda c: (
            f"保留{'、'.join(label_zh(k) for k in c.kept)}，删除了"
            f"{'、'.join(label_zh(r) for r in c.removed)}（时间线 {dur_zh(c.length_ms)}）"
        ),
    ),
    C.AllKept: (
        lambda c: "Every clip is already one of those: nothing to remove",
        lambda c: "时间线上本来就只有这些片段：没有要删的",
    ),
    C.ClipsReordered: (
        lambda c: (
            "Put the clips in the order "
            + ", ".join(f"{n}. {name(x)}" for n, x in enumerate(c.names, 1))
        ),
        lambda c: "已把片段排成：" + "，".join(f"{n}. {name(x)}" for n, x in enumerate(c.names, 1)),
    ),
    C.AlreadyInOrder: (
        lambda c: "The clips are already in that order",
        lambda c: "片段本来就是这个顺序",
    ),
    C.ShortenedBy: (
        lambda c: (
            f'(It was {dur(c.was_ms)}: say a length, e.g. "cut it to 20 seconds", to '
            "choose another.)"
        ),
        lambda c: f"（原来是 {dur_zh(c.was_ms)}；想要别的长度就说，例如“剪到20秒”。）",
    ),
    C.TitleTextChanged: (
        lambda c: f'Changed {c.role} "{name(c.old)}" to "{name(c.text)}"',
        lambda c: f"已把{ROLE_ZH[c.role]}“{name(c.old)}”改成“{name(c.text)}”",
    ),
    C.NotInSession: (
        lambda c: (
            f"None of {', '.join(name(n) for n in c.names)} is a video or photo of this session"
        ),
        lambda c: f"{'、'.join(name(n) for n in c.names)} 不是这个会话里的视频或照片",
    ),
    C.TooShortToShorten: (
        lambda c: (
            f"The timeline is only {dur(c.length_ms)}: say how long it should be, e.g. "
            "cut it to 10 seconds"
        ),
        lambda c: f"时间线只有 {dur_zh(c.length_ms)}：请说一个长度，例如“剪到10秒”",
    ),
    # ---- notes: how the message was read
    C.ReadAs: (
        lambda c: f"(I read '{name(c.typed, 40)}' as {c.meant}.)",
        lambda c: f"（我把“{name(c.typed, 40)}”理解成了“{c.meant}”。）",
    ),
    C.PartNotDone: (_not_done, _not_done_zh),
    # ---- cuts from the analysis, the sound's level
    C.PausesCut: (
        lambda c: (
            f"Cut {plural(len(c.cuts), 'pause')} ({_total(c.cuts)} s) from {name(c.name)}: "
            f"{_cuts(c.cuts)}"
        ),
        lambda c: (
            f"从「{name(c.name)}」剪掉了 {len(c.cuts)} 处停顿（共 {_total(c.cuts)} 秒）："
            f"{_cuts(c.cuts, '、')}"
        ),
    ),
    C.StillRemoved: (
        lambda c: (
            f"Removed {len(c.cuts)} {_still(c.black, c.frozen)} "
            f"stretch{'' if len(c.cuts) == 1 else 'es'} ({_total(c.cuts)} s) from "
            f"{name(c.name)}: {_cuts(c.cuts)}"
        ),
        lambda c: (
            f"从「{name(c.name)}」删除了 {len(c.cuts)} 段{_still_zh(c.black, c.frozen)}"
            f"（共 {_total(c.cuts)} 秒）：{_cuts(c.cuts, '、')}"
        ),
    ),
    C.ScenesSplit: (
        lambda c: (
            f"Split {label(c.clip)} at {plural(c.changes, 'scene change')} into {c.clips} clips"
        ),
        lambda c: f"已在 {c.changes} 处场景切换把{label_zh(c.clip)}拆成 {c.clips} 段",
    ),
    C.BeatCutsSet: (
        lambda c: (
            f"Put {plural(c.cuts, 'cut')} on the beat of '{name(c.music)}' ({c.bpm:.0f} BPM)"
            if c.every == 1
            else f"Changed clips every {c.every} beats of '{name(c.music)}' ({c.bpm:.0f} BPM)"
        ),
        lambda c: (
            f"已把 {c.cuts} 处切换对齐到「{name(c.music)}」的节拍（{c.bpm:.0f} BPM）"
            if c.every == 1
            else f"已按「{name(c.music)}」每 {c.every} 拍切换一次（{c.bpm:.0f} BPM）"
        ),
    ),
    C.LoudnessSet: (
        lambda c: (
            f"The sound will be normalised to {c.lufs:g} LUFS"
            f"{f' ({c.target})' if c.target else ''} when exported"
        ),
        lambda c: f"导出时声音将标准化到 {c.lufs:g} LUFS{f'（{c.target}）' if c.target else ''}",
    ),
    C.MusicDucked: (
        lambda c: (
            f"The music will dip {c.db} dB whenever someone speaks"
            if c.db
            else "The music no longer dips under speech"
        ),
        lambda c: f"有人说话时音乐会降低 {c.db} dB" if c.db else "说话时音乐不再降低",
    ),
    C.DenoiseSet: (
        lambda c: (
            "The clips' background noise will be reduced when exported"
            if c.on
            else "The clips' sound will no longer be denoised"
        ),
        lambda c: "导出时将降低片段的背景噪音" if c.on else "不再对片段声音降噪",
    ),
    C.ClipNotAnalysed: (
        lambda c: f"Could not listen to {label(c.clip)}: its file was not analysed",
        lambda c: f"无法分析{label_zh(c.clip)}的声音和画面",
    ),
    C.MusicNotAnalysed: (
        lambda c: f"Could not listen to the music '{name(c.music)}': its file was not analysed",
        lambda c: f"无法分析音乐「{name(c.music)}」",
    ),
    C.NoSpeech: (
        lambda c: f"Heard no speech in {label(c.clip)}",
        lambda c: f"在{label_zh(c.clip)}中没有听到说话",
    ),
    C.NoPauses: (
        lambda c: (
            f"Found no pauses longer than {c.longer_than_ms / 1000:g} s"
            + (f" (and up to {c.keep_over_ms / 1000:g} s)" if c.keep_over_ms else "")
            + " to cut"
        ),
        lambda c: f"没有找到超过 {c.longer_than_ms / 1000:g} 秒的停顿",
    ),
    C.AllStill: (
        lambda c: f"{cap(label(c.clip))} is all black or frozen: remove it instead",
        lambda c: f"{label_zh(c.clip)}全是黑屏或静止画面：可以直接删除它",
    ),
    C.NoStill: (
        lambda c: f"Found no {_still(c.black, c.frozen)} stretches to remove",
        lambda c: f"没有找到可删除的{_still_zh(c.black, c.frozen)}",
    ),
    C.NoScenes: (
        lambda c: "Found no scene changes to split at",
        lambda c: "没有找到场景切换",
    ),
    C.NoMusicForBeats: (
        lambda c: "Add music first: the cuts follow its beats",
        lambda c: "请先添加音乐：卡点要跟着音乐的节拍",
    ),
    C.NoBeat: (
        lambda c: f"Heard no steady beat in the music '{name(c.music)}'",
        lambda c: f"在音乐「{name(c.music)}」里没有听到稳定的节拍",
    ),
    C.BeatsOutOfReach: (
        lambda c: (
            f"{plural(c.clips, 'clip')} could not reach a beat (too short) and kept "
            f"{'its' if c.clips == 1 else 'their'} length"
        ),
        lambda c: f"{c.clips} 段太短，够不到节拍，保持原长",
    ),
    # ---- notes
    # ---- captions and cuts by speech
    C.CaptionsAdded: (
        lambda c: (
            f"{'Replaced the captions with' if c.replaced else 'Added'} "
            f"{plural(c.cues, 'caption')} from the speech ({_heard_in(c.language)}"
            f"{plural(c.words, 'word')}; {_look(c.style)})"
        ),
        lambda c: (
            f"已根据语音添加 {c.cues} 条字幕（{_heard_in_zh(c.language)}{c.words} 个词；"
            f"{_look_zh(c.style)}）"
        ),
    ),
    C.CaptionsStyled: (
        lambda c: f"Captions now: {_look(c.style)}",
        lambda c: f"字幕现在：{_look_zh(c.style)}",
    ),
    C.CaptionsRemoved: (
        lambda c: f"Removed the captions{f' from {name(c.name)}' if c.name else ''}",
        lambda c: "已去掉字幕",
    ),
    C.SpeechCut: (_speech_cut, _speech_cut_zh),
    C.NoSpeechHeard: (
        lambda c: (
            "No speech was heard in the parts of the clips on the timeline"
            if c.on_timeline
            else "No speech was heard in the clips, so there are no captions to add"
        ),
        lambda c: (
            "时间线上的片段里没有听到说话"
            if c.on_timeline
            else "片段里没有听到说话，所以没有可添加的字幕"
        ),
    ),
    C.NeedsSpeech: (_needs_speech, _needs_speech_zh),
    C.NoCaptions: (
        lambda c: 'There are no captions yet: say "add captions" first',
        lambda c: "还没有字幕：请先说“加字幕”",
    ),
    C.SpeechNotFound: (_not_found, _not_found_zh),
    C.FontMissing: (_font_missing, _font_missing_zh),
    C.FontFileBroken: (
        lambda c: (
            f"Note: {c.env_var} points at {one_line(c.value)}, which is not a font file "
            f"nemo can read, so export will stop there. Fix the path, or unset {c.env_var}."
        ),
        lambda c: (
            f"注意：{c.env_var} 指向的 {one_line(c.value)} 不是可以读取的字体文件，"
            f"导出时会因此报错。请修正路径，或取消设置 {c.env_var}。"
        ),
    ),
}


def is_zh(language: str) -> bool:
    return language.lower().startswith("zh")


def word(value: C.Change | C.Problem | C.Note, language: str = "en") -> str:
    """One sentence saying ``value``, in Chinese for "zh*" languages, else in English."""
    en, zh = MESSAGES[type(value)]
    return zh(value) if is_zh(language) else en(value)


def words(values: Sequence[C.Change | C.Problem | C.Note], language: str = "en") -> list[str]:
    return [word(v, language) for v in values]
