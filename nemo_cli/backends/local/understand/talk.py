"""Questions and small talk: "how long is it now?", "which files did I add?", "hi", "thanks",
"多长了？", "你能干嘛". They are answered from the session (``..answers``), not read as edits.

``talk(text)`` is asked only about a message in which no edit was understood, so "can you make
it vertical?" stays an edit. It returns the kind of question or remark, or None.
"""

from __future__ import annotations

from typing import Literal

from ....values import frozen
from .rx import Rx, rx

TalkKind = Literal[
    "greet",
    "thanks",
    "help",
    "length",
    "timeline",
    "media",
    "aspect",
    "music",
    "text",
    "photo_length",
    "media_length",
]


@frozen
class Talk:
    kind: TalkKind
    subject: str | None = None  # the file a question is about ("how long is beach.mp4?")


# Asking how long: "how long", "how many seconds", "what's the length", "多长", "多少秒".
_HOW_LONG = (
    r"\bhow\s+long\b|\bhow\s+many\s+(?:seconds|secs|minutes|mins)\b|\bhow\s+much\s+time\b"
    r"|\b(?:what(?:'s|\s+is)|current)\s+(?:the\s+|its\s+)?(?:length|duration|runtime|run\s+time)\b"
)
_HOW_LONG_ZH = r"多长|多久|几秒|多少秒|几分钟|多少分钟|时长是|总长|总时长"
# Questions first (a question may start with "hi"), then remarks. Patterns run on the
# normalised text (lower case, numbers as digits, file names as placeholders). A question that
# names what it asks about comes before the general one ("现在有什么字" asks about text).
_QUESTIONS: tuple[tuple[TalkKind, str], ...] = (
    (
        "photo_length",
        rf"(?:{_HOW_LONG}).*\b(?:photo|picture|image|pic|still)s?\b"
        rf"|(?:照片|图片|相片).*(?:{_HOW_LONG_ZH})",
    ),
    ("media_length", rf"(?:{_HOW_LONG}).*[\ue400-\ue7ff]|[\ue400-\ue7ff].*(?:{_HOW_LONG_ZH})"),
    (
        "length",
        rf"{_HOW_LONG}|\bduration\s*\?|{_HOW_LONG_ZH}",
    ),
    (
        "media",
        r"\b(?:which|what)\s+(?:files?|media|clips?|videos?|photos?)?\s*(?:did|have)\s+i\s+"
        r"(?:add|upload|put\s+in|send)|\bwhat(?:'s|\s+is|\s+have\s+i)\s+uploaded\b"
        r"|\bmy\s+(?:files|uploads|media)\s*\?|传了(?:哪些|什么|啥)|上传了(?:哪些|什么|啥)"
        r"|哪些素材|什么素材|有哪些文件",
    ),
    (
        "text",
        r"\bwhat(?:'s|\s+is)\s+the\s+(?:title|caption|text)\b|\bwhat\s+(?:text|titles?|captions?|"
        r"words)\s+(?:is|are|do|did|have)\b|\bwhich\s+(?:texts?|titles?|captions?)\b"
        r"|\bwhat\s+does\s+the\s+(?:title|caption|text)\s+say\b"
        r"|\b(?:is|are)\s+there\s+(?:any\s+)?(?:text|titles?|captions?)\b"
        r"|(?:标题|字幕|文字)(?:是|写的是?|写了)(?:什么|啥)|(?:有|是|写了|加了)(?:什么|啥|哪些)(?:字|文字|标题|字幕)"
        r"|写了什么|(?:有|加了)(?:标题|字幕|文字)吗",
    ),
    (
        "timeline",
        r"\bwhat(?:'s|\s+is)\s+(?:on|in)\s+(?:the\s+|my\s+)?(?:timeline|video|it)\b"
        r"|\bhow\s+many\s+(?:clips?|videos?|segments?|parts?)\b"
        r"|\bwhat(?:'s|\s+is)\s+in\s+there\b|\bshow\s+me\s+the\s+timeline\b"
        r"|时间线上?有(?:啥|什么|哪些)|有几段|几个片段|有哪几段|现在有什么",
    ),
    (
        "aspect",
        r"\baspect(?:\s+ratio)?\b.*\?|\bwhat(?:'s|\s+is)\s+the\s+(?:aspect|ratio|format|size)"
        r"|\bis\s+it\s+(?:vertical|horizontal|square|portrait|landscape)\b"
        r"|\bwhat(?:'s|\s+is)\s+the\s+(?:resolution|dimensions?)\b|\bhow\s+(?:big|wide|tall)\s+is\b"
        r"|什么比例|比例是|是竖屏吗|是横屏吗|竖屏吗|横屏吗|是方的吗|(?:多大|什么)(?:尺寸|分辨率)|尺寸是|分辨率是",
    ),
    (
        "music",
        r"\bis\s+there\s+(?:any\s+)?(?:music|a\s+song|bgm)\b|\bwhat\s+(?:song|music|track)\b"
        r"|\bwhat(?:'s|\s+is)\s+the\s+(?:music(?:'s)?\s+|song(?:'s)?\s+)?volume\b|\bhow\s+loud\s+is\b"
        r"|(?:音乐|配乐|歌)(?:的)?音量(?:是)?(?:多少|多大)"
        r"|\bwhich\s+(?:song|music|track)\b|音乐是(?:哪首|什么)|(?:用的|放的)是?(?:哪首|什么)歌"
        r"|有(?:背景)?音乐吗|有配乐吗|什么歌|哪首歌",
    ),
)
_REMARKS: tuple[tuple[TalkKind, str], ...] = (
    (
        "help",
        r"\bwhat\s+can\s+you\s+do\b|\bwhat\s+do\s+you\s+do\b|\bhow\s+does\s+(?:this|it)\s+work"
        r"|^\W*help\W*$|\bwhat\s+are\s+you\b|你能干嘛|你会(?:什么|啥|干嘛)|能做什么|能干什么|怎么用",
    ),
    (
        "thanks",
        r"\b(?:thanks|thank\s+you|thx|ty|cheers|good\s+job|great|nice|cool|awesome|perfect|"
        r"love\s+it|well\s+done|ok(?:ay)?|brilliant|amazing)\b"
        r"|谢谢|多谢|感谢|辛苦|不错|很好|真棒|好棒|厉害|牛|完美|哈哈|好的|可以了",
    ),
    (
        "greet",
        r"^\W*(?:hi|hello|hey|yo|hiya|howdy|good\s+(?:morning|afternoon|evening))\b"
        r"|你好|您好|嗨|哈喽|哈啰|在吗|在不在",
    ),
)
QUESTION_KINDS = frozenset(kind for kind, _ in _QUESTIONS)
_RULES: tuple[tuple[TalkKind, Rx], ...] = tuple(
    (kind, rx(rule)) for kind, rule in (*_QUESTIONS, *_REMARKS)
)


def talk(s: str) -> Talk | None:
    """What kind of question or remark the normalised message ``s`` is, if any."""
    for kind, rule in _RULES:
        if rule.search(s):
            return Talk(kind)
    return None
