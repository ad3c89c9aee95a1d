"""The chat loop: read a line, route it, run it, draw the result.

On a terminal: a banner (backend, session, how to switch), line editing and a persistent
history (GNU readline), multi-line input (a bracketed paste keeps its lines; a line that is
just ``\"\"\"`` starts and ends a block), Ctrl-C stops a reply and keeps the REPL, Ctrl-C at an
empty prompt or Ctrl-D leaves. When stdin is not a terminal, lines are read from it and
nothing is prompted; the first error stops the run (like a script).

After an edit the timeline picture is drawn once, then the clips' thumbnails (``actions``);
"show me 0:12" draws one frame. Errors and replies word their hints for the chat
(``ui.chat_words``), and a line typed as ``nemo <command> ...`` runs that command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rich.text import Text

from . import __version__
from .actions import chat_turn, print_timeline, turn_json
from .errors import Interrupted, NemoError, Terminated
from .router import Route, route
from .safe_text import one_line
from .sessions import session_now

if TYPE_CHECKING:
    from .backends.base import Backend
    from .env import Env

BLOCK = '"""'
HISTORY_SIZE = 1000
PROMPT = "nemo› "
MORE = "  ...  "

HELP = """\
Say what you want, in your own words (English or Chinese), for example:
  combine my clips
  add background music at 35%
  put the title 'Urban Dreams' on the first 3 seconds
  make it vertical for TikTok
  combine my clips, add music and export as a shareable video

Commands:
  upload PATH|URL...   add media (or drop files into this terminal)
  status               the timeline, media and session          (also: show tracks, 状态)
  export [1080p|720p] [to FILE.mp4]                              (also: download, 导出)
  export to FILE.srt   the captions (also .vtt, .ass)
  export to FILE.otio  the timeline, for another editor (also .fcpxml, .xml, .edl)
  undo, redo           take back the last change, or put it back (also: 撤销, 重做)
  credits              what is left to spend                    (also: balance, 积分)
  show me 0:12         the frame at 0:12, as it will render     (also: 看看第12秒)
  nemo COMMAND ...     any nemo command, e.g. nemo export --resume
  /new                 start a new session
  /clear               clear the screen                         (also: clear, 清屏)
  /session             show the current session
  /help                this help
  /quit                leave (or Ctrl-D; Ctrl-C stops a reply)

A paste keeps its lines; a line with just \"\"\" starts and ends a longer message."""


# ---------------------------------------------------------------- reading lines


class Reader:
    """Where lines come from. ``read`` returns None at the end of input."""

    def read(self) -> str | None:
        raise NotImplementedError

    def close(self) -> None:
        return None


class StreamReader(Reader):
    """Lines from a pipe or file: no prompt, no echo. ``\"\"\"`` blocks work here too."""

    def __init__(self, stream: TextIO) -> None:
        self.lines: Iterator[str] = iter(stream)

    def read(self) -> str | None:
        for raw in self.lines:
            line = raw.rstrip("\r\n")
            if line.strip() == BLOCK:
                return self._block()
            if line.strip():
                return line
        return None

    def _block(self) -> str:
        body: list[str] = []
        for raw in self.lines:
            line = raw.rstrip("\r\n")
            if line.strip() == BLOCK:
                break
            body.append(line)
        return "\n".join(body)


