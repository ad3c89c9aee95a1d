"""Redirect faults: answer a call with a 30x whose ``Location`` is on another host (the CDN)
or on the API itself, to check where a client sends its ``Authorization`` header next.

    emulator.redirect("credits", to="cdn")   # 307 to <cdn>/api/credits/balance/simple
    emulator.redirect("state", to="api")     # 307 to the same path on the API (+ ?redirected=1)

The CDN answers a request that carries ``Authorization`` with 400 and records a violation,
so the ``emulator`` fixture fails any test whose client follows a redirect with its token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .emulator import Emulator
    from .faults import Fault

REDIRECT_STATUSES = (301, 302, 303, 307, 308)


class Redirects:
    misbehave: Callable[..., Fault]  # Misbehaviour's

    def redirect(
        self, endpoint: str, *, to: str = "cdn", status: int = 307, times: int | None = 1
    ) -> Fault:
        """Answer the next ``times`` calls to ``endpoint`` with ``status`` and a Location on
        ``to``: "cdn" (the same path on the CDN), "api" (the same path on the API, with
        ``?redirected=1``) or a full URL."""
        if endpoint == "cdn":
            raise ValueError("redirect applies to API endpoints, not the CDN")
        if status not in REDIRECT_STATUSES:
            raise ValueError(f"status must be one of {REDIRECT_STATUSES}, not {status}")
        if to not in ("cdn", "api") and "://" not in to:
            raise ValueError(f"to must be 'cdn', 'api' or a URL, not {to!r}")
        return self.misbehave(
            endpoint, times=times, status=status, location=to, body=b"", content_type="text/plain"
        )


def location_for(emu: Emulator, to: str, path: str) -> str:
    """The Location header of a redirect fault, for a request to ``path`` (with its query)."""
    if to == "cdn":
        return emu.cdn_url + path
    if to == "api":
        return emu.base_url + path + ("&" if "?" in path else "?") + "redirected=1"
    return to
