"""Decode the chat stream of ``POST /run_sse`` into nemo's events. Pure: no I/O, no httpx.

Two steps, each a plain function of its input so tests can feed them the fixture files as they
are (``AdkStream`` runs both on the bytes as they arrive):

1. ``sse_payloads(lines)``: Server-Sent Events framing (``split_lines`` makes the lines).
   Yields the ``data`` payload of each event (a string, possibly empty) and ``None`` for a
   comment line (``: ping``), which the server uses as a heartbeat.
2. ``AdkDecoder.feed(payload)``: one ADK event (JSON) -> nemo events (``backends.base``).
   Text parts become ``TextDelta`` (streamed chunks are shown as they come; the final
   non-partial event repeats the whole text, so it is not shown twice), tool calls become
   ``ToolActivity`` with a short human label, ``{}``/empty payloads and comments become
   ``Heartbeat``, ``{"error": ...}`` lines and ``errorCode``/``errorMessage`` events become
   ``ErrorEvent``. Unknown keys are ignored and a malformed line is skipped, never fatal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ...ui.safe import one_line
from ..base import ErrorEvent, Event, Heartbeat, TextDelta, ToolActivity

# ---------------------------------------------------------------- SSE framing


class SseFramer:
    """SSE framing, one line at a time: ``feed(lines)`` returns each completed event's data
    (``data:`` lines joined by newlines) or None for a comment line; ``end()`` the event cut
    off by the end of the stream, if any. Lines come without their endings; a trailing ``\\r``
    is tolerated. Fields other than ``data`` (``event:``, ``id:``, ``retry:``) are ignored."""

    def __init__(self) -> None:
        self._data: list[str] | None = None

    def feed(self, lines: Iterable[str]) -> list[str | None]:
        out: list[str | None] = []
        data = self._data
        for raw in lines:
            line = raw[:-1] if raw.endswith("\r") else raw
            if line == "":
                if data is not None:
                    out.append("\n".join(data))
                data = None
                continue
            if line[0] == ":":
                out.append(None)
                continue
            name, sep, value = line.partition(":")
            if sep and value.startswith(" "):
                value = value[1:]
            if name == "data":
                if data is None:
                    data = []
                data.append(value)
        self._data = data
        return out

    def end(self) -> list[str | None]:
        data, self._data = self._data, None
        return ["\n".join(data)] if data is not None else []


def sse_payloads(lines: Iterable[str]) -> Iterator[str | None]:
    """SSE framing of a whole sequence of lines (see ``SseFramer``): yield each event's data,
    or None for a comment line (``: ping``). An event cut off by the end is still delivered."""
    framer = SseFramer()
    for line in lines:
        yield from framer.feed((line,))
    yield from framer.end()


class LineSplitter:
    """Bytes as they arrive -> lines without endings. Only ``\\n``, ``\\r\\n`` and ``\\r`` end
    a line (SSE's rule: ``str.splitlines`` would also split on U+2028 inside a JSON string).

    Decoding is incremental, so a UTF-8 character or a CRLF split across two chunks survives."""

    def __init__(self) -> None:
        import codecs

        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buf = ""

    def feed(self, chunk: bytes) -> list[str]:
        buf = self._buf + self._decoder.decode(chunk)
        if "\r" not in buf:  # the usual case: str.split in C, not a regex match a line
            *lines, self._buf = buf.split("\n")
            return lines
        lines = []
        start = 0
        for m in _EOL.finditer(buf):
            if m.group() == "\r" and m.end() == len(buf):
                break  # perhaps the first half of a CRLF: wait for the next chunk
            lines.append(buf[start : m.start()])
            start = m.end()
        self._buf = buf[start:]
        return lines

    def end(self) -> list[str]:
        """The lines left when the stream ends (the last one may have no line ending)."""
        buf = self._buf + self._decoder.decode(b"", final=True)
        self._buf = ""
        lines = []
        start = 0
        for m in _EOL.finditer(buf):
            lines.append(buf[start : m.start()])
            start = m.end()
        if buf[start:]:
            lines.append(buf[start:])
        return lines


def split_lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """The lines of a whole byte stream (see ``LineSplitter``)."""
    splitter = LineSplitter()
    for chunk in chunks:
        yield from splitter.feed(chunk)
    yield from splitter.end()


_EOL = re.compile(r"\r\n|\r|\n")


# ---------------------------------------------------------------- tool labels

# (words found in the tool's name, label). First match wins, so specific entries come first.
_LABELS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("merge", "combine", "concat", "join"), "combining clips..."),
    (("music", "bgm", "audio", "sound", "volume"), "adding music..."),
    (("subtitle", "caption"), "adding captions..."),
    (("title", "text"), "adding text..."),
    (("trim", "cut", "split", "clip_range"), "trimming clips..."),
    (("transition", "fade", "xfade"), "adding transitions..."),
    (("speed",), "changing speed..."),
    (("aspect", "canvas", "resize", "ratio", "crop"), "changing the format..."),
    (("generate", "gen_", "create_video", "create_image", "ai_"), "generating media..."),
    (("upload", "import", "download", "fetch"), "fetching media..."),
    (("render", "export"), "preparing the export..."),
    (("analy", "understand", "describe", "probe", "inspect"), "looking at your media..."),
    (("search", "find", "lookup"), "searching..."),
    (
        ("timeline", "track", "draft", "edit", "segment", "remove", "delete", "move", "reorder"),
        "editing timeline...",
    ),
    (("state", "session", "get_", "read", "list"), "checking the project..."),
)


def _words(name: str) -> str:
    """``mergeClips`` / ``merge_clips`` / ``merge-clips`` -> ``merge clips``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return " ".join(re.split(r"[\s_\-.]+", spaced)).strip().lower()


def tool_label(name: str) -> str:
    """A short human status for a tool call, derived from the tool's name."""
    plain = _words(name)
    squashed = name.lower()
    for keys, label in _LABELS:
        if any(k in squashed or k in plain for k in keys):
            return label
    shown = one_line(plain, 40)
    return f"{shown}..." if shown else "working..."


# ---------------------------------------------------------------- ADK events -> nemo events


class AdkDecoder:
    """Turns ADK events into nemo events, remembering what it has shown.

    ``text`` is the reply shown so far, ``tool_calls`` the tools the agent called, in order.
    """

    def __init__(self) -> None:
        self.tool_calls: list[str] = []
        self.malformed = 0
        # Pieces are kept in lists and joined when asked for: ``str +=`` on an attribute copies
        # the whole string each time, which made a 50,000-chunk reply cost seconds.
        self._shown: list[str] = []
        # Text streamed as partial chunks since the last non-partial event: the next
        # non-partial event repeats it in full.
        self._streamed: list[str] = []

    @property
    def text(self) -> str:
        """The reply shown so far."""
        if len(self._shown) > 1:
            self._shown = ["".join(self._shown)]
        return self._shown[0] if self._shown else ""

    def feed(self, payload: str | None) -> list[Event]:
        """One SSE payload (None for a comment line) -> the events it means."""
        if payload is None or not payload.strip():
            return [Heartbeat()]
        try:
            obj = json.loads(payload)
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            self.malformed += 1
            return []
        if not isinstance(obj, dict):
            self.malformed += 1
            return []
        if not obj:
            return [Heartbeat()]
        return self.event(obj)

    def event(self, obj: dict[str, Any]) -> list[Event]:
        out: list[Event] = []
        if "error" in obj and not isinstance(obj.get("content"), dict):
            out.append(ErrorEvent(_error_text(obj.get("error")), "server_error"))
            return out
        partial = obj.get("partial") is True
        content = obj.get("content")
        parts = content.get("parts") if isinstance(content, dict) else None
        texts: list[str] = []
        for part in parts if isinstance(parts, list) else []:
            if not isinstance(part, dict):
                continue
            if isinstance(part.get("text"), str) and not part.get("thought"):
                texts.append(part["text"])
            call = part.get("functionCall")
            if isinstance(call, dict):
                name = str(call.get("name") or "tool")
                self.tool_calls.append(name)
                out.append(ToolActivity(name, "call", tool_label(name)))
            result = part.get("functionResponse")
            if isinstance(result, dict):
                name = str(result.get("name") or "tool")
                out.append(ToolActivity(name, "result", tool_label(name)))
        joined = "".join(texts)
        if partial:
            shown = joined
            self._streamed.append(joined)
        else:
            shown = self._final_text(joined)
            self._streamed = []
        if shown:
            self._shown.append(shown)
            out.insert(0, TextDelta(shown))
        if obj.get("errorCode") or obj.get("errorMessage"):
            code = obj.get("errorCode")
            message = obj.get("errorMessage") or code
            out.append(ErrorEvent(one_line(str(message)), str(code) if code else None))
        return out

    def _final_text(self, full: str) -> str:
        """What a non-partial event adds to what the partial chunks already showed."""
        streamed = "".join(self._streamed)
        if not streamed:
            return full
        if full.startswith(streamed):
            return full[len(streamed) :]
        return ""  # a restatement of text already shown (perhaps re-spaced): do not repeat it


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        error = error.get("message") or error.get("error") or json.dumps(error)
    text = one_line(str(error)) if error not in (None, "") else "The server reported an error."
    return text


def decode_lines(lines: Iterable[str]) -> Iterator[Event]:
    """The whole pipeline for a finished list of lines (tests, replay)."""
    decoder = AdkDecoder()
    for payload in sse_payloads(lines):
        yield from decoder.feed(payload)


def merge_text(events: list[Event]) -> list[Event]:
    """Adjacent ``TextDelta``s become one (everything else kept, in order). A client that
    falls behind a fast stream then draws what arrived together once, instead of paying the
    drawing's fixed cost per tiny chunk."""
    out: list[Event] = []
    run: list[str] = []
    for event in events:
        if type(event) is TextDelta:
            run.append(event.text)
            continue
        if run:
            out.append(TextDelta("".join(run)) if len(run) > 1 else TextDelta(run[0]))
            run = []
        out.append(event)
    if run:
        out.append(TextDelta("".join(run)) if len(run) > 1 else TextDelta(run[0]))
    return out


class AdkStream:
    """The whole pipeline, fed the bytes as they arrive: ``feed(chunk)`` returns the events of
    the ADK events completed by that chunk (adjacent text merged, see ``merge_text``), ``end()``
    those of an event cut off by the end of the stream. ``decoder`` has the reply so far."""

    def __init__(self) -> None:
        self.decoder = AdkDecoder()
        self._lines = LineSplitter()
        self._framer = SseFramer()

    def _decode(self, payloads: list[str | None]) -> list[Event]:
        events: list[Event] = []
        for payload in payloads:
            events.extend(self.decoder.feed(payload))
        return merge_text(events) if len(events) > 1 else events

    def feed(self, chunk: bytes) -> list[Event]:
        return self._decode(self._framer.feed(self._lines.feed(chunk)))

    def end(self) -> list[Event]:
        return self._decode([*self._framer.feed(self._lines.end()), *self._framer.end()])