class History:
    """The REPL's history file: one entry a line (newlines inside an entry escaped).

    Each entry is appended at once (under the lock, replaced atomically), so two REPLs
    running side by side both keep theirs, and a crash loses nothing typed before it.
    """

    def __init__(self, path: Path, size: int = HISTORY_SIZE) -> None:
        self.path = path
        self.size = size

    @staticmethod
    def _encode(entry: str) -> str:
        return entry.replace("\\", "\\\\").replace("\n", "\\n")

    @staticmethod
    def _decode(line: str) -> str:
        out: list[str] = []
        chars = iter(line)
        for ch in chars:
            if ch == "\\":
                nxt = next(chars, "")
                out.append("\n" if nxt == "n" else nxt)
            else:
                out.append(ch)
        return "".join(out)

    def _lines(self) -> list[str]:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        except OSError:
            return []  # an unreadable history only costs the arrow-up recall
        return text.splitlines()

    def load(self) -> list[str]:
        return [self._decode(line) for line in self._lines()[-self.size :]]

    def append(self, entry: str) -> None:
        from .files import atomic_write_text, locked

        if not entry.strip():
            return
        try:
            with locked(self.path):
                lines = self._lines()
                encoded = self._encode(entry)
                if lines and lines[-1] == encoded:
                    return
                lines = [*lines, encoded][-self.size :]
                atomic_write_text(self.path, "\n".join(lines) + "\n", mode=0o600)
        except (OSError, NemoError):
            pass  # never lose the conversation over the history file


class TerminalReader(Reader):
    """Lines typed at a terminal, with readline's editing and the history file."""

    def __init__(self, history: History, color: bool) -> None:
        import readline

        self.readline = readline
        self.history = history
        if "libedit" not in (readline.__doc__ or ""):
            # A paste arrives whole, newlines and all, as one message: Python's readline
            # module turns bracketed paste off; GNU readline has it since 8.0.
            readline.parse_and_bind("set enable-bracketed-paste on")
        readline.set_history_length(history.size)
        readline.clear_history()
        for entry in history.load():
            readline.add_history(entry)
        # \001 and \002 tell readline the colour codes take no room on the line.
        self.prompt = f"\001\x1b[1;36m\002{PROMPT}\001\x1b[0m\002" if color else PROMPT

    def read(self) -> str | None:
        while True:
            try:
                line = input(self.prompt)
            except EOFError:
                print()  # Ctrl-D leaves the cursor on the prompt's line
                return None
            except KeyboardInterrupt:
                if self.readline.get_line_buffer().strip():
                    print()  # Ctrl-C with text typed: drop the line, prompt again
                    continue
                print()
                return None
            if line.strip() == BLOCK:
                block = self._block()
                if block is None:
                    continue
                line = block
            if line.strip():
                self.history.append(line)
                return line

    def _block(self) -> str | None:
        body: list[str] = []
        while True:
            try:
                line = input(MORE)
            except (EOFError, KeyboardInterrupt):
                print()
                return None
            if line.strip() == BLOCK:
                return "\n".join(body)
            body.append(line)


# ---------------------------------------------------------------- the loop


