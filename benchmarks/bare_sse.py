"""The reference for the streaming benchmark: the least a client can do with the same stream.

``python benchmarks/bare_sse.py API TOKEN SESSION_ID``: one POST /run_sse with httpx, the events
read with httpx-sse, each event's JSON parsed and its partial text written to stdout, as a
bare-bones client would. No session handling, no state reads, no markdown, no live area.
"""

from __future__ import annotations

import json
import sys


def main(api: str, token: str, session_id: str) -> int:
    import httpx
    from httpx_sse import connect_sse

    headers = {
        "User-Agent": "nemo-cli/0.1.0",
        "X-Skill-Source": "free-video-maker-in-pc",
        "X-Skill-Version": "0.1.0",
        "X-Skill-Platform": "unknown",
        "Authorization": f"Bearer {token}",
    }
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": session_id,
        "new_message": {"role": "user", "parts": [{"text": "tell me a story"}]},
        "streaming": True,
    }
    out = sys.stdout
    timeout = httpx.Timeout(900.0, connect=10.0)
    url = f"{api}/run_sse"
    with (
        httpx.Client(timeout=timeout) as client,
        connect_sse(client, "POST", url, json=body, headers=headers) as source,
    ):
        for event in source.iter_sse():
            if not event.data:
                continue
            obj = json.loads(event.data)
            if not obj.get("partial"):
                continue  # the final event repeats the whole text
            for part in (obj.get("content") or {}).get("parts") or []:
                text = part.get("text")
                if text:
                    out.write(text)
    out.write("\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
