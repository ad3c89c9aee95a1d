"""The NemoVideo endpoints (CONTRACT.md), one method each, with tokens and error mapping.

Each method returns the reply's ``data`` (or, for the chat, the open streaming response) and
raises a ``NemoError`` the user can read. Recovery that needs no knowledge of the caller
happens here: a starter token is renewed once on 1001/401, a missing client id is replaced once
on HTTP 400, and ``HttpCore.retrying`` handles 429 and 5xx. Recovering a lost session needs the
backend (it makes a new session current), so ``SessionNotFound`` is raised for it to handle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from ...config import Paths, client_id, new_client_id
from .auth import Token, Tokens
from .envelope import ApiFailure, Caller, to_error
from .http import HttpCore

if TYPE_CHECKING:
    from collections.abc import Mapping

    import httpx

    from .progress_file import ProgressFile

T = TypeVar("T")

APP = "nemo_agent"
ANONYMOUS_TOKEN = "/api/auth/anonymous-token"
CREATE_SESSION = f"/api/tasks/me/with-session/{APP}"
RUN_SSE = "/run_sse"
UPLOAD = f"/api/upload-video/{APP}/me/{{sid}}"
CREDITS = "/api/credits/balance/simple"
STATE = f"/api/state/{APP}/me/{{sid}}/latest"
RENDER = "/api/render/proxy/lambda"

def _seg(value: str) -> str:
    """An id placed in a URL path: nothing in it can change the path."""
    return quote(value, safe="")


class CloudApi:
    def __init__(self, core: HttpCore, paths: Paths, environ: Mapping[str, str]) -> None:
        self.core = core
        self.paths = paths
        self.tokens = Tokens(paths, environ, self.anonymous_token)

    # ------------------------------------------------------------ the call machinery

    def anonymous_token(self) -> Any:
        """POST the starter-token call (no Authorization; X-Client-Id). HTTP 400 (the client
        id is missing or refused) gets a new client id and one retry."""
        replaced = False

        def attempt() -> Any:
            headers = {"X-Client-Id": client_id(self.paths)}
            return self.core.read(self.core.send("POST", ANONYMOUS_TOKEN, headers=headers))

        def recover(failure: ApiFailure) -> bool:
            nonlocal replaced
            if failure.status == 400 and not replaced:
                replaced = True
                new_client_id(self.paths)
                return True
            return False

        try:
            return self.core.retrying(attempt, idempotent=True, recover=recover)
        except ApiFailure as failure:
            raise to_error(failure, Caller(), starter_call=True) from None

    def authed(
        self, do: Callable[[Token], T], *, idempotent: bool, subject: str | None = None
    ) -> T:
        """Run ``do(token)`` under the retry rules; a rejected starter token is renewed once."""
        token = self.tokens.current()
        renewed = False

        def recover(failure: ApiFailure) -> bool:
            nonlocal token, renewed
            if failure.bad_token and token.renewable and not renewed:
                renewed = True
                token = self.tokens.renew(token)
                return True
            return False

        try:
            return self.core.retrying(lambda: do(token), idempotent=idempotent, recover=recover)
        except ApiFailure as failure:
            caller: Caller = replace(token.caller, subject=subject)
            raise to_error(failure, caller) from None

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        files: Mapping[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        read_timeout: float | None = None,
        subject: str | None = None,
    ) -> Any:
        def do(token: Token) -> Any:
            response = self.core.send(
                method,
                path,
                token=token.value,
                headers=headers,
                json=json,
                files=files,
                read_timeout=read_timeout,
            )
            return self.core.read(response)

        return self.authed(do, idempotent=method == "GET", subject=subject)

    # ------------------------------------------------------------ endpoints

    def create_session(self, language: str) -> Any:
        body = {"task_name": "project", "language": language}
        return self.call("POST", CREATE_SESSION, json=body)

    def state(self, session_id: str) -> Any:
        return self.call("GET", STATE.format(sid=_seg(session_id)))

    def credits(self) -> Any:
        return self.call("GET", CREDITS)

    def upload_file(self, session_id: str, file: ProgressFile) -> Any:
        """One ``files`` part holding ``file``, streamed by httpx (a retry rewinds it)."""
        return self.call(
            "POST",
            UPLOAD.format(sid=_seg(session_id)),
            files={"files": (file.name, file)},
            read_timeout=self.core.tuning.upload_read_timeout,
            subject=file.name,
        )

    def upload_urls(self, session_id: str, urls: list[str]) -> Any:
        return self.call(
            "POST",
            UPLOAD.format(sid=_seg(session_id)),
            json={"urls": urls, "source_type": "url"},
            read_timeout=self.core.tuning.upload_read_timeout,
            subject=", ".join(urls) if len(urls) == 1 else None,
        )

    def submit_render(self, body: dict[str, Any]) -> Any:
        return self.call("POST", RENDER, json=body)

    def poll_render(self, render_id: str) -> Any:
        return self.call("GET", f"{RENDER}/{_seg(render_id)}")

    def cancel_render(self, render_id: str) -> Any:
        return self.call("POST", f"{RENDER}/{_seg(render_id)}/cancel")

    def open_chat(self, session_id: str, text: str) -> httpx.Response:
        """POST /run_sse and return the open event stream (the caller closes it). Errors before
        the stream starts (404 session, 422, an envelope error) are raised like any call's."""
        body = {
            "app_name": APP,
            "user_id": "me",
            "session_id": session_id,
            "new_message": {"role": "user", "parts": [{"text": text}]},
            "streaming": True,
        }

        def do(token: Token) -> httpx.Response:
            response = self.core.send(
                "POST",
                RUN_SSE,
                token=token.value,
                json=body,
                headers={"Accept": "text/event-stream"},
                read_timeout=self.core.tuning.stream_read_timeout,
                stream=True,
            )
            kind = response.headers.get("Content-Type", "").lower()
            if response.status_code >= 300 or kind.startswith("application/json"):
                data = self.core.read(response)  # raises ApiFailure for an error envelope
                raise ApiFailure(
                    response.status_code, None, f"Expected an event stream: {data!r}"[:200]
                )
            return response

        return self.authed(do, idempotent=False)
