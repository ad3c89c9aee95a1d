"""Lifting out what must not be read as a command: media file names ("lofi.wav") and unquoted
title text ('title: Rock and Roll', '标题是城市之梦'), each replaced by one private-use
placeholder character, like the quotes ``lexer.extract_quotes`` lifts (case is kept)."""

from __future__ import annotations

import re

from ....media_files import FILE_TYPES
from .lexer import MAX_PLACEHOLDERS, file_char, quote_char
from .rx import Rx, rx

_MEDIA_EXT = "|".join(FILE_TYPES)
_FILE = rx(
    rf"(?<![A-Za-z0-9_.\-/\\])([\w\-~+/\\]+(?:\.[\w\-~+]+)*\.(?:{_MEDIA_EXT}))(?![A-Za-z0-9_])",
    re.I,
)
_CJK_RUN = rx(r"[\u3400-\u9fff]+")

# Unquoted title text: 'title: Rock and Roll', 'a caption saying Hello there', '标题是城市之梦',
# and 'add a title Urban Dreams' (capitalised words after the role word).
_ROLE = r"(?:title|heading|headline|caption|subtitle|text)"
_EXPLICIT = rx(
    rf"\b{_ROLE}s?(?:\s*:\s*|\s+(?:saying|that\s+says|which\s+says|reading|that\s+reads|"
    rf"called|named|with\s+the\s+(?:text|words))\s+)"
    r"(?P<txt>[^,;!?\n\ue000-\uf8ff]+?)(?=\s*(?:[,;!?\n]|\.(?:\s|$)|$))",
    re.I,
)
_IMPLICIT = rx(
    rf"(?:^|\b(?:add|put|insert|write|show|display|place|include|use|with|and)\s+"
    rf"(?:(?:a|an|the|my|this|big|small|large)\s+)*){_ROLE}\s+"
    r"(?P<txt>[^,;!?\n\ue000-\uf8ff]+?)(?=\s*(?:[,;!?\n]|\.(?:\s|$)|$|\s+(?:and|then)\s+))",
    re.I,
)
_ZH_EXPLICIT = rx(
    r"(?:标题|字幕|文字|文本|文案)\s*(?:是|为|写着|写|叫做|叫|内容是|内容为|[:：])\s*"
    r"(?P<txt>[^,，;；。!！?？\n\ue000-\uf8ff]+)"
)
_NUMWORD = r"(?:\d[\d.:]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|half)"
_TAIL = rx(
    rf"\s+(?:for\s+(?:the\s+)?(?:first\s+|last\s+|whole\b|entire\b)?{_NUMWORD}?"
    r"|(?:while|during|when|whenever|as)\b|(?:on|over|in)\s+(?:the\s+)?(?:first|last|second|third|"
    r"final|whole|entire)\b|(?:on|over|to|during)\s+(?:the\s+)?(?:clip|photo|picture|image)\b"
    r"|(?:on|over|to|during)\s+clip\s*\d|on\s+(?:it|screen|the\s+screen|the\s+video)\b"
    rf"|from\s+{_NUMWORD}|between\s+{_NUMWORD}|at\s+{_NUMWORD}|starting\b|until\b"
    r"|(?:at|on|in|to)\s+the\s+(?:very\s+)?(?:top|bottom|middle|center|centre|end|start|beginning)\b"
    r"|throughout\b|all\s+the\s+way\b|(?:at\s+)?(?:the\s+)?(?:top|bottom)$|in\s+(?:big|large|small)\b"
    r"|on\s+(?:the\s+)?(?:top|bottom)\b|at\s+(?:top|bottom)\b"
    r").*$",
    re.I,
)
_ZH_TAIL = rx(
    r"(?:(?:显示|持续|放在|在|从|前|最后|第)?\s*[\d零一二两三四五六七八九十]+\s*(?:秒|分|个?小时|个?钟头).*"
    r"|(?:放在|在|位于)?(?:顶部|底部|中间|上方|下方|开头|结尾|片头|片尾)(?:显示)?.*)$"
)
_NOT_TEXT = rx(
    r"^(?:(?:to|for|from|at|on|in|of|that|this|it|and|with|the|a|an)\b"
    r"|\d[\d.:]*\s*(?:s|secs?|seconds?|mins?|minutes?|ms|h|hrs?|hours?)\b)",
    re.I,
)


def take_files(text: str, files: list[str], known: frozenset[str] = frozenset()) -> str:
    """Replace media file names ("lofi.wav", "My_Song.MP3") with placeholders, keeping case.
    ``known`` are the session's file names (lower case): "把片尾.mp4" is 把 + 片尾.mp4 when the
    session has a 片尾.mp4 (Chinese words run into a Chinese file name with no space)."""

    def repl(m: re.Match[str]) -> str:
        name, prefix = m.group(1), ""
        lead = _CJK_RUN.match(name)
        if lead and re.search(r"[A-Za-z0-9]", name[lead.end() :].split(".")[0]):
            prefix, name = lead.group(0), name[lead.end() :]  # "用lofi.wav": the verb stays
        elif lead and name.lower() not in known:
            cut = next((i for i in range(1, lead.end()) if name[i:].lower() in known), 0)
            prefix, name = name[:cut], name[cut:]
        if len(files) >= MAX_PLACEHOLDERS:
            return m.group(0)
        files.append(name)
        return prefix + file_char(len(files) - 1)

    return _FILE.sub(repl, text)


