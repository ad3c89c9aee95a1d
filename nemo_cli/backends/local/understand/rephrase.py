"""Ways of saying things that the detectors would misread, said the way they read them.

Runs on the normalised sentence before it is cut into clauses, so a list or a range stays one
phrase: "in the order 2, 3, 1" -> "order:2>3>1"; "clips 1 and 3" -> "clips 1+3"; "starting at
4 and ending at 11" -> "from 4s to 11s"; "seconds 5 to 10" -> "from 5s to 10s"; "第5秒" -> "5秒";
"4秒开始11秒结束" -> "从4秒到11秒"; "the photo should last 4 s" -> "... for 4 s"; "take the music
out" -> "take out the music"; "turn the clips
down so the music is audible" -> "turn the clips down" (the purpose is not an edit); Chinese
commands separated only by spaces ("全部合并 竖屏 铺满") are separated by commas.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .rx import Rx, rx

_ORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|"
    r"\d+(?:st|nd|rd|th))"
)
_NOT_TIME_WORDS = (
    r"(?:speed|faster|slower|slow|fast|volume|vol\b|louder|quieter|level|loud|速度|音量|倍|声音)"
)
_BARE_SEP = r"\s*(?:-|to\b|until\b|till\b|到)\s*"  # between the two numbers of a range
_UNIT = (
    r"(?:s\b|secs?\b|seconds?\b|mins?\b|minutes?\b|ms\b|h\b|hrs?\b|hours?\b|%|"
    r"秒|分|倍|小时|钟头|x\b)"
)
_SEQ_SEP = r"(?:\s*(?:,|，|、|>|->|then|and\s+then|和|再|然后)\s*|\s+)"
_SEQ = rf"[1-9](?:{_SEQ_SEP}[1-9](?!\d|\s*{_UNIT}))+"
_ORDER_WORDS = (
    r"(?:in\s+(?:the\s+)?order(?:\s+of)?|(?:the\s+)?order(?:\s+should\s+be|\s+is|\s+to)?|"
    r"rearrange(?:\s+(?:them|it|the\s+clips))?(?:\s+(?:to|as|like|into))?|reorder(?:\s+(?:them|it|"
    r"the\s+clips))?(?:\s+(?:to|as))?|(?:play|put|arrange|sort)\s+them(?:\s+(?:in|as))?|sequence|"
    r"顺序(?:改成|改为|换成|调成|是|为)?|按照?|排成|改成)"
)

Rule = tuple[Rx, "str | Callable[[re.Match[str]], str]"]


def _order(m: re.Match[str]) -> str:
    digits = re.findall(r"[1-9]", m.group("seq"))
    if len(set(digits)) != len(digits):
        return m.group(0)
    return f"{m.group('lead') or ''} order:{'>'.join(digits)} "


def _ordinal_list(m: re.Match[str]) -> str:
    return f"{m.group(1)}+"


_RULES: tuple[Rule, ...] = tuple(
    (rx(rule), repl)
    for rule, repl in (
        # ---- orders: "in the order 2, 3, 1", "按2、1、3拼", "按 3 1 2 的顺序", "3 then 1 then 2"
        (
            rf"(?P<lead>\b(?:combine|merge|join|put|play|use)\b[^,，]*?)?\s*{_ORDER_WORDS}\s*[:：]?\s*"
            rf"(?P<seq>{_SEQ})(?:\s*的顺序)?",
            _order,
        ),
        (
            r"^(?P<lead>\s*(?:combine|merge|join|put|play|use)?)\s*(?P<seq>[1-9](?:\s+(?:then|and\s+then)"
            r"\s+[1-9])+)\b",
            _order,
        ),
        (
            r"(?P<lead>)(?:clip\s*)?(?P<seq>[1-9]\s+(?:should\s+)?(?:come|go|be|play)?\s*first\s*,?\s*"
            r"(?:then|and\s+then|followed\s+by)\s+(?:clip\s*)?[1-9](?:\s*,?\s*(?:then|and\s+then|and)\s+"
            r"(?:clip\s*)?[1-9])*)",
            _order,
        ),
        (
            r"(?P<lead>)先(?:放|用|是)?(?P<seq>第[1-9][段个]?\s*(?:再|然后|接着)(?:放|用|是)?第[1-9][段个]?"
            r"(?:\s*(?:最后|再|然后|接着)(?:放|用|是)?第[1-9][段个]?)*)",
            _order,
        ),
        # ---- lists of clips and files stay one phrase
        (rf"\b({_ORD})\s*(?:,\s*|\s+(?:and|&|or)\s+)(?:the\s+)?(?={_ORD}\b)", _ordinal_list),
        (
            rf"\bclips?\s*#?(\d+)\s*(?:,\s*|\s+(?:and|&|or)\s+|\+)(?:clips?\s*)?(?=\d+\b(?!\s*{_UNIT}))",
            r"clips \1+",
        ),
        (r"(第\s*\d+\s*[个段条]?)\s*(?:和|跟|与|、|,|，|及)\s*(?=第?\s*\d+\s*[个段条])", r"\1与"),
        (r"(第\s*\d+)\s*(?:和|跟|与|、|,|，|及)\s*(?=第?\s*\d+\s*[个段条])", r"\1与"),
        (r"(第\s*\d+\s*[个段条]?)\s*(?:和|跟|与|、|及)\s*(?=最后)", r"\1与"),
        # ---- ranges and lengths said in other words
        (
            r"\bstart(?:ing|s)?\s+(?:at|from)\s+(\d+(?:\.\d+)?)\s*(?:s\b|secs?\b|seconds?\b)?\s*,?\s*"
            r"and\s+end(?:ing|s)?\s+at\s+(\d+(?:\.\d+)?)\s*(?:s\b|secs?\b|seconds?\b)?",
            r"from \1s to \2s",
        ),
        (
            r"(\d+(?:\.\d+)?)\s*(?:s\b|secs?\b|seconds?\b)\s+start(?:ing)?\s+(?:at|from)\s+"
            r"(\d+(?:\.\d+)?)\s*(?:s\b|secs?\b|seconds?\b)?",
            r"from \2s for \1s",
        ),
        (
            r"\b(start(?:ing|s)?\s+(?:at|from)|end(?:ing|s)?\s+at|from)\s+(\d+(?:\.\d+)?)(?![\d.:]|\s*"
            rf"{_UNIT}|\s*(?:to|-|until)\s*\d)",
            r"\1 \2s",
        ),
        (
            r"\bbetween\s+(\d+(?:\.\d+)?)\s*(?:s\b|secs?\b|seconds?\b)?\s+and\s+(\d+(?:\.\d+)?)\s*"
            r"(?:s\b|secs?\b|seconds?\b)",
            r"from \1s to \2s",
        ),
        (r"(?<![\d.:])(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s+of\b", r"\1s-\2s of"),
        # "keep 3 to 9 of the talk": numbers of a clip are its seconds (not after "clips")
        (
            r"(?<![\d.:])(?<!clip\s)(?<!clips\s)(\d+(?:\.\d+)?)\s+(to|until|till|through)\s+"
            r"(\d+(?:\.\d+)?)\s+of\b",
            r"\1s \2 \3s of",
        ),
        # "keep 1.2 to 4.5": a fraction is a time, not a clip's number (unless it is a speed
        # or a level: "speed 1.5 to 2", "volume 0.5 to 1")
        (
            rf"^(?!.*{_NOT_TIME_WORDS})(.*?)(?<![A-Za-z\d.:_])(?=\d+\.\d|\d+{_BARE_SEP}\d+\.\d)"
            rf"(\d+(?:\.\d+)?){_BARE_SEP}(\d+(?:\.\d+)?)(?![\d.:%x×倍]|\s*{_UNIT})",
            r"\1\2s to \3s",
        ),
        (
            rf"\bfrom\s+(\d+(?:\.\d+)?)\s+(to|until|till)\s+(\d+(?:\.\d+)?)(?![\d.:]|\s*{_UNIT})",
            r"from \1s \2 \3s",
        ),
        (r"\b(clips?\s*\d+)\s*:\s+", r"\1 "),
        (
            r"\b(everything|all(?:\s+(?:the\s+)?(?:clips|files|media|videos))?|the\s+rest)\s+but\s+",
            r"\1 except ",
        ),
        (r"\b(?:the\s+)?(first|last|final)\s+second\b(?!s)", r"the \1 1 second"),
        (
            r"(\d+(?:\.\d+)?)\s*秒\s*开始\s*[,，]?\s*(?:到\s*)?(\d+(?:\.\d+)?)\s*秒\s*结束",
            r"从\1秒到\2秒",
        ),
        (r"(\d+(?:\.\d+)?\s*秒)\s*(?:剪到|截到|切到|播到)\s*(第?\s*\d+(?:\.\d+)?\s*秒)", r"\1到\2"),
        (r"(从\s*\d+(?:\.\d+)?\s*秒\s*开始)\s*[,，]\s*(保留|留|用|要)", r"\1\2"),
        (r"\s*,\s*(for\s+\d+(?:\.\d+)?\s*(?:s\b|secs?\b|seconds?\b))", r" \1"),
        # the unit before the numbers: "seconds 5 to 10", "from second 3 to second 9", "sec 2-6"
        (
            r"\b(?:from\s+)?(?:the\s+)?(?:seconds?|secs?)\s+(\d+(?:\.\d+)?)\s*(?:to|-|–|until|till|"
            r"through|thru)\s*(?:(?:the\s+)?(?:seconds?|secs?)\s+)?(\d+(?:\.\d+)?)(?![\d.:]|\s*"
            rf"{_UNIT})",
            r"from \1s to \2s",
        ),
        (r"\bfrom\s+(?:the\s+)?second\s+(\d+(?:\.\d+)?)(?![\d.:]|\s*" + _UNIT + ")", r"from \1s"),
        # "第5秒" is a point in time, said as an ordinal: the 5 s mark
        (r"第\s*(\d+(?:\.\d+)?)\s*(秒|分钟?)", r"\1\2"),
        # "last" as a verb: "make the picture last 4 seconds", "it should last 20 s": a length
        (
            r"(?:(?<=\bit)|(?<=\bthem)|(?<=\bshould)|(?<=\bwill)|(?<=\bto)|(?<=\bmust)|"
            r"(?<=\bclip\s\d)|(?<=\bclip\s\d\s)|(?<=[\ue400-\ue7ff])|(?<=[\ue400-\ue7ff]\s))\s*"
            rf"(?:last|lasts|stay|stays|run|runs|play|plays|go\s+on|be\s+on\s+screen|stay\s+on\s+"
            rf"screen)\s+(?:for\s+)?(?=\d+(?:\.\d+)?\s*{_UNIT})",
            " for ",
        ),
        # separable verbs, the object between: "take the music out" -> "take out the music"
        (
            r"\b(take|get|cut|leave|turn|switch|throw|strip|shut|knock)\s+(?!(?:it|them|this|that|"
            r"out|off|away|down|up)\b)((?:(?:the|my|that|this|all|any|those|these|of)\s+)*"
            r"(?:clip\s+\d+|[^\s\d,，.;][^\s,，.;]*)(?:\s+(?!(?:to|and|with|so|for|in|at|on|then|"
            r"but|if|when|after|before)\b)[^\s\d,，.;][^\s,，.;]*){0,2}?)\s+(out|off|away)\b"
            r"(?=\s*(?:$|[,，.;!?。]|(?:and|then|please|pls|too|now)\b))",
            r"\1 \3 \2",
        ),
        # ---- what was said only as the reason is not an edit
        (
            r"\s+so\s+(?:that\s+)?(?:the\s+|i\s+|we\s+|you\s+|it\s+)?\w*\s*(?:is|are|can|will|gets?|"
            r"becomes?|stays?)\b[^,，。.;]*",
            "",
        ),
        (r"\s*[,，]?\s*(?:让|好让|以便|这样)[^,，。;；]*(?:听|看)得?(?:清|到|见)[^,，。;；]*", ""),
    )
)
# Before media names and kinds are read ("no photo" is "without the photo").
_EARLY: tuple[Rule, ...] = (
    (rx(r"\b(?:no|without(?:\s+the)?)\s+(photos?|pictures?|images?|pics?)\b"), r"without the \1"),
)
# Chinese commands separated by spaces only: a space between two Chinese characters is a comma.
_ZH_SPACE = rx(r"(?<=[\u3400-\u9fff%\d])\s+(?=[\u3400-\u9fff])(?![秒分倍个段张条])")


def early(s: str) -> str:
    """Rewrites that must happen before media references are read."""
    for rule, repl in _EARLY:
        s = rule.sub(repl, s)
    return s


# Words without which each rule above cannot match, in its order: a rule whose words are all
# missing is skipped without being compiled (most sentences need only a few of the rules).
_NEEDS: tuple[tuple[str, ...], ...] = (
    (
        "order",
        "rearrange",
        "play them",
        "put them",
        "arrange",
        "sort them",
        "sequence",
        "顺序",
        "按",
        "排成",
        "改成",
    ),
    ("then",),
    ("first",),
    ("先",),
    (" and ", ",", "&", " or "),
    ("clip",),
    ("第",),
    ("第",),
    ("第",),
    ("start",),
    ("start",),
    ("start", "end", "from"),
    ("between",),
    ("-",),
    (" of",),
    (".",),
    ("from",),
    ("clip",),
    (" but ",),
    ("second",),
    ("开始",),
    ("剪到", "截到", "切到", "播到"),
    ("开始",),
    ("for",),
    ("sec",),
    ("second",),
    ("第",),
    ("last", "stay", "run", "play", "go on", "screen"),
    ("out", "off", "away"),
    (" so ",),
    ("让", "以便", "这样"),
)


def rephrase(s: str) -> str:
    """``s`` (a normalised sentence) with the phrasings above rewritten."""
    for (rule, repl), needs in zip(_RULES, _NEEDS, strict=True):
        if any(word in s for word in needs):
            s = rule.sub(repl, s)
    return _ZH_SPACE.sub("，", s) if " " in s else s
