"""Lifting out what must not be read as a command: media file names ("lofi.wav") and unquoted
title text ('title: Rock and Roll', '标题是城市之梦'), each replaced by one private-use
placeholder character, like the quotes ``lexer.extract_quotes`` lifts (case is kept)."""

from __future__ import annotations

import re

from ....media_files import FILE_TYPES
from .lexer import MAX_PLACEHOLDERS, file_char, quote_char

_MEDIA_EXT = "|".join(FILE_TYPES)
_FILE = re.compile(
    rf"(?<![A-Za-z0-9_.\-/\\])([\w\-~+/\\]+(?:\.[\w\-~+]+)*\.(?:{_MEDIA_EXT}))(?![A-Za-z0-9_])",
    re.I,
)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")

# Unquoted title text: 'title: Rock and Roll', 'a caption saying Hello there', '标题是城市之梦',
# and 'add a title Urban Dreams' (capitalised words after the role word).
_ROLE = r"(?:title|heading|headline|caption|subtitle|text)"
_EXPLICIT = re.compile(
    rf"\b{_ROLE}s?(?:\s*:\s*|\s+(?:saying|that\s+says|which\s+says|reading|that\s+reads|"
    rf"called|named|with\s+the\s+(?:text|words))\s+)"
    r"(?P<txt>[^,;!?\n\ue000-\uf8ff]+?)(?=\s*(?:[,;!?\n]|\.(?:\s|$)|$))",
    re.I,
)
_IMPLICIT = re.compile(
    rf"(?:^|\b(?:add|put|insert|write|show|display|place|include|use|with)\s+"
    rf"(?:(?:a|an|the|my|this|big|small|large)\s+)*){_ROLE}\s+"
    r"(?P<txt>[^,;!?\n\ue000-\uf8ff]+?)(?=\s*(?:[,;!?\n]|\.(?:\s|$)|$|\s+(?:and|then)\s+))",
    re.I,
)
_ZH_EXPLICIT = re.compile(
    r"(?:标题|字幕|文字|文本|文案)\s*(?:是|为|写着|写|叫做|叫|内容是|内容为|[:：])\s*"
    r"(?P<txt>[^,，;；。!！?？\n\ue000-\uf8ff]+)"
)
_NUMWORD = r"(?:\d[\d.:]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|half)"
_TAIL = re.compile(
    rf"\s+(?:for\s+(?:the\s+)?(?:first\s+|last\s+|whole\b|entire\b)?{_NUMWORD}?"
    rf"|from\s+{_NUMWORD}|between\s+{_NUMWORD}|at\s+{_NUMWORD}|starting\b|until\b"
    r"|(?:at|on|in|to)\s+the\s+(?:very\s+)?(?:top|bottom|middle|center|centre|end|start|beginning)\b"
    r"|throughout\b|all\s+the\s+way\b|(?:at\s+)?(?:the\s+)?(?:top|bottom)$|in\s+(?:big|large|small)\b"
    r").*$",
    re.I,
)
_ZH_TAIL = re.compile(
    r"(?:(?:显示|持续|放在|在|从|前|最后|第)?\s*[\d零一二两三四五六七八九十]+\s*(?:秒|分).*"
    r"|(?:放在|在|位于)?(?:顶部|底部|中间|上方|下方|开头|结尾|片头|片尾)(?:显示)?.*)$"
)
_NOT_TEXT = re.compile(
    r"^(?:(?:to|for|from|at|on|in|of|that|this|it|and|with|the|a|an)\b"
    r"|\d[\d.:]*\s*(?:s|secs?|seconds?|mins?|minutes?|ms)\b)",
    re.I,
)


def take_files(text: str, files: list[str]) -> str:
    """Replace media file names ("lofi.wav", "My_Song.MP3") with placeholders, keeping case."""

    def repl(m: re.Match[str]) -> str:
        name, prefix = m.group(1), ""
        lead = _CJK_RUN.match(name)
        if lead and re.search(r"[A-Za-z0-9]", name[lead.end() :].split(".")[0]):
            prefix, name = lead.group(0), name[lead.end() :]  # "用lofi.wav": the verb stays
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


def _strip_tail(txt: str, tail: re.Pattern[str]) -> str:
    return tail.sub("", txt).strip(" \t:：-")


def take_unquoted(text: str, quotes: list[str]) -> str:
    """Turn unquoted title text into a quote placeholder, keeping its case."""
    for rule, tail, need_caps in ((_EXPLICIT, _TAIL, False), (_ZH_EXPLICIT, _ZH_TAIL, False),
                                  (_IMPLICIT, _TAIL, True)):  # fmt: skip
        pos = 0
        while True:
            m = rule.search(text, pos)
            if not m:
                break
            txt = _strip_tail(m.group("txt"), tail)
            pos = m.end()
            if not txt or _NOT_TEXT.match(txt):
                continue
            if need_caps and not re.search(r"[A-Z0-9\u3400-\u9fff]", txt):
                continue
            start = m.start("txt") + m.group("txt").find(txt)
            text = _quote_span(text, start, start + len(txt), quotes)
            pos = start + 3
    return text
