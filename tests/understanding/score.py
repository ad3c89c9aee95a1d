"""Score the local engine on the instruction table: each row through `nemo --json say`, in-process.

    python -m tests.understanding.score            # the score per class and per language
    python -m tests.understanding.score --misses   # and every row that was not exactly right
    python -m tests.understanding.score --class typo --lang zh --misses

A row is right when the timeline facts after the instruction are exactly the expected ones (every
fact not named unchanged) and the reply meets its rule (ok / guess / partial / nu / answer /
chat; see instructions.txt). Each row gets a fresh copy of the known session.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .session import facts, media_of, state

TABLE = Path(__file__).with_name("instructions.txt")
_CJK = re.compile(r"[\u3400-\u9fff]")
CLASSES = (
    "media",
    "subset",
    "order",
    "range",
    "anchor",
    "audio",
    "fit",
    "typo",
    "complaint",
    "unquoted",
    "goal",
    "remove",
    "question",
    "honesty",
)


@dataclass(frozen=True)
class Row:
    line: int
    state: str
    cls: str
    text: str
    expect: str
    reply: str

    @property
    def lang(self) -> str:
        return "zh" if _CJK.search(self.text) else "en"


def load_table(path: Path = TABLE) -> list[Row]:
    rows: list[Row] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in raw.split("¦")]
        if (
            len(parts) not in (4, 5)
            or parts[0] not in ("E", "C", "F", "U")
            or parts[1] not in CLASSES
        ):
            raise ValueError(f"{path.name}:{number}: malformed row: {raw!r}")
        rows.append(
            Row(
                number,
                parts[0],
                parts[1],
                parts[2],
                parts[3],
                parts[4] if len(parts) == 5 else "ok",
            )
        )
    return rows


# ---------------------------------------------------------------- running one instruction


@dataclass
class Outcome:
    code: int
    reply: str
    unhandled: list[Any]
    error_code: str | None
    before: dict[str, Any]
    after: dict[str, Any]
    crash: str | None = None


_IDS = itertools.count(1)


def run_row(row: Row) -> Outcome:
    """The instruction through the real CLI (in-process), on a fresh session in ``row.state``."""
    from nemo_cli.backends.local.store import SessionStore
    from nemo_cli.config import Paths
    from nemo_cli.entry import run

    # The session file as docs/ARCHITECTURE.md documents it, so the scorer does not depend on
    # how the engine holds a session in memory.
    store = SessionStore(Paths.from_platform().local_sessions_dir)
    draft = state(row.state)
    media = media_of(row.state)
    sid = f"local-20260101-000000-{next(_IDS):04x}"
    path = store.file(sid)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "id": sid,
                "created_at": "2026-01-01T00:00:00+00:00",
                "title": None,
                "media": media,
                "draft": draft,
                "undo": [],
                "redo": [],
            }
        ),
        encoding="utf-8",
    )
    before = facts(draft, media)
    out, err = io.StringIO(), io.StringIO()
    crash = None
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(["--backend", "local", "--session", sid, "--json", "say", row.text])
    except BaseException as exc:  # noqa: BLE001 - a crash is a result to report, not to hide
        code, crash = -1, f"{type(exc).__name__}: {exc}"
    body: dict[str, Any] = {}
    for line in out.getvalue().splitlines():
        with contextlib.suppress(ValueError):
            body = json.loads(line)
    error: dict[str, Any] = {}
    for line in err.getvalue().splitlines():
        with contextlib.suppress(ValueError):
            error = json.loads(line).get("error") or {}
    after = facts(json.loads(path.read_text(encoding="utf-8"))["draft"], media)
    return Outcome(
        code,
        str(body.get("reply") or ""),
        list(body.get("unhandled") or []),
        error.get("code"),
        before,
        after,
        crash,
    )


# ---------------------------------------------------------------- judging


def _text_spec(item: str) -> tuple[str, str, str, str | None]:
    text, _, where = item.rpartition("@")
    where, _, pos = where.partition("/")
    start, _, end = where.partition("-") if where != "*" else ("*", "", "*")
    return text, start, end or "*", pos or None


def _texts_match(spec: str, got: list[tuple[str, float, float, str]]) -> bool:
    if spec == "-":
        return not got
    wanted = [_text_spec(i) for i in spec.split("|")]
    if len(wanted) != len(got):
        return False
    left = list(got)
    for text, start, end, pos in wanted:
        for have in left:
            if (
                have[0].strip() == text
                and (start == "*" or abs(have[1] - float(start)) < 0.01)
                and (end == "*" or abs(have[2] - float(end)) < 0.01)
                and (pos is None or have[3] == pos)
            ):
                left.remove(have)
                break
        else:
            return False
    return True


_EXPECT = re.compile(r"^(\w+)\s*(=|<|>)\s*(.*)$")


def expected_checks(row: Row) -> dict[str, tuple[str, str]]:
    checks: dict[str, tuple[str, str]] = {}
    if row.expect.strip() == "unchanged":
        return checks
    for part in row.expect.split(" ; "):
        match = _EXPECT.match(part.strip())
        if not match:
            raise ValueError(f"line {row.line}: bad fact {part!r}")
        checks[match.group(1)] = (match.group(2), match.group(3).strip())
    return checks


def judge_facts(row: Row, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The facts that differ from what the row expects (empty: exactly right)."""
    checks = expected_checks(row)
    wrong: list[str] = []
    music_new = before["music"] == "-" and after["music"] != "-"
    for key in before:
        if key in checks:
            op, value = checks[key]
        elif key == "d" and (
            ("clips" in checks and checks["clips"][1] != "*") or "xfade" in checks
        ):
            continue  # the clips (and the crossfades' overlap) decide the length
        elif key in ("mvol", "mfi", "mfo") and (music_new or checks.get("music") == ("=", "-")):
            continue  # new music's volume and fades are the engine's defaults
        elif key == "cv" and after["cv"] == "-" and "clips" in checks:
            continue  # no video is left to have a sound of its own
        elif key == "cv" and before["cv"] == "-" and after["clips"]:
            op, value = "=", "100"  # clips put on an empty timeline keep their sound
        else:
            if after[key] != before[key]:
                wrong.append(f"{key}: {after[key]!r} (unchanged {before[key]!r} expected)")
            continue
        have = after[key]
        if op == "=" and value == "*":
            continue
        if key == "texts":
            ok = _texts_match(value, have) if op == "=" else False
        elif key == "clips":
            ok = have == value.split(",")
        elif op == "=":
            ok = str(have) == value or (isinstance(have, float) and _num_eq(have, value))
        else:
            try:
                ok = (
                    float(have) < float(before[key])
                    if op == "<"
                    else (float(have) > float(before[key] or 0))
                )
            except (TypeError, ValueError):
                ok = False
        if not ok:
            wrong.append(f"{key}: {have!r} ({op}{value or ''} expected)")
    return wrong


