"""Which language an instruction is written in, so the reply can answer in it."""

from __future__ import annotations

from .lexer import extract_quotes, strip_private
from .rx import rx

_CJK = rx(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = rx(r"[A-Za-z]+")


def detect_language(text: str) -> str:
    """ "zh" when the instruction is written in Chinese (quoted text aside), else "en"."""
    return language_of(*extract_quotes(text or ""))


def language_of(body: str, quotes: list[str]) -> str:
    """``detect_language`` of a text whose quotes ``lexer.extract_quotes`` already lifted."""
    body = strip_private(body)  # the quote placeholders
    if not body.strip():
        body = " ".join(quotes)
    cjk = len(_CJK.findall(body))
    words = len(_WORD.findall(body))
    return "zh" if cjk and cjk >= words else "en"
