"""The timeline picture: one row per track, bars placed on a time axis, as an editor shows it.

    Timeline · 12s · 1920x1080 · "Urban Dreams"
           0s       2s       4s       6s       8s       10s      12s
           ┬────────┬────────┬────────┬────────┬────────┬────────┬
    Video  [clip1.mp4 0-5s────────────][clip2.mp4 5-12s────────────]
    BGM    [music.wav 0-12s 35%───────────────────────────────────]
    Title  ["Urban Dreams" 0-3s]
           ["Shot on a phone" 1-5s]

Segments of a track that overlap (two titles at once) go on rows of their own under it.

What the local engine cut and set from what it heard (``draft_edits``) shows too: a ``Cuts``
row under the clips marks each join where part of a source was cut out (``▲`` and how much),
a ``Beats`` row the beat grid the clips were cut to (``╵`` a beat, ``┃`` a cut on it), and a
line each for the pause rule, the beat grid and the sound (loudness, ducking, noise):

    Video  [talk.mp4 0-5.3s───────────][talk.mp4 5.3-7.4s][talk.mp4 7.4-9.5s───]
    Cuts                               ▲0.9s              ▲2.6s
    Pauses over 1s cut: 2 cuts, 3.5s in all

Both backends speak the same draft format (draft.py), so one renderer serves both. Names come
from outside: draft.py has cleaned them of control characters, and the picture is a Rich
``Text`` (never markup), so brackets in a name are shown as they are.
"""

from __future__ import annotations

import math
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from ..draft import NOUNS, Draft, Segment, Track, parse_draft, seconds, span, summarize
from ..draft_edits import DraftEdits, read_edits
from ..safe_text import one_line

STYLES = {"video": "blue", "audio": "green", "text": "magenta", "other": "yellow"}
# Tick spacings (ms) to choose from: the smallest that leaves room for the labels.
_STEPS = (
    100,
    200,
    500,
    1000,
    2000,
    5000,
    10_000,
    15_000,
    30_000,
    60_000,
    120_000,
    300_000,
    600_000,
    900_000,
    1_800_000,
    3_600_000,
)
_LABEL_ROOM = 8  # columns per tick label ("1:30:00" + a space would need more; rare)