@dataclass
class Repl:
    env: Env
    backend: Backend
    session_id: str
    reader: Reader
    cwd: Path
    interactive: bool

    def say(self, text: str, style: str = "") -> None:
        """A line of our own (text from outside must be cleaned before it gets here)."""
        if self.env.stdout_isatty:
            self.env.console.print(Text(text, style=style))
        else:
            self.env.stdout.write(text + "\n")
            self.env.stdout.flush()

    def banner(self, reason: str) -> None:
        from .backends.select import switch_hint

        env = self.env
        env.console.print(
            Text.assemble(
                (f"nemo {__version__}", "bold"),
                f" · {self.backend.name} backend ({reason}) · session ",
                (one_line(self.session_id, 80), "bold"),
            )
        )
        hint = switch_hint(self.backend.name)
        env.console.print(Text(hint[:1].upper() + hint[1:] + ".", style="dim"))
        env.console.print(
            Text(
                "Say what to make, e.g. \"combine my clips, add music, title 'Urban Dreams'\". "
                "Type /help for more, Ctrl-D to leave.",
                style="dim",
            )
        )

    def run(self) -> None:
        while True:
            line = self.reader.read()
            if line is None:
                return
            step: Route | None = route(line, cwd=self.cwd)
            while step is not None:
                if step.kind == "quit":
                    return
                ok = self.handle(step)
                self.session_id = session_now(self.backend, self.session_id)
                if Terminated.received:  # SIGTERM mid-step: the step cleaned up; now leave
                    raise Terminated()
                step = step.then if ok else None

    def handle(self, step: Route) -> bool:
        """Run one step; False when what follows it should not run."""
        try:
            return self._dispatch(step)
        except KeyboardInterrupt:
            if Terminated.received:
                raise
            if not self.interactive:
                raise Interrupted() from None
            self.say("Stopped.", "dim")
            return False
        except NemoError as err:
            if not self.interactive:
                raise
            from .ui.chat_words import for_chat
            from .ui.report import report_error

            err.message = for_chat(err.message)
            err.hint = for_chat(err.hint) if err.hint else err.hint
            self.env.stdout.flush()
            report_error(
                err,
                stderr=self.env.stderr,
                as_json=False,
                verbose=self.env.verbose,
                color=self.env.color and self.env.stderr_isatty,
            )
            return False

    def _dispatch(self, step: Route) -> bool:
        handlers: dict[str, Callable[[Route], bool]] = {
            "agent": self.agent,
            "export": self.export,
            "upload": self.upload,
            "credits": self.credits,
            "status": self.status,
            "help": lambda _: self._say_true(HELP),
            "new": self.new,
            "session": self.session,
            "unknown": lambda s: self._say_true(
                f"Unknown command {one_line(s.text, 40)}. Type /help to see what you can say."
            ),
            "empty": lambda _: True,
            "frame": self.frame,
            "clear": self._clear,
            "cli": self.cli,
            "chat": self.chat,
        }
        return handlers[step.kind](step)

    def _clear(self, step: Route) -> bool:
        if self.env.stdout_isatty:
            self.env.console.clear()
        return True

    def _say_true(self, text: str) -> bool:
        self.say(text)
        return True

    # -- steps

    def agent(self, step: Route) -> bool:
        result = chat_turn(self.env, self.backend, self.session_id, step.text, in_chat=True)
        if self.env.json:
            from .ui.report import print_json

            print_json(self.env.stdout, turn_json(result, self.session_id))
        if result.interrupted and not self.interactive:
            raise Interrupted()
        return not (result.interrupted or result.errors)

    def export(self, step: Route) -> bool:
        from .actions import export_current, saved_detail

        output = Path(step.output).expanduser() if step.output else None
        if output is not None and not output.is_absolute():
            output = self.cwd / output
        if output is not None:
            from .actions import output_format

            if output_format(output, None)[1] != "render":  # captions or a timeline file
                return self.cli(Route("cli", args=("export", "-o", str(output))))
        result = export_current(
            self.env, self.backend, self.session_id, output=output, quality=step.quality
        )
        for note in result.notes:
            self.say(f"! {note}", "yellow")
        self.say(f"✓ Saved {result.path} ({saved_detail(result)})", "green")
        return True

    def upload(self, step: Route) -> bool:
        if not step.sources:
            self.say(
                "Say which files: upload clip.mp4 music.mp3 (or drop them into this terminal)."
            )
            return False
        from .actions import import_timeline, is_timeline_upload, upload_sources

        if is_timeline_upload(step.sources):  # .otio/.fcpxml/.xml/.edl: into a new session
            self.session_id = import_timeline(
                self.env, self.backend.name, Path(step.sources[0]), in_repl=True
            )
            return True
        media = upload_sources(self.env, self.backend, self.session_id, list(step.sources))
        for m in media:
            self.say(f"✓ {one_line(m.filename, 80)} ({m.facts()})", "green")
            for note in m.notes:
                self.say(f"  ! {one_line(note, 300)}", "yellow")
        count = len(media)
        self.say(
            f"Added {count} file{'s' if count != 1 else ''}. "
            'Now say what to make, e.g. "combine my clips, add background music".'
        )
        return True

    def credits(self, step: Route) -> bool:
        credits = self.backend.credits()
        if credits.unlimited:
            self.say("The local engine needs no credits: exporting is free.")
        else:
            self.say(
                f"Credits: {credits.available:g} available, {credits.frozen:g} frozen, "
                f"{credits.total:g} total."
            )
        return True

    def status(self, step: Route) -> bool:
        state = self.backend.session_state(self.session_id)
        self.say(f"Session {one_line(self.session_id, 80)} on the {self.backend.name} backend.")
        if state.media:
            self.say(f"Media ({len(state.media)}):")
            for m in state.media:
                length = f", {m.duration:.1f} s" if m.duration else ""
                self.say(f"  • {one_line(m.filename, 70)} ({m.file_type}{length})")
        else:
            self.say("Media: none yet (upload FILE...).")
        print_timeline(self.env, state.draft, summary=True)
        if state.draft and not self.env.json:
            from .actions import show_strip

            show_strip(self.env, self.backend, self.session_id)
        return True

    def frame(self, step: Route) -> bool:
        from .actions import show_frame

        assert step.time_ms is not None
        info = show_frame(self.env, self.backend, self.session_id, step.time_ms)
        if self.env.json:
            from .ui.report import print_json

            print_json(self.env.stdout, info)
        return True

    def cli(self, step: Route) -> bool:
        """``nemo <command> ...`` typed in the chat: run that command on this session."""
        from .entry import run as run_cli

        self.env.stdout.flush()
        code = run_cli(["--backend", self.backend.name, "--session", self.session_id, *step.args])
        self.session_id = self._current_session()
        return code == 0

    def _current_session(self) -> str:
        """The session to go on with after a command that may have made another current."""
        from .config import current_session

        assert self.env.paths is not None
        if self.env.session_override:
            return self.session_id
        return current_session(self.env.paths, self.backend.name) or self.session_id

    def chat(self, step: Route) -> bool:
        args = step.args
        backend = next((b for a, b in zip(args, args[1:], strict=False) if a == "--backend"), None)
        if backend and backend != self.backend.name:
            self.say(f"This chat is on the {self.backend.name} backend.")
            self.say(f"For the {backend} backend, leave (Ctrl-D) and run: nemo --backend {backend}")
        else:
            self.say("You are in the chat already: say what to make, or /help.")
        return True

    def new(self, step: Route) -> bool:
        from .sessions import new_session

        self.session_id = new_session(self.env, self.backend).session_id
        self.say(f"New session {one_line(self.session_id, 80)} (now current).")
        return True

    def session(self, step: Route) -> bool:
        self.say(f"Session {one_line(self.session_id, 80)} on the {self.backend.name} backend.")
        return True


