"""The httpx client core: base URL, nemo's headers, network errors, the retry loop.

One ``HttpCore`` per backend owns one ``httpx.Client``. It takes an optional transport
(``httpx.MockTransport`` in unit tests) and a ``sleep`` function, so every wait (429, 5xx
backoff, a dropped stream) can be made instant in tests. The ``Authorization`` header is only
ever attached to requests for the API's own origin: a request hook strips it from anything
else (CDN downloads, redirects to another host).

Environment variables tune it (the first two are in the README's environment list):
``NEMO_HTTP_TIMEOUT`` (seconds an ordinary API call may wait for an answer, default 60),
``NEMO_WAIT_SCALE`` (multiplies every retry wait; 0 makes nemo retry at once: for tests),
``NEMO_CONNECT_TIMEOUT`` (seconds to open a connection, default 10) and
``NEMO_STREAM_TIMEOUT`` (the longest a chat reply may take, and the longest silence inside
it, default 900 s: the contract's 15 minutes). docs/RELIABILITY.md lists the tests of each.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from ... import __version__
from ...errors import ConfigError, NetworkError
from .envelope import ApiFailure, parse_envelope

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")

SKILL_SOURCE = "free-video-maker-in-pc"
OFFLINE_HINT = "Check your connection (and NEMO_API_BASE); --backend local works offline."


def _positive(environ: Mapping[str, str], name: str, default: float, *, zero_ok: bool) -> float:
    try:
        value = float(environ.get(name, "").strip() or default)
    except ValueError:
        return default
    return value if value > 0 or (zero_ok and value == 0) else default


@dataclass(frozen=True)
class Tuning:
    """Timeouts, retry counts and waits (seconds). Tests shorten them; users rarely need to."""

    connect_timeout: float = 10.0
    read_timeout: float = 60.0  # an ordinary API call
    upload_read_timeout: float = 300.0  # the server digests an upload before it answers
    stream_read_timeout: float = 900.0  # silence allowed inside a chat stream
    stream_total: float = 900.0  # a chat turn's whole length
    get_retries: int = 3  # 5xx on a GET
    backoff_base: float = 1.0
    backoff_cap: float = 20.0
    rate_limit_wait: float = 30.0  # 429 without Retry-After
    max_rate_limit_wait: float = 120.0  # a longer Retry-After: fail now and say so
    drop_rechecks: tuple[float, ...] = (30.0, 60.0, 60.0, 60.0, 60.0)  # after a dropped stream
    download_resumes: int = 5
    wait_scale: float = 1.0

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Tuning:
        stream = _positive(environ, "NEMO_STREAM_TIMEOUT", cls.stream_total, zero_ok=False)
        return cls(
            connect_timeout=_positive(
                environ, "NEMO_CONNECT_TIMEOUT", cls.connect_timeout, zero_ok=False
            ),
            read_timeout=_positive(environ, "NEMO_HTTP_TIMEOUT", cls.read_timeout, zero_ok=False),
            stream_read_timeout=stream,
            stream_total=stream,
            wait_scale=_positive(environ, "NEMO_WAIT_SCALE", cls.wait_scale, zero_ok=True),
        )

    def backoff(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """Exponential backoff with full jitter: 0..base*2^attempt, capped."""
        return min(self.backoff_cap, self.backoff_base * 2**attempt) * (0.5 + rand() / 2)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port or default
    except ValueError:
        port = None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def host_of(url: str) -> str:
    return urlsplit(url).netloc.rsplit("@", 1)[-1] or url


def network_error(exc: Exception, host: str, what: str = "the cloud") -> NetworkError:
    """One line naming the host and what went wrong: refused, name not found, timeout, reset."""
    import httpx

    said = str(exc).lower()
    if isinstance(exc, httpx.ConnectTimeout):
        reason = f"Timed out connecting to {what} at {host}."
    elif isinstance(exc, httpx.TimeoutException):
        reason = f"{what.capitalize()} at {host} did not answer in time."
    elif isinstance(exc, httpx.ConnectError):
        if "refused" in said:
            reason = f"Cannot reach {what} at {host}: connection refused."
        elif any(
            s in said for s in ("name or service", "nodename", "getaddrinfo", "name resolution")
        ):
            reason = f"Cannot reach {what} at {host}: the host name was not found."
        else:
            reason = f"Cannot reach {what} at {host}."
    elif isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        reason = f"The connection to {what} at {host} was reset."
    else:
        reason = f"Network problem talking to {what} at {host}."
    return NetworkError(reason, hint=OFFLINE_HINT)


class HttpCore:
    """The API's base URL, nemo's headers, one httpx client, and the retry loop."""

    def __init__(
        self,
        base_url: str,
        environ: Mapping[str, str],
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        tuning: Tuning | None = None,
    ) -> None:
        import httpx

        self.base_url = base_url.rstrip("/")
        scheme, _, _ = _origin(self.base_url)
        if scheme not in ("http", "https"):
            raise ConfigError(
                f"The cloud API address '{base_url}' is not an http(s) URL.",
                hint="Fix NEMO_API_BASE or the api_base setting (nemo config set api_base URL).",
            )
        self.host = host_of(self.base_url)
        self.tuning = tuning or Tuning.from_environ(environ)
        self.sleep = sleep
        platform = (environ.get("SKILL_SOURCE") or "").strip() or "unknown"
        self.api_headers = {
            "X-Skill-Source": SKILL_SOURCE,
            "X-Skill-Version": __version__,
            "X-Skill-Platform": platform,
        }
        self.client = httpx.Client(
            transport=transport,
            follow_redirects=True,
            headers={"User-Agent": f"nemo-cli/{__version__}"},
            timeout=httpx.Timeout(self.tuning.read_timeout, connect=self.tuning.connect_timeout),
            event_hooks={"request": [self._guard_authorization]},
        )

    # ------------------------------------------------------------ requests

    def is_api(self, url: str) -> bool:
        return _origin(url) == _origin(self.base_url)

    def _guard_authorization(self, request: httpx.Request) -> None:
        """Runs before every request, redirects included: the token stays with the API, and
        so does the client id (it fetches the starter token) and nemo's own headers."""
        if not self.is_api(str(request.url)):
            for name in ("Authorization", "X-Client-Id", *self.api_headers):
                request.headers.pop(name, None)

    def timeout(self, read: float | None) -> httpx.Timeout:
        import httpx

        return httpx.Timeout(read or self.tuning.read_timeout, connect=self.tuning.connect_timeout)

    def send(
        self,
        method: str,
        url: str,
        *,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        content: Iterable[bytes] | bytes | None = None,
        files: Mapping[str, Any] | None = None,
        read_timeout: float | None = None,
        stream: bool = False,
    ) -> httpx.Response:
        """One request. ``url`` is a path on the API or a full URL. Network failures become
        ``NetworkError``; the response is returned whatever its status. With ``stream`` the
        body is left unread (the caller closes the response). ``files`` is httpx's: a
        multipart body streamed from the file objects in it."""
        import httpx

        full = url if "://" in url else self.base_url + url
        api = self.is_api(full)
        all_headers: dict[str, str] = dict(self.api_headers) if api else {}
        if token and api:
            all_headers["Authorization"] = f"Bearer {token}"
        all_headers.update(headers or {})
        request = self.client.build_request(
            method,
            full,
            headers=all_headers,
            json=json,
            content=content,
            files=files,
            timeout=self.timeout(read_timeout),
        )
        try:
            return self.client.send(request, stream=stream)
        except httpx.RequestError as exc:
            what = "the cloud" if api else "the download server"
            raise network_error(exc, host_of(full), what) from exc

    def read(self, response: httpx.Response) -> Any:
        """Read a whole reply and open its envelope (``ApiFailure`` on an error)."""
        import httpx

        try:
            body = response.read()
        except httpx.RequestError as exc:
            raise network_error(exc, self.host) from exc
        finally:
            response.close()
        return parse_envelope(response.status_code, body, response.headers.get("Retry-After"))

    # ------------------------------------------------------------ retries

    def wait(self, seconds: float) -> None:
        if seconds > 0 and self.tuning.wait_scale > 0:
            self.sleep(seconds * self.tuning.wait_scale)

    def retrying(
        self,
        attempt: Callable[[], T],
        *,
        idempotent: bool,
        recover: Callable[[ApiFailure], bool] = lambda _: False,
    ) -> T:
        """Run ``attempt`` with the contract's retry rules.

        ``recover(failure)`` gets the first chance at each failure (a fresh token, a new client
        id): it returns True to have the call retried, False to let the rules below decide, and
        is responsible for trying each recovery once. Then: 429 waits ``Retry-After`` (or 30 s)
        and retries once; 5xx on an idempotent call retries with backoff and jitter. Anything
        else is raised as it is (an ``ApiFailure`` for the caller to map)."""
        rate_limited = False
        server_errors = 0
        while True:
            try:
                return attempt()
            except ApiFailure as failure:
                if recover(failure):
                    continue
                if failure.status == 429 and not rate_limited:
                    wait = failure.retry_after
                    if wait is None:
                        wait = self.tuning.rate_limit_wait
                    if wait <= self.tuning.max_rate_limit_wait:
                        rate_limited = True
                        self.wait(wait)
                        continue
                if failure.status >= 500 and idempotent and server_errors < self.tuning.get_retries:
                    self.wait(self.tuning.backoff(server_errors))
                    server_errors += 1
                    continue
                raise

    def close(self) -> None:
        self.client.close()
