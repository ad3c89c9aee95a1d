"""Detectors for captions made from speech, and for editing by what is said.

- "add captions" / "auto subtitles" / "加字幕" / "自动字幕" with no text of their own ->
  ``AddCaptions`` (a caption *with* quoted text stays a text: ``detect_text``);
- style words about captions ("make the captions yellow", "2 words at a time",
  "highlight the word being spoken") -> ``StyleCaptions``;
- "remove the filler words", "delete from 'so anyway' to 'moving on'", "cut the sentence
  about pricing" (and their Chinese) -> ``CutSpeech``.
"""

from __future__ import annotations

import re

from ..intents import AddCaptions, CutSpeech, StyleCaptions
from .clause import Clause, Found
from .lexer import QUOTE_CLASS
from .rx import rx

Q = QUOTE_CLASS

_NOUN = rx(r"\b(?:captions|subtitles|subs|closed\s+captions?)\b|字幕")
_ANY_NOUN = rx(r"\b(?:captions?|subtitles?|subs)\b|字幕")
_AUTO = rx(
    r"\bauto(?:matic)?(?:ally)?[- ]?(?:captions?|caption|subtitles?|generated\s+captions)\b"
    r"|\bcaption\s+(?:it|this|the\s+video|my\s+video|the\s+speech)\b|\btranscribe\b"
    r"|自动字幕|自动加字幕|生成字幕|识别字幕|语音转字幕|语音识别"
)
_ADD = rx(
    r"\b(?:add|generate|create|turn\s+on|enable|burn|give|want|need|include)\b"
    r"|加|添加|生成|配上|配|上字幕"
)
_REMOVE = rx(r"\b(?:remove|delete|drop|no|without|turn\s+off|hide)\b|去掉|删|取消|不要|关掉")
_ZH = rx(r"中文字幕|汉语字幕|\bchinese\s+(?:captions?|subtitles?)\b|\bin\s+chinese\b")
_EN = rx(r"英文字幕|英语字幕|\benglish\s+(?:captions?|subtitles?)\b|\bin\s+english\b")
# Style words that only make sense for captions (no "captions" needed in the clause).
_CAPTION_ONLY = ("highlight", "words_per_cue")

_CUT = r"(?:remove|cut|delete|drop|strip|trim|take\s+out|get\s+rid\s+of|clean\s+up|edit\s+out)"
_CUT_ZH = r"(?:去掉|删掉|删除|剪掉|去除|剪去|删去|拿掉)"
_FILLERS = rx(
    rf"\b{_CUT}\b.*\b(?:fillers?|filler\s+words|ums?|uhs?|ers|hesitations?|umms?)\b"
    rf"|{_CUT_ZH}.*(?:语气词|口头禅|嗯|呃|停顿词)|(?:语气词|嗯|呃).*{_CUT_ZH}"
)
_BETWEEN = rx(
    rf"\b{_CUT}\b.*?\bfrom\s+({Q})\s+(?:to|until|till|through|up\s+to)\s+({Q})"
    rf"|从\s*({Q})\s*(?:到|直到)\s*({Q})"
)
_BETWEEN_VERB_ZH = rx(_CUT_ZH)
_SENTENCE = rx(
    rf"\b{_CUT}\b.*?\b(?:sentence|part|bit|line)\s+(?:about|on|that\s+mentions|mentioning|"
    rf"where\s+i\s+talk\s+about|talking\s+about)\s+(?:the\s+)?({Q}|.+?)\s*$"
    rf"|{_CUT_ZH}.*?(?:关于|讲|说|提到)\s*({Q}|.+?)\s*的?(?:那句话|那句|句子|那一句|那段话|那段)"
)


# Words without which a clause says nothing about how captions look unless it names captions:
# the style reader (and its patterns) is loaded only for a clause that has one.
_STYLE_HINT = rx(r"karaoke|highlight|\bwords?\b|卡拉|高亮|[词字]")


def _style_changes(t: str) -> dict[str, object]:
    from ..captions.style_words import style_changes

    return style_changes(t)


def _style(t: str) -> tuple[tuple[str, object], ...]:
    return tuple(sorted(_style_changes(t).items()))


def captions(c: Clause) -> Found | None:
    """Captions from speech, or a change to how they look."""
    t = c.t
    quoted = re.search(Q, t) is not None
    auto = _AUTO.search(t)
    noun = _NOUN.search(t)
    if (auto or (noun and _ADD.search(t))) and not quoted and not _REMOVE.search(t):
        language = "zh" if _ZH.search(t) else "en" if _EN.search(t) else None
        where = auto or noun
        assert where is not None
        return [(where.start(), AddCaptions(style=_style(t), language=language))]
    if not (_ANY_NOUN.search(t) or _STYLE_HINT.search(t)):
        return None  # no captions named, and no word about karaoke or words at a time
    style = _style_changes(t)
    if quoted or _REMOVE.search(t) and "highlight" not in style:
        return None
    if style and (_ANY_NOUN.search(t) or any(k in style for k in _CAPTION_ONLY)):
        return [(0, StyleCaptions(style=tuple(sorted(style.items()))))]
    return None


def cut_speech(c: Clause) -> Found | None:
    """Editing by what is said."""
    t = c.t
    between = _BETWEEN.search(t)
    if between:
        first, last = (g for g in between.groups() if g)
        zh_verb = between.group(3) is not None
        if not zh_verb or _BETWEEN_VERB_ZH.search(t):
            return [(between.start(), CutSpeech("between", c.quote(first), c.quote(last)))]
    sentence = _SENTENCE.search(t)
    if sentence:
        topic = next(g for g in sentence.groups() if g)
        topic = c.quote(topic) if re.fullmatch(Q, topic) else topic.strip(" .,!?。，")
        if topic:
            return [(sentence.start(), CutSpeech("sentence", topic))]
    fillers = _FILLERS.search(t)
    if fillers:
        return [(fillers.start(), CutSpeech("fillers"))]
    return None
