"""The results table: one row per figure, with its reference, the ratio, the target and whether
it is met. Printed as a Markdown table (readable in a terminal, pasted as is into the README)
and saved as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Row:
    section: str  # "start-up", "streaming", ...
    figure: str  # what was measured: "nemo --version"
    value: float | None  # None: not measured (see note)
    unit: str  # "ms", "s", "MB", "MB/s"
    reference: str = ""  # what it is compared with
    ref_value: float | None = None
    ratio: float | None = None  # as the target states it (see target)
    target: str = ""  # "<= 3x python -c pass", "< 100 MB", "" (reported only)
    met: bool | None = None  # None: no target, or not measured
    note: str = ""


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    text = f"{value:.{digits}f}"
    return f"{text} {unit}".strip()


def verdict(row: Row) -> str:
    if row.met is None:
        return "-" if row.target else ""
    return "yes" if row.met else "**NO**"


HEADER = ("Section", "Figure", "Value", "Reference", "Ref. value", "Ratio", "Target", "Met")


def cells(row: Row) -> tuple[str, ...]:
    figure = row.figure + (f" ({row.note})" if row.note else "")
    ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
    return (
        row.section,
        figure,
        fmt(row.value, row.unit),
        row.reference or "-",
        fmt(row.ref_value, row.unit),
        ratio,
        row.target or "-",
        verdict(row),
    )


def markdown(rows: list[Row]) -> str:
    """A Markdown table, its columns padded so it also reads well as plain text."""
    body = [HEADER, *(cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in body) for i in range(len(HEADER))]

    def line(values: tuple[str, ...]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(HEADER), rule, *(line(c) for c in body[1:])])


def summary(rows: list[Row]) -> str:
    judged = [r for r in rows if r.met is not None]
    missed = [r for r in judged if not r.met]
    text = f"{len(judged) - len(missed)} of {len(judged)} targets met"
    if missed:
        text += "; missed: " + "; ".join(f"{r.section}: {r.figure}" for r in missed)
    return text


def save(rows: list[Row], folder: Path, machine: dict[str, str], quick: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("results-quick.json" if quick else "results.json")
    body = {"machine": machine, "quick": quick, "rows": [asdict(r) for r in rows]}
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    (folder / ("results-quick.md" if quick else "results.md")).write_text(
        markdown(rows) + "\n", encoding="utf-8"
    )
    return path