def _quote_span(text: str, start: int, end: int, quotes: list[str]) -> str:
    if len(quotes) >= MAX_PLACEHOLDERS:
        return text
    quotes.append(text[start:end].strip())
    return text[:start] + " " + quote_char(len(quotes) - 1) + " " + text[end:]


def _strip_tail(txt: str, tail: Rx) -> str:
    return tail.sub("", txt).strip(" \t:：-")


# More ways people give the text without quotes (issue #12): "caption it Day One", "change the
# title to Ocean Days", "the title should say Summer 2024", "a caption at the bottom: best day
# ever", "put Hello World at the top", "add the words happy birthday", "caption the second clip
# city lights"; "加字幕 出发啦", "标题换成 夏天的海", "写上 我们出发了", "最后两秒显示 谢谢观看".
_TXT = (
    r"(?P<txt>[^,;!?\n\ue000-\uf8ff]+?)(?=\s*(?:[,;!?\n]|\.(?:\s|$)|$|\s+(?:and\s+)?then\s+|"
    r"\s+and\s+(?:make|add|put|remove|delete|turn|set|change|use|cut|trim|mute|fade|crop|fill|"
    r"export|also)\b))"
)
_MORE_EN = tuple(
    rx(rule, re.I)
    for rule in (
        rf"\b(?:caption|title|subtitle|label)\s+it\s+{_TXT}",
        rf"\b(?:change|set|rename|switch|update|edit|replace)\s+(?:the\s+|my\s+)?{_ROLE}\s+"
        rf"(?:to|with|as|into)\s+(?:say\s+|read\s+)?{_TXT}",
        rf"\b{_ROLE}\s+should\s+(?:say|read|be)\s+{_TXT}",
        rf"\b{_ROLE}s?\b[^:\n\ue000-\uf8ff]{{1,30}}?(?<!\d):(?!\d)\s*{_TXT}",
        rf"\b{_ROLE}\s+on\s+(?:the\s+)?screen\s*:\s*{_TXT}",
        rf"\b{_ROLE}s?\b[^,;\n\ue000-\uf8ff]{{1,24}}?\b(?:that\s+says|saying|which\s+says|reading)\s+{_TXT}",
        rf"\b(?:add|put|show|display|write|with)\s+(?:the\s+)?words?\s+{_TXT}",
        rf"\b(?:caption|title|subtitle|label)\s+(?:the\s+\w+\s+(?:clip|video|one)|clip\s+\d+|"
        rf"the\s+(?:photo|picture|image))\s+{_TXT}",
    )
)
_CAPS_TXT = r"(?P<txt>[A-Z0-9][\w'!?.&-]*(?:\s+[A-Z0-9][\w'!?.&-]*)*)"
_PLACED = rx(
    rf"\b(?:put|write|show|display|place|add|stick|slap)\s+{_CAPS_TXT}\s+(?:at|on|in|across|over)\s+"
    r"(?:the\s+)?(?:top|bottom|middle|center|centre|start|end|beginning|it|screen|video)\b"
)
_ZH_ANCHORED = rx(
    r"(?:(?:大)?标题|字幕|文字|文本|文案|一行字|行字|个字|句话|段字)"
    r"(?:(?:放在|放到|在|位于)?(?:顶部|底部|中间|上方|下方|上面|下面|开头|结尾)(?:显示)?)?"
    r"(?:换成|改成|改为|换为|是|为|写着|叫|"
    r"内容是|内容为)?(?:\s*[:：]\s*|\s+)(?P<txt>[^,，;；。!！?？\n\ue000-\uf8ff]+)"
    r"|(?:写上|写|显示|打上|内容是|内容为)(?:\s*[:：]\s*|\s+)(?P<txt2>[^,，;；。!！?？\n\ue000-\uf8ff]+)"
)
_ZH_JOIN = rx(r"(文字|标题|字幕|文本|文案)\s*[,，]\s*(内容是|内容为|写着|叫)")
# What follows a text word but is a command or a question, not the text.
_NOT_ZH_TEXT = rx(
    r"^(?:再|然后|并且|还有|顺便|另外|同时|接着|再把|把)?\s*(?:不要|删|去掉|取消|拿掉|换|改|调|加(?!油|把劲)|变成|做成|"
    r"弄成|设成|大一?点|小一?点|放大|缩小|什么|啥|是什么|多少|呢|吗|哪)"
    r"|[吗呢]$|什么|是啥"
)
_NOT_WORDS = frozenset(["please", "pls", "plz", "thanks", "card", "cards"])
# Words about how a text looks, said after its role word ("title bigger pls"): not its text.
_STYLE_ONLY = rx(
    r"^(?:(?:a\s+)?(?:bit|little|lot|touch)\s+|much\s+|way\s+|even\s+|more\s+|slightly\s+)?"
    r"(?:bigger|smaller|larger|higher|lower|big|small|large|tiny|huge|bold(?:er)?|up|down)"
    r"(?:\s+(?:please|pls|plz|thanks|now|too|again))*$",
    re.I,
)


