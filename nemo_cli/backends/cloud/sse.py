"""Decode the chat stream of ``POST /run_sse`` into nemo's events.

Two steps, each a plain function of its input so tests can feed them the fixture files as they
are:

1. ``sse_payloads(chunks)``: Server-Sent Events framing, by httpx-sse
   (``EventSource(...).iter_sse()``), of the bytes as they arrive. Yields the ``data`` payload
   of each event (a string, possibly empty) and ``None`` for a comment line (``: ping``),
   which the server uses as a heartbeat.
2. ``AdkDecoder.feed(payload)``: one ADK event (JSON) -> nemo events (``backends.base``).
   Text parts become ``TextDelta`` (streamed chunks are shown as they come; the final
   non-partial event repeats the whole text, so it is not shown twice), tool calls become
   ``ToolActivity`` with a short human label, ``{}``/empty payloads and comments become
   ``Heartbeat``, ``{"error": ...}`` lines and ``errorCode``/``errorMessage`` events become
   ``ErrorEvent``. Unknown keys are ignored and a malformed line is skipped, never fatal.

httpx-sse drops comment lines, as the SSE standard says a browser should; the contract makes
them heartbeats ("keep waiting; every 2 minutes show 'Still working...'"). ``CommentWatch``
therefore looks at the bytes on their way in (a line that starts with ``:``) and, once the
bytes so far end between two events, adds an event of its own (``COMMENT_EVENT``) that
``sse_payloads`` turns back into ``None``. Everything else about the framing (line endings
split across pieces, UTF-8, ``data:`` joining, ``event:``/``id:``/``retry:``) is httpx-sse's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ...safe_text import one_line
from ..base import ErrorEvent, Event, Heartbeat, TextDelta, ToolActivity

# ---------------------------------------------------------------- SSE framing (httpx-sse)

COMMENT_EVENT = "nemo.comment"  # the event CommentWatch adds after comment lines
_COMMENT_SEEN = f"event: {COMMENT_EVENT}\n\n".encode()
_SSE_HEADERS = {"Content-Type": "text/event-stream; charset=utf-8"}  # SSE is UTF-8, always
_COMMENT_START = re.compile(rb"[\r\n]:")


def _between_events(end: bytes) -> bool:
    """The bytes so far (their last three) end with a blank line: two line endings in a row,
    each CRLF, CR or LF."""
    if end.endswith(b"\r\n"):
        rest = end[:-2]
    elif end.endswith((b"\n", b"\r")):
        rest = end[:-1]
    else:
        return False
    return rest.endswith((b"\n", b"\r"))


class CommentWatch:
    """Passes the stream's bytes on, adding ``COMMENT_EVENT`` for the comment lines in them:
    just before a comment that starts between two events (so the heartbeat keeps its place
    among the events), or, for one inside an event, once the bytes end between two events
    (never inside an event, where it would change the event's data)."""

    def __init__(self) -> None:
        self._end = b"\n\n"  # the last bytes seen: the stream starts between two events
        self._seen = False  # a comment inside an event, not announced yet

    def feed(self, chunk: bytes) -> bytes:
        if not chunk:
            return chunk
        out: list[bytes] = []
        done = 0
        # A comment is a line starting with ":"; a line starts after CR or LF. No byte of a
        # multi-byte UTF-8 character is ":", CR or LF, so bytes are as good as text here.
        for match in _COMMENT_START.finditer(self._end[-1:] + chunk):
            at = match.end() - 2  # where the ":" is in ``chunk``
            if _between_events((self._end + chunk[:at])[-3:]):
                out += [chunk[done:at], _COMMENT_SEEN * (2 if self._seen else 1)]
                done, self._seen = at, False
            else:
                self._seen = True
        out.append(chunk[done:])
        self._end = (self._end + chunk)[-3:]
        if self._seen and _between_events(self._end):
            self._seen = False
            out.append(_COMMENT_SEEN)
        return b"".join(out)

    def end(self) -> bytes:
        """What to add when the stream ends: the line endings that complete an event cut off
        by the end (so it is still delivered), and a comment the stream ended on."""
        if _between_events(self._end):
            close = b""
        elif self._end.endswith(b"\r"):
            close = b"\n\n"  # CR LF ends the line (one ending, not two), then LF
        elif self._end.endswith(b"\n"):
            close = b"\n"
        else:
            close = b"\n\n"
        return close + (_COMMENT_SEEN if self._seen else b"")


def _watched(chunks: Iterable[bytes]) -> Iterator[bytes]:
    watch = CommentWatch()
    for chunk in chunks:
        yield watch.feed(chunk)
    yield watch.end()


def sse_payloads(chunks: Iterable[bytes]) -> Iterator[str | None]:
    """The SSE events in ``chunks`` (the body as it arrives): each event's data (its ``data:``
    lines joined by newlines) or None for comment lines. An event cut off by the end of the
    stream is still delivered. Lazy: each payload is yielded as soon as the piece that
    completes it has been read, and errors raised by ``chunks`` pass through."""
    import httpx
    from httpx_sse import EventSource

    body = httpx.Response(200, headers=_SSE_HEADERS, content=_watched(chunks))
    for event in EventSource(body).iter_sse():
        yield None if event.event == COMMENT_EVENT else event.data


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
    """The whole pipeline for a finished list of lines, each without its line ending (tests,
    replay)."""
    decoder = AdkDecoder()
    for payload in sse_payloads(["".join(f"{line}\n" for line in lines).encode()]):
        yield from decoder.feed(payload)