def _num_eq(have: float, value: str) -> bool:
    try:
        return abs(have - float(value)) < 0.01
    except ValueError:
        return False


_NOT_UNDERSTOOD = ("didn't understand", "没能把")
_DONE = re.compile(r"\bDone\b|已完成")


def judge(row: Row, out: Outcome) -> list[str]:
    """Why the row is not exactly right (empty: it is)."""
    if out.crash:
        return [f"crash: {out.crash}"]
    wrong = judge_facts(row, out.before, out.after)
    rule, _, arg = row.reply.partition(":")
    said = out.reply
    if rule == "nu":
        if out.code != 1 or out.error_code != "not_understood":
            wrong.append(f"exit {out.code} code {out.error_code} (1 not_understood expected)")
        return wrong
    if out.code != 0:
        return [*wrong, f"exit {out.code} ({out.error_code})"]
    if rule == "partial":
        if not out.unhandled:
            wrong.append("nothing listed as unhandled")
        if arg not in said:
            wrong.append(f"the reply does not name {arg!r}")
        if _DONE.search(said):
            wrong.append("the reply says Done")
        return wrong
    if out.unhandled:
        wrong.append(f"unhandled: {out.unhandled}")
    if any(m in said for m in _NOT_UNDERSTOOD):
        wrong.append("replied 'not understood'")
    if rule == "guess" and arg not in said:
        wrong.append(f"the reply does not say it read {arg!r} as a guess")
    if rule == "answer":
        wrong += [f"the answer lacks {a!r}" for a in arg.split(",") if a not in said]
    if rule == "chat" and not said.strip():
        wrong.append("no reply")
    return wrong


# ---------------------------------------------------------------- the report


@dataclass
class Score:
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[Row, list[str], str]] = field(default_factory=list)

    def add(self, row: Row, wrong: list[str], reply: str) -> None:
        for key in (row.cls, f"{row.cls}/{row.lang}", row.lang, "all"):
            self.total[key] += 1
            self.right[key] += not wrong
        if wrong:
            self.misses.append((row, wrong, reply))

    def pct(self, key: str) -> float:
        return 100.0 * self.right[key] / self.total[key] if self.total[key] else 0.0

    def table(self) -> str:
        def cell(key: str) -> str:
            n = self.total[key]
            return f"{self.right[key]:>3}/{n:<3} {self.pct(key):5.1f}%" if n else " " * 14

        lines = [f"{'class':<10} {'en':>14} {'zh':>14} {'all':>14}"]
        for cls in CLASSES:
            if self.total[cls]:
                lines.append(
                    f"{cls:<10} {cell(cls + '/en'):>14} {cell(cls + '/zh'):>14} {cell(cls):>14}"
                )
        lines.append(f"{'total':<10} {cell('en'):>14} {cell('zh'):>14} {cell('all'):>14}")
        return "\n".join(lines)


def score(rows: list[Row]) -> Score:
    result = Score()
    for row in rows:
        out = run_row(row)
        result.add(row, judge(row, out), out.reply)
    return result


def _isolate(home: Path) -> None:
    """Point every directory nemo uses at ``home`` and keep the cloud out of reach."""
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        os.environ[var] = str(home / sub)
    os.environ["HOME"] = str(home)
    os.environ["NEMO_API_BASE"] = "http://127.0.0.1:9"
    for var in ("NEMO_TOKEN", "NEMO_BACKEND"):
        os.environ.pop(var, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the rows not exactly right")
    parser.add_argument("--class", dest="cls", choices=CLASSES)
    parser.add_argument("--lang", choices=("en", "zh"))
    parser.add_argument("--table", type=Path, default=TABLE, help="another table (holdout.txt)")
    args = parser.parse_args(argv)
    rows = [
        r
        for r in load_table(args.table)
        if (not args.cls or r.cls == args.cls) and (not args.lang or r.lang == args.lang)
    ]
    with tempfile.TemporaryDirectory() as home:
        _isolate(Path(home))
        result = score(rows)
    if args.misses:
        for row, wrong, reply in result.misses:
            print(f"{row.line:>4} {row.cls}/{row.lang} [{row.state}] {row.text}")
            for why in wrong:
                print(f"       - {why}")
            print("       reply: " + reply.replace("\n", " | ")[:200])
        print()
    print(result.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
