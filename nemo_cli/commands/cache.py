"""`nemo cache clear`: empty nemo's cache folder (rendered segments, thumbnails, analyses).

Nothing there is needed: every entry is made again when it is next used.
"""

from __future__ import annotations

from ..env import Env
from ..safe_text import markup
from ..ui.report import print_json


def clear(env: Env) -> None:
    from ..backends.local.render.segment_cache import cache_root
    from ..backends.local.render.segment_cache import clear as empty

    root = cache_root()
    files, size = empty(root)
    if env.json:
        print_json(env.stdout, {"path": str(root), "files": files, "bytes": size})
        return
    env.console.print(f"[green]✓[/] Cache cleared: {files} file(s), {size / 1_000_000:.1f} MB "
                      f"freed ({markup(str(root))})")  # fmt: skip
