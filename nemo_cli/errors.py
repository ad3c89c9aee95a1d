"""nemo's error tree. Lower layers raise these; only ``entry.main`` prints them and exits.

    NemoError                 exit 1   anything nemo itself reports
    ├── UsageError            exit 2   the command line or a setting is wrong
    ├── ConfigError           exit 1   a config/credentials/session file is corrupt or unreadable
    ├── InputError            exit 5   a media file is missing, unreadable, unsupported, too large
    ├── RenderError           exit 7   a render (local ffmpeg or cloud) failed
    ├── Interrupted           exit 130 Ctrl-C or SIGTERM
    ├── NoSuchSession         exit 1   a local session id that does not exist
    ├── EmptyDraft            exit 1   nothing on the timeline (or no session) to export
    ├── SpeechUnavailable     exit 1   no speech extra (vosk) or no speech model for the language
    ├── NotUnderstood         exit 1   `nemo say`: nothing in the message was understood
    ├── NetworkError          exit 6   refused, DNS, timeout, reset, a dropped stream
    └── ApiError              exit 6   the server answered with an error
        ├── AuthError         exit 3   bad or expired token (code 1001, HTTP 401)
        ├── CreditsError      exit 4   no credits (code 2001)
        ├── PlanError         exit 4   the free plan cannot export (HTTP 402)
        ├── RateLimited       exit 6   HTTP 429, after the one retry
        ├── SessionNotFound   exit 6   code 1002 / HTTP 404 "Session not found", after recovery
        └── UnsupportedFile   exit 5   code 4001 / 4002 from the server

Every error carries a one-line ``message`` (shown to the user), an optional ``hint`` (a second
line saying what to do) and a stable ``code`` slug used in ``--json`` error objects.
Messages never contain a token: ``redact`` is applied when an error is created.
"""

from __future__ import annotations

import re

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_CREDITS = 4
EXIT_INPUT = 5
EXIT_NETWORK = 6
EXIT_RENDER = 7
EXIT_INTERRUPTED = 130

# Tokens look like "nmv_usr_..." (anonymous and registered); also hide anything after "Bearer".
_TOKEN_RE = re.compile(r"(nmv_[A-Za-z0-9]+_)[A-Za-z0-9_\-.]+|(Bearer\s+)[^\s\"']+")


# The exact tokens this process holds (NEMO_TOKEN, the cached one, one given to login): hidden
# wherever they appear, whatever they look like. Shorter values are not tokens.
_SECRETS: set[str] = set()
_MIN_SECRET = 8


def remember_secret(value: str | None) -> None:
    """Have ``redact`` hide ``value`` from now on (call it wherever a token is read)."""
    if value and len(value.strip()) >= _MIN_SECRET:
        _SECRETS.add(value.strip())


def redact(text: str) -> str:
    """Replace the tokens this process holds, and anything that looks like a token, with a
    marker (keeping a token's kind visible)."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "***")
    return _TOKEN_RE.sub(lambda m: (m.group(1) or m.group(2)) + "***", text)


class Terminated(KeyboardInterrupt):
    """SIGTERM, delivered like Ctrl-C so the same clean-up runs (``entry`` installs it);
    nemo then exits 130 like any interruption. ``received`` stays True once SIGTERM came, so
    code that catches Ctrl-C to carry on (the REPL) can tell that it must stop instead."""

    received = False


class NemoError(Exception):
    exit_code: int = EXIT_ERROR
    code: str = "error"

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None) -> None:
        self.message = redact(message)
        self.hint = redact(hint) if hint else None
        if code is not None:
            self.code = code
        super().__init__(self.message)

    def to_json(self) -> dict[str, object]:
        body: dict[str, object] = {
            "code": self.code,
            "message": self.message,
            "exit_code": self.exit_code,
        }
        if self.hint:
            body["hint"] = self.hint
        return {"error": body}


class UsageError(NemoError):
    exit_code = EXIT_USAGE
    code = "usage"


class ConfigError(NemoError):
    exit_code = EXIT_ERROR
    code = "config"


class InputError(NemoError):
    exit_code = EXIT_INPUT
    code = "bad_input"


class RenderError(NemoError):
    exit_code = EXIT_RENDER
    code = "render_failed"
    command: tuple[str, ...] = ()  # the ffmpeg command that failed, when one did


class Interrupted(NemoError):
    exit_code = EXIT_INTERRUPTED
    code = "interrupted"

    def __init__(self, message: str = "Interrupted.", **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]


class NoSuchSession(NemoError):
    """A local session id that is not on disk (the cloud's lost sessions are SessionNotFound)."""

    exit_code = EXIT_ERROR
    code = "session_not_found"


class EmptyDraft(NemoError):
    """The timeline has nothing to render. The backends raise it; so do commands that find no
    session at all."""

    exit_code = EXIT_ERROR
    code = "empty_draft"


class SpeechUnavailable(NemoError):
    """Speech recognition cannot run: the ``speech`` extra (vosk) is not installed, or there is
    no model for the language asked for. The hint names the one command that fixes it."""

    exit_code = EXIT_ERROR
    code = "speech_unavailable"


class NotUnderstood(NemoError):
    """`nemo say`: nothing in the message was understood (the reply said so, with examples),
    so a script can tell it from an edit that was done."""

    exit_code = EXIT_ERROR
    code = "not_understood"


class NetworkError(NemoError):
    exit_code = EXIT_NETWORK
    code = "network"


class ApiError(NemoError):
    """The server answered, with an error. ``api_code`` is the envelope code, ``status`` HTTP."""

    exit_code = EXIT_NETWORK
    code = "server"

    def __init__(
        self,
        message: str,
        *,
        api_code: int | None = None,
        status: int | None = None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, code=code)
        self.api_code = api_code
        self.status = status


class AuthError(ApiError):
    exit_code = EXIT_AUTH
    code = "auth"


class CreditsError(ApiError):
    exit_code = EXIT_CREDITS
    code = "no_credits"


class PlanError(ApiError):
    exit_code = EXIT_CREDITS
    code = "plan"


class RateLimited(ApiError):
    exit_code = EXIT_NETWORK
    code = "rate_limited"


class SessionNotFound(ApiError):
    exit_code = EXIT_NETWORK
    code = "session_not_found"


class UnsupportedFile(ApiError):
    exit_code = EXIT_INPUT
    code = "bad_input"