def run_repl(env: Env, backend: Backend | None = None, *, cwd: Path | None = None) -> None:
    """The chat REPL on ``env``'s streams (``backend`` for tests; else the chosen one)."""
    from .backends.select import choose, open_backend
    from .sessions import ensure_session

    reason = "given"
    if backend is None:
        choice = choose(env)
        reason = choice.reason
        backend = open_backend(env, choice.name)
    try:
        session_id = ensure_session(env, backend)
        interactive = env.stdin_isatty
        reader: Reader
        if interactive:
            assert env.paths is not None
            reader = TerminalReader(History(env.paths.history_file), env.color)
        else:
            reader = StreamReader(env.stdin)
        repl = Repl(env, backend, session_id, reader, cwd or Path.cwd(), interactive)
        if interactive:
            repl.banner(reason)
            # Whether the terminal draws sixel may take a question to it (ui/pictures/ask.py,
            # once per kind of terminal): ask now, before anything is typed, rather than after
            # an edit, when typed-ahead keys could be read with the answer. (Pictures come from
            # local sessions.)
            if backend.name == "local":
                from .ui.pictures.show import Pictures

                Pictures(env).mode  # noqa: B018
        repl.run()
        if interactive:
            repl.say("Bye.", "dim")
    finally:
        backend.close()
