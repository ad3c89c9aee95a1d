"""Start-up: how long a command takes from exec to exit, against Python itself and the peers.

Every command runs on a pseudo-terminal, in turns with the others (see ``procs.interleaved``);
the figure is the median. ``python -c pass`` is the same interpreter nemo runs on. ``nemo
status`` shows a local session with two clips and music (its timeline picture drawn).

``nemo say`` makes a local edit in that session, a real one every time: the runs alternate
between two instructions that each undo the other's aspect and music volume (the same
instruction twice would change nothing the second time, and a run that changes nothing skips
the timeline picture and the session's history). It is measured twice: as a script runs it
(stdout and stderr to a pipe: the reply as plain text, the issue #12 target, against
``python -c pass`` piped too), and on a terminal, as a person sees it (the reply drawn by Rich
and the timeline picture; without the thumbnails, whose library waits for answers this
pseudo-terminal never gives).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping, Sequence

from .peers import Peers
from .procs import Run, interleaved, median, run_piped, run_pty
from .table import Row
from .workspace import Workspace

SECTION = "start-up"
# A local edit as a script sends it: parsed, applied, the session saved, the reply printed.
# The runs take these in turns, so each one changes the timeline (see the module docstring).
SAY_EDITS = (
    "make it vertical, add background music at 35%",
    "make it square, add background music at 50%",
)
SAY_EDIT = SAY_EDITS[0]


def _timer(argv: Sequence[str], env: Mapping[str, str]) -> Callable[[], float]:
    """Run on a pseudo-terminal, as a person would (sgpt draws its help with Rich there, nemo
    status its timeline picture); the whole life of the process, fork to reap."""

    def run() -> float:
        done = run_pty(argv, env, timeout=120)
        if done.code != 0:
            tail = done.output[-500:].decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(argv)} failed ({done.code}): {tail}")
        return done.seconds

    return run


def _piped_timer(argv: Sequence[str], env: Mapping[str, str]) -> Callable[[], float]:
    """As ``_timer``, with stdout and stderr to a pipe: the reference for a command a script
    runs (a pseudo-terminal costs every process a little more to start and to end)."""

    def run() -> float:
        done = run_piped(argv, env, timeout=120)
        if done.code != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({done.code})")
        return done.seconds

    return run


def _say_timers(ws: Workspace, env: Mapping[str, str]) -> dict[str, Callable[[], float]]:
    """``nemo say`` piped and on a terminal, taking ``SAY_EDITS`` in turns between them (one
    counter for both), so every run finds the timeline the other instruction left."""
    turn = [0]

    def timer(run: Callable[..., Run], *options: str) -> Callable[[], float]:
        def once() -> float:
            text = SAY_EDITS[turn[0] % len(SAY_EDITS)]
            turn[0] += 1
            done = run([*ws.nemo, *options, "say", text], env, timeout=120)
            if done.code != 0:
                tail = done.output[-500:].decode("utf-8", "replace")
                raise RuntimeError(f"nemo say {text!r} failed ({done.code}): {tail}")
            return done.seconds

        return once

    # On the terminal without the thumbnails: every edit here changes the frame or the music,
    # so each run would take the clips' thumbnails again (an ffmpeg run: the pictures
    # section's figure, not this one's).
    return {
        "nemo say, piped": timer(run_piped),
        "nemo say, terminal": timer(run_pty, "--no-pictures"),
    }


def local_session(ws: Workspace, env: Mapping[str, str]) -> None:
    """A current local session with two clips and music on its timeline, for ``nemo status``:
    tiny media made with ffmpeg, uploaded and edited through nemo itself."""
    import imageio_ffmpeg

    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    media = ws.work / "media"
    media.mkdir(parents=True, exist_ok=True)
    makes = {
        "clip1.mp4": ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2"],
        "clip2.mp4": ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=1"],
        "music.m4a": ["-f", "lavfi", "-i", "sine=frequency=440:duration=3"],
    }
    for name, source in makes.items():
        argv = [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", *source, str(media / name)]
        subprocess.run(argv, check=True, stdin=subprocess.DEVNULL)
    for step in (
        ["upload", *(str(media / name) for name in makes)],
        ["say", "combine my clips and add background music"],
    ):
        proc = subprocess.run([*ws.nemo, *step], env=dict(env), capture_output=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"nemo {step[0]} failed: {proc.stderr.decode()[-500:]}")


# nemo --help as Typer renders it (there is no cache): >= this many times faster than each peer.
HELP_TARGETS = {"sgpt --help": 3.0, "llm --help": 8.0}


def measure(ws: Workspace, peers: Peers, reps: int) -> list[Row]:
    env = ws.env(NEMO_BACKEND="local")
    local_session(ws, env)
    runners = {
        "python -c pass": _timer([ws.python, "-c", "pass"], env),
        "python -c pass, piped": _piped_timer([ws.python, "-c", "pass"], env),
        "nemo --version": _timer([*ws.nemo, "--version"], env),
        "nemo --help": _timer([*ws.nemo, "--help"], env),
        "nemo status": _timer([*ws.nemo, "status"], env),
        **_say_timers(ws, env),
    }
    for name, argv, extra in peers.help_commands():
        runners[name] = _timer(argv, {**env, **extra})
    times = {name: median(values) * 1000 for name, values in interleaved(runners, reps).items()}

    base, version = times["python -c pass"], times["nemo --version"]
    helps, status = times["nemo --help"], times["nemo status"]
    rows = [
        Row(SECTION, "python -c pass", base, "ms", note=f"median of {reps}"),
        _ratio_row("nemo --version", version, "python -c pass", base, 3.0),
    ]
    peer_names = [name for name, _, _ in peers.help_commands()]
    for name in peer_names:
        peer, limit = times[name], HELP_TARGETS.get(name, 3.0)
        rows.append(
            Row(
                SECTION,
                "nemo --help (rendered by Typer)",
                helps,
                "ms",
                reference=name,
                ref_value=peer,
                ratio=peer / helps,
                target=f">= {limit:g}x faster",
                met=peer / helps >= limit,
            )
        )
    if not peer_names:
        rows.append(
            Row(
                SECTION,
                "nemo --help (rendered by Typer)",
                helps,
                "ms",
                reference="llm, sgpt --help",
                target=">= 8x, >= 3x faster",
                note=peers.why_missing or "peers not measured",
            )
        )
    rows.append(_ratio_row("nemo status (local backend)", status, "nemo --help", helps, 2.0))
    piped, terminal = times["nemo say, piped"], times["nemo say, terminal"]
    base_piped = times["python -c pass, piped"]
    rows.append(
        _ratio_row(
            "nemo say, a local edit, as a script runs it (piped)",
            piped,
            "python -c pass, piped",
            base_piped,
            3.0,
        )
    )
    rows[-1].note = (
        f'"{SAY_EDITS[0]}" and "{SAY_EDITS[1]}" in turns (reads, edits, saves '
        "the session, prints the reply)"
    )
    rows.append(
        Row(
            SECTION,
            "nemo say, the same edits on a terminal (Rich, the timeline picture; --no-pictures)",
            terminal,
            "ms",
            reference="python -c pass",
            ref_value=base,
            ratio=terminal / base,
            target="reported",
        )
    )
    return rows


def _ratio_row(figure: str, value: float, reference: str, ref: float, limit: float) -> Row:
    ratio = value / ref
    return Row(
        SECTION,
        figure,
        value,
        "ms",
        reference=reference,
        ref_value=ref,
        ratio=ratio,
        target=f"<= {limit:g}x",
        met=ratio <= limit,
    )
