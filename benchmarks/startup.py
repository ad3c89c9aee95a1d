"""Start-up: how long a command takes from exec to exit, against Python itself and the peers.

Every command runs on a pseudo-terminal, in turns with the others (see ``procs.interleaved``);
the figure is the median. ``python -c pass`` is the same interpreter nemo runs on. ``nemo
status`` shows a local session with two clips and music (its timeline picture drawn); ``nemo
say`` makes a local edit in it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping, Sequence

from .peers import Peers
from .procs import interleaved, median, run_pty
from .table import Row
from .workspace import Workspace

SECTION = "start-up"
# A local edit as a script sends it: parsed, applied, the session saved, the reply printed.
SAY_EDIT = "make it vertical, add background music at 35%"


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


def measure(ws: Workspace, peers: Peers, reps: int) -> list[Row]:
    env = ws.env(NEMO_BACKEND="local")
    local_session(ws, env)
    # nemo --help is printed from a cache once Typer has rendered it (nemo_cli/help_cache.py),
    # for that exact command line only: "nemo --no-color --help" prints the same text rendered
    # by Typer every time, the fair reference for another command that goes through Typer.
    runners = {
        "python -c pass": _timer([ws.python, "-c", "pass"], env),
        "nemo --version": _timer([*ws.nemo, "--version"], env),
        "nemo --help": _timer([*ws.nemo, "--help"], env),
        "nemo --help, Typer": _timer([*ws.nemo, "--no-color", "--help"], env),
        "nemo status": _timer([*ws.nemo, "status"], env),
        "nemo say": _timer([*ws.nemo, "say", SAY_EDIT], env),
    }
    for name, argv, extra in peers.help_commands():
        runners[name] = _timer(argv, {**env, **extra})
    times = {name: median(values) * 1000 for name, values in interleaved(runners, reps).items()}

    base, version = times["python -c pass"], times["nemo --version"]
    helps, typer_help = times["nemo --help"], times["nemo --help, Typer"]
    status = times["nemo status"]
    rows = [
        Row(SECTION, "python -c pass", base, "ms", note=f"median of {reps}"),
        _ratio_row("nemo --version", version, "python -c pass", base, 3.0),
    ]
    peer_names = [name for name, _, _ in peers.help_commands()]
    for name in peer_names:
        peer = times[name]
        rows.append(
            Row(
                SECTION,
                "nemo --help",
                helps,
                "ms",
                reference=name,
                ref_value=peer,
                ratio=peer / helps,
                target=">= 4x faster",
                met=peer / helps >= 4.0,
            )
        )
    if not peer_names:
        rows.append(
            Row(
                SECTION,
                "nemo --help",
                helps,
                "ms",
                reference="llm, sgpt --help",
                target=">= 4x faster",
                note=peers.why_missing or "peers not measured",
            )
        )
    slowest = max(peer_names, key=lambda n: times[n], default=None)
    fastest = min(peer_names, key=lambda n: times[n], default=None)
    rows.append(
        Row(
            SECTION,
            "nemo --no-color --help (rendered by Typer, as a first --help is)",
            typer_help,
            "ms",
            reference=fastest or "",
            ref_value=times[fastest] if fastest else None,
            ratio=times[fastest] / typer_help if fastest else None,
            target="reported",
            note=f"{slowest}: {times[slowest] / typer_help:.1f}x" if slowest != fastest else "",
        )
    )
    rows.append(
        _ratio_row(
            "nemo status (local backend)", status, "--help rendered by Typer", typer_help, 2.0
        )
    )
    rows[-1].note = f"{status / helps:.1f}x the cached --help"
    say = times["nemo say"]
    rows.append(_ratio_row("nemo say, a local edit", say, "python -c pass", base, 3.0))
    rows[-1].note = f'"{SAY_EDIT}" (reads, edits, saves the session)'
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