def clock(ms: int, total_ms: int) -> str:
    """A time on the axis: "2.5s" on short timelines, "1:05" from a minute on."""
    if total_ms < 60_000:
        return f"{seconds(ms)}s"
    secs = round(ms / 1000)
    hours, rest = divmod(secs, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _step(total_ms: int, cols: int) -> int:
    most = max(1, cols // _LABEL_ROOM)
    fallback = max(_STEPS[-1], math.ceil(total_ms / most))  # longer than the longest step
    return next((s for s in _STEPS if total_ms / s <= most), fallback)


def _col(ms: int, total_ms: int, cols: int) -> int:
    return min(cols, round(ms * cols / total_ms))


def _segment_texts(track: Track, seg: Segment, index: int) -> list[str]:
    """What a bar may say, longest first: name, range and volume; name and range; name. A
    title or caption is quoted, except as the last resort: a narrow bar (a caption cue on a
    long timeline) shows its words, not a quote mark and an ellipsis."""
    words = one_line(seg.label or f"{NOUNS[track.kind]} {index}", 60)
    label = f'"{words}"' if track.kind == "text" else words
    extra = ""
    if seg.volume is not None:
        if track.kind == "audio":
            extra = f" {seg.volume:.0f}%"
        elif track.kind == "video" and seg.volume == 0:
            extra = " muted"
    texts = [f"{label} {span(seg)}{extra}", f"{label} {span(seg)}", label, words]
    return list(dict.fromkeys(texts))


def _cells(text: str) -> list[str]:
    """One entry per terminal cell: a wide (CJK) character is followed by an empty entry."""
    out: list[str] = []
    for ch in text:
        width = cell_len(ch)
        if width == 2:
            out += [ch, ""]
        elif width == 1:
            out.append(ch)
    return out


def _bar(texts: list[str], cols: int) -> list[str]:
    """``[text───]`` exactly ``cols`` cells wide: the longest text that fits, else one cut."""
    if cols <= 1:
        return ["▌"][:cols]
    if cols == 2:
        return ["[", "]"]
    room = cols - 2
    content = next((c for c in map(_cells, texts) if len(c) <= room), None)
    if content is None:
        content = _cells(texts[-1])[: room - 1] if room > 1 else []
        if content and cell_len(content[-1]) == 2:  # half a wide character does not fit
            content[-1] = " "
        while content and content[-1] == " ":  # "See…", not "See …"
            content.pop()
        content.append("…")
    return ["[", *content, *["─"] * (room - len(content)), "]"]


def lanes(track: Track) -> list[list[tuple[int, Segment]]]:
    """The track's segments (numbered from 1) on as few rows as keep overlapping ones apart:
    each goes on the first row where the last segment has ended by its start. Video clips stay
    on one row (a crossfade overlaps them a little, and they play one after another)."""
    rows: list[list[tuple[int, Segment]]] = []
    for i, seg in enumerate(track.segments, 1):
        if track.kind == "video" and rows:
            rows[0].append((i, seg))
            continue
        row = next((r for r in rows if r[-1][1].end_ms <= seg.start_ms), None)
        if row is None:
            rows.append([(i, seg)])
        else:
            row.append((i, seg))
    return rows


def _span_cols(start_ms: int, end_ms: int, total_ms: int, cols: int) -> tuple[int, int]:
    start = _col(start_ms, total_ms, cols)
    end = max(start + 1, _col(end_ms, total_ms, cols))
    return min(start, cols - 1), min(end, cols)


Bar = tuple[list[str], int, int]  # what it may say (longest first), start and end (ms)


def _fits(bar: Bar, total_ms: int, cols: int) -> bool:
    """The bar's shortest text fits inside its brackets."""
    texts, start_ms, end_ms = bar
    start, end = _span_cols(start_ms, end_ms, total_ms, cols)
    return len(_cells(texts[-1])) <= end - start - 2


def _cue_runs(
    track: Track, segments: list[tuple[int, Segment]], total_ms: int, cols: int
) -> list[Bar]:
    """Caption cues as bars. Cues too narrow to show their words (a sentence a few seconds
    long on a long timeline) would each be a cut-off word: then cues that follow each other
    within a column are drawn as one bar, their words running through it."""
    bars = [(_segment_texts(track, seg, i), seg.start_ms, seg.end_ms) for i, seg in segments]
    if all(_fits(bar, total_ms, cols) for bar in bars):
        return bars
    column_ms = total_ms / cols
    runs: list[list[Bar]] = []
    for bar, (_, seg) in zip(bars, segments, strict=True):
        if runs and seg.start_ms - runs[-1][-1][2] <= column_ms:
            runs[-1].append(bar)
        else:
            runs.append([bar])
    merged: list[Bar] = []
    for run in runs:
        if len(run) == 1:
            merged.append(run[0])
            continue
        words = " ".join(texts[-1] for texts, _, _ in run)
        merged.append(([f'"{words}"', words], run[0][1], run[-1][2]))
    return merged


def _row(track: Track, segments: list[tuple[int, Segment]], total_ms: int, cols: int) -> str:
    cells = [" "] * cols
    if track.label == "Captions":
        bars = _cue_runs(track, segments, total_ms, cols)
    else:
        bars = [(_segment_texts(track, seg, i), seg.start_ms, seg.end_ms) for i, seg in segments]
    for texts, start_ms, end_ms in bars:
        start, end = _span_cols(start_ms, end_ms, total_ms, cols)
        cells[start:end] = _bar(texts, end - start)
    for i in range(cols):  # a later bar overwrote half of a wide character
        if _broken_half(cells, i):
            cells[i] = " "
    return "".join(cells).rstrip()


def _broken_half(cells: list[str], i: int) -> bool:
    """A wide character without its empty second cell, or an empty cell without its first."""
    if cell_len(cells[i]) == 2:
        return i + 1 >= len(cells) or cells[i + 1] != ""
    return cells[i] == "" and (i == 0 or cell_len(cells[i - 1]) != 2)


def _axis(total_ms: int, cols: int) -> tuple[str, str]:
    step = _step(total_ms, cols)
    labels = [" "] * cols
    ruler = ["─"] * cols
    free = 0  # the first column a new label may use
    for ms in range(0, total_ms + 1, step):
        col = _col(ms, total_ms, cols)
        ruler[min(col, cols - 1)] = "┬"
        text = clock(ms, total_ms)
        col = min(col, cols - len(text))  # the last label ends where the axis ends
        if col >= free:
            labels[col : col + len(text)] = text
            free = col + len(text) + 1
    return "".join(labels).rstrip(), "".join(ruler)


def _header(draft: Draft) -> str:
    parts = ["Timeline", clock(draft.duration_ms, draft.duration_ms)]
    if draft.width and draft.height:
        parts.append(f"{draft.width}x{draft.height}")
    if draft.title:
        parts.append(f'"{one_line(draft.title, 40)}"')
    return " · ".join(parts)


def _cuts_row(edits: DraftEdits, total: int, cols: int) -> str:
    """``▲`` at each join where part of a source was cut out, with how much when it fits."""
    cells = [" "] * cols
    cuts = edits.cuts
    for k, cut in enumerate(cuts):
        col = min(_col(cut.at_ms, total, cols), cols - 1)
        cells[col] = "▲"
        label = f"{seconds(cut.cut_ms)}s"
        room = (min(_col(cuts[k + 1].at_ms, total, cols), cols) - 1) if k + 1 < len(cuts) else cols
        if col + 1 + len(label) <= room:
            cells[col + 1 : col + 1 + len(label)] = label
    return "".join(cells).rstrip()


def _beat_step(edits: DraftEdits, total: int, cols: int) -> int:
    """Every how many beats a mark goes, so marks stand at least two columns apart."""
    beats = edits.beats
    if beats is None or beats.bpm <= 0:
        return 1
    spacing = 60_000 / beats.bpm * cols / total
    step = 1
    while spacing * step < 2:
        step *= 2
    return step


def _beats_row(edits: DraftEdits, cut_at: list[int], total: int, cols: int) -> str:
    """``╵`` for the beats (every ``_beat_step``-th), ``┃`` for a beat a cut lies on (40 ms)."""
    beats = edits.beats.at_ms if edits.beats else ()
    cells = [" "] * cols
    for i, at in enumerate(beats):
        if i % _beat_step(edits, total, cols) == 0:
            cells[min(_col(at, total, cols), cols - 1)] = "╵"
    for at in beats:
        if any(abs(at - c) <= 40 for c in cut_at):
            cells[min(_col(at, total, cols), cols - 1)] = "┃"
    return "".join(cells).rstrip()


def notes(edits: DraftEdits, mark_step: int = 1) -> list[str]:
    """A line each for the pause rule, the beat grid and the sound settings, when set;
    ``mark_step``: every how many beats the picture's ``Beats`` row marks one."""
    lines: list[str] = []
    rule = edits.pauses
    if rule is not None:
        done = (
            f"shortened to {seconds(rule.shorten_to_ms)}s"
            if rule.shorten_to_ms is not None
            else "cut"
        )
        kept = f", over {seconds(rule.keep_over_ms)}s kept" if rule.keep_over_ms else ""
        cuts = edits.cuts
        count = f"{len(cuts)} cut{'s' if len(cuts) != 1 else ''}, " if cuts else "none cut now"
        amount = f"{seconds(sum(c.cut_ms for c in cuts))}s in all" if cuts else ""
        lines.append(f"Pauses over {seconds(rule.longer_than_ms)}s {done}{kept}: {count}{amount}")
    beats = edits.beats
    if beats is not None:
        every = "every beat" if beats.every == 1 else f"every {beats.every} beats"
        marks = f" (a mark every {mark_step} beats)" if mark_step > 1 else ""
        lines.append(f"Beats: {beats.music}, {beats.bpm:.0f} BPM, clips cut on {every}{marks}")
    sound = []
    if edits.loudness_lufs is not None:
        sound.append(f"{edits.loudness_lufs:g} LUFS")
    sound += [f"{d.music} ducks {d.db} dB under speech" for d in edits.ducking]
    if edits.denoise:
        sound.append("background noise reduced")
    if sound:
        lines.append("Sound: " + " · ".join(sound))
    return lines


def render_timeline(
    draft: Draft | dict[str, Any] | None, *, width: int = 80, summary: bool = False
) -> Text:
    """The picture of ``draft`` in ``width`` columns; ``summary`` adds the one-line summary."""
    if not isinstance(draft, Draft):
        draft = parse_draft(draft)
    out = Text(no_wrap=False)
    if not draft.tracks:
        out.append("Timeline is empty.", style="dim")
        return out
    total = max(draft.duration_ms, max(s.end_ms for t in draft.tracks for s in t.segments), 1)
    names = _track_names(draft.tracks)
    edits = read_edits(draft)
    extra = (["Cuts"] if edits.cuts else []) + (["Beats"] if edits.beats else [])
    gutter = max(len(n) for n in [*names, *extra]) + 2
    cols = max(10, width - gutter - 1)
    out.append(_header(draft) + "\n", style="bold")
    labels, ruler = _axis(total, cols)
    out.append(" " * gutter + labels + "\n", style="dim")
    out.append(" " * gutter + ruler + "\n", style="dim")
    first_video = next((t for t in draft.tracks if t.kind == "video"), None)
    for name, track in zip(names, draft.tracks, strict=True):
        for lane, segments in enumerate(lanes(track)):
            out.append((name if lane == 0 else "").ljust(gutter), style="bold")
            out.append(_row(track, segments, total, cols), style=STYLES[track.kind])
            out.append("\n")
        if track is not first_video:
            continue
        if edits.cuts:
            out.append("Cuts".ljust(gutter), style="bold")
            out.append(_cuts_row(edits, total, cols) + "\n", style="red")
        if edits.beats is not None and edits.beats.at_ms:
            cut_at = [s.start_ms for s in track.segments[1:]]
            out.append("Beats".ljust(gutter), style="bold")
            out.append(_beats_row(edits, cut_at, total, cols) + "\n", style="yellow")
    for line in notes(edits, _beat_step(edits, total, cols)):
        out.append(line + "\n", style="dim")
    if summary:
        out.append(summarize(draft))
    else:
        out.rstrip()
    return out


def _track_names(tracks: list[Track]) -> list[str]:
    """Row names: the track's label, numbered when two tracks share one ("Video", "Video 2")."""
    seen: dict[str, int] = {}
    names = []
    for track in tracks:
        seen[track.label] = seen.get(track.label, 0) + 1
        count = seen[track.label]
        names.append(track.label if count == 1 else f"{track.label} {count}")
    return names
