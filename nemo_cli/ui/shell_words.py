"""Hints worded for the shell: the chat words a reply suggests, as `nemo say` prints them.

Replies are written to be read in the chat: the local engine ends an edit with "Type `export`
when you're happy, or `status` to see the timeline", and the GUI words of the cloud become
"type `export`" (``ui.translate``). After a one-shot `nemo say`, the reader is at a shell
prompt, where `export` is the shell's own builtin and `/help` means nothing. There the same
advice reads "Run `nemo export` ... or `nemo status`". The mirror of ``ui.chat_words``.
"""

from __future__ import annotations

import re

_WORDS = r"(export|status|credits|upload)"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "`/help` for examples": the examples live in the chat's /help.
    (re.compile(r"`/help` for examples"), "`nemo chat` (then `/help`) for examples"),
    (re.compile(r"输入 `/help` 查看示例"), "运行 `nemo chat` 后输入 `/help` 查看示例"),
    # "Type `export`" -> "Run `nemo export`"; a bare `status` later in the sentence too.
    (re.compile(r"\bType (`" + _WORDS + r"`)"), r"Run \1"),
    (re.compile(r"\btype (`" + _WORDS + r"`)"), r"run \1"),
    (re.compile(r"输入 (`" + _WORDS + r"`)"), r"运行 \1"),
    (re.compile(r"（或“导出”）"), ""),  # the chat's Chinese word for export
    (re.compile(r"`" + _WORDS + r"`"), r"`nemo \1`"),
)


def for_shell(text: str) -> str:
    """``text`` with the chat's command words as the shell commands: "Type `export`" ->
    "Run `nemo export`", "`status`" -> "`nemo status`", "`/help` for examples" -> "`nemo
    chat` (then `/help`) for examples"; Chinese alike. Other text is left as it is."""
    if "`" not in text:
        return text
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