def _lift(
    text: str,
    quotes: list[str],
    m: re.Match[str],
    group: str,
    tail: Rx,
    need_caps: bool,
    names: frozenset[str],
) -> tuple[str, int]:
    raw = m.group(group)
    txt = _strip_tail(raw, tail)
    if (
        not txt
        or _NOT_TEXT.match(txt)
        or txt.lower() in names
        or _NOT_ZH_TEXT.search(txt)
        or _STYLE_ONLY.match(txt)
    ):
        return text, m.end()
    if need_caps and not re.search(r"[A-Z0-9\u3400-\u9fff]", txt):
        words = txt.split()
        if len(words) < 2 or words[0].lower() in _NOT_WORDS:
            return text, m.end()
    start = m.start(group) + raw.find(txt)
    return _quote_span(text, start, start + len(txt), quotes), start + 3


# Every rule below needs one of these words (the role words and the verbs that introduce text).
_TEXT_HINTS = (
    "title",
    "caption",
    "subtitle",
    "text",
    "heading",
    "headline",
    "label",
    "word",
    "put ",
    "write",
    "show",
    "display",
    "place",
    "stick",
    "slap",
    "add ",
    "标题",
    "字幕",
    "文字",
    "文本",
    "文案",
    "字",
    "写",
    "显示",
    "内容",
    "句话",
)


_EN_ROLES = ("title", "caption", "subtitle", "text", "heading", "headline", "label")
_ZH_HINTS = ("标题", "字幕", "文字", "文本", "文案", "字", "写", "显示", "内容", "句话")
_UPPER = rx(r"[A-Z]")


def take_unquoted(text: str, quotes: list[str], names: frozenset[str] = frozenset()) -> str:
    """Turn unquoted title text into a quote placeholder, keeping its case. ``names`` are the
    session's file names without extension: never taken for text ("Put Beach at the end")."""
    low = text.lower()
    if not any(hint in low for hint in _TEXT_HINTS):
        return text  # no word that introduces a text: nothing to lift (no rule compiled)
    # Each rule needs a role word, or its own words: the others are not compiled at all.
    en_role = any(w in low for w in _EN_ROLES)
    zh = any(w in text for w in _ZH_HINTS)
    if zh:
        text = _ZH_JOIN.sub(r"\1\2", text)
    rules: list[tuple[Rx, str, Rx, bool]] = []
    if en_role:
        rules += [(rule, "txt", _TAIL, False) for rule in _MORE_EN]
    elif "word" in low:
        rules.append((_MORE_EN[-2], "txt", _TAIL, False))  # "add the words happy birthday"
    if _UPPER.search(text):
        rules.append((_PLACED, "txt", _TAIL, False))
    if en_role:
        rules.append((_EXPLICIT, "txt", _TAIL, False))
    if zh:
        rules += [
            (_ZH_EXPLICIT, "txt", _ZH_TAIL, False),
            (_ZH_ANCHORED, "txt", _ZH_TAIL, False),
            (_ZH_ANCHORED, "txt2", _ZH_TAIL, False),
        ]
    if en_role:
        rules.append((_IMPLICIT, "txt", _TAIL, True))
    for rule, group, tail, need_caps in rules:
        pos = 0
        while True:
            m = rule.search(text, pos)
            if not m:
                break
            if m.group(group) is None:
                pos = m.end()
                continue
            text, pos = _lift(text, quotes, m, group, tail, need_caps, names)
    return text


def take_known_texts(text: str, quotes: list[str], texts: tuple[str, ...]) -> str:
    """Texts already on the video, named without quotes ("去掉那个so fun") -> placeholders."""
    for said in sorted((t for t in texts if len(t.strip()) >= 2), key=len, reverse=True):
        edge = r"(?<![A-Za-z0-9])" if said[:1].isascii() and said[:1].isalnum() else ""
        tail = r"(?![A-Za-z0-9])" if said[-1:].isascii() and said[-1:].isalnum() else ""
        m = re.search(edge + re.escape(said.strip()) + tail, text, re.I)
        if m and not re.search("[\ue000-\uf8ff]", m.group(0)):
            text = _quote_span(text, m.start(), m.end(), quotes)
    return text
