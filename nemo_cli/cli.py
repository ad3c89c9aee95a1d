"""The Typer app: commands and options only. Each command hands its work to commands/<name>.py.

Nothing heavy is imported here: the command modules import httpx, Rich markdown, Pillow and
the engine inside themselves, and even ``Env`` (config files, TOML, JSON) is imported only when
a command runs, so ``nemo --help`` and completion load Typer and this file alone.

No ``from __future__ import annotations`` here: Typer reads every command's annotations to
build the command line, and string annotations would be evaluated again on every run (twice
per command: ``inspect.signature`` and ``get_type_hints``), about 5 ms of each command.
"""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__

if TYPE_CHECKING:
    from .env import Env

app = typer.Typer(
    name="nemo",
    help=(
        "nemo: a terminal video maker. Chat your edits, get an MP4.\n\n"
        "Run `nemo` to chat, or use the one-shot commands in scripts:\n\n"
        '  nemo upload a.mp4 b.mp4 && nemo say "combine my clips" && nemo export -o out.mp4'
    ),
    epilog="Exit codes: 0 ok, 1 error, 2 usage, 3 auth, 4 credits/plan, 5 bad input file, "
    "6 network/server, 7 render failed, 130 interrupted.",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 200},
)
session_app = typer.Typer(help="Create, show, list and switch sessions.", no_args_is_help=True)
auth_app = typer.Typer(help="Where the cloud token comes from.", no_args_is_help=True)
config_app = typer.Typer(help="Show and change settings.", no_args_is_help=True)
app.add_typer(session_app, name="session")
app.add_typer(auth_app, name="auth")
app.add_typer(config_app, name="config")
speech_app = typer.Typer(help="The offline speech model (speech to text).", no_args_is_help=True)
app.add_typer(speech_app, name="speech")


def _env(ctx: typer.Context) -> "Env":
    from .env import Env

    env = ctx.find_root().obj
    assert isinstance(env, Env)
    return env


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nemo {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    backend: Annotated[
        str | None, typer.Option("--backend", help="local or cloud (default: automatic).")
    ] = None,
    session: Annotated[
        str | None, typer.Option("--session", help="Act on this session id.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Show details.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours.")] = False,
    no_pictures: Annotated[
        bool, typer.Option("--no-pictures", help="No frame pictures in the terminal.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show version."),
    ] = False,
) -> None:
    if backend is not None and backend not in ("local", "cloud", "auto"):
        raise typer.BadParameter("use local or cloud", param_hint="--backend")
    from .env import Env

    # entry.run(args, env) hands its Env in as the context's object: the options go onto it.
    given = ctx.obj if isinstance(ctx.obj, Env) else Env()
    ctx.obj = given.with_options(
        json=json_out,
        verbose=verbose,
        no_color=no_color,
        backend_choice=backend,
        session_override=session,
        no_pictures=no_pictures,
    )
    if ctx.invoked_subcommand is None:
        from .commands import chat

        chat.run_chat(ctx.obj)


# ------------------------------------------------------------------ chat


@app.command()
def chat(ctx: typer.Context) -> None:
    """Chat with nemo: describe the edit, type `export` to get the MP4.

    Example: nemo chat   (then: "combine my clips, add music, title 'Urban Dreams'")
    """
    from .commands import chat as cmd

    cmd.run_chat(_env(ctx))


@app.command()
def say(
    ctx: typer.Context,
    text: Annotated[
        list[str], typer.Argument(help="The message (quote it, or give words).", metavar="TEXT")
    ],
) -> None:
    """Send one message, stream the reply, and exit.

    Example: nemo say "combine my clips, add background music at 35%"
    """
    from .commands import chat as cmd

    cmd.run_say(_env(ctx), " ".join(text))


# ------------------------------------------------------------------ media and export


@app.command()
def upload(
    ctx: typer.Context,
    sources: Annotated[
        list[str], typer.Argument(help="Files or http(s) URLs.", metavar="PATH|URL")
    ],
) -> None:
    """Add media files or URLs to the current session.

    Example: nemo upload intro.mp4 city.mov music.mp3
    """
    from .commands import upload as cmd

    cmd.run(_env(ctx), sources)


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="The file (its extension says what).")
    ] = None,
    quality: Annotated[str | None, typer.Option("--quality", help="high, medium or low.")] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="mp4, srt, vtt, ass, otio, fcpxml, fcp7 or edl (default: "
            "from -o's extension, else mp4).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Finish a render that was interrupted.")
    ] = False,
    render_id: Annotated[
        str | None, typer.Option("--render-id", help="With --resume/--cancel: which render.")
    ] = None,
    cancel: Annotated[
        bool, typer.Option("--cancel", help="Cancel a pending cloud render.")
    ] = False,
    no_verify: Annotated[
        bool, typer.Option("--no-verify", help="Skip the check of the finished video.")
    ] = False,
    encoder: Annotated[
        str | None,
        typer.Option(
            "--encoder",
            help="auto, x264, nvenc, qsv, vaapi or amf (local engine; default: config "
            "encoder, else auto: a GPU encoder that works here, else x264).",
        ),
    ] = None,
) -> None:
    """Render the current session's timeline to an MP4, or write it for another editor.

    Example: nemo export -o urban-dreams.mp4 --quality high

    Timeline files (no render): -o cut.otio, cut.fcpxml (Final Cut), cut.xml (FCP 7 XML:
    Premiere, Resolve, Kdenlive) or cut.edl.

    Captions (no render): -o talk.srt, talk.vtt or talk.ass.
    """
    from .commands import export as cmd

    cmd.run(
        _env(ctx),
        output=output,
        quality=quality,
        fmt=fmt,
        force=force,
        resume=resume,
        render_id=render_id,
        cancel=cancel,
        verify=not no_verify,
        encoder=encoder,
    )


@app.command("import")
def import_timeline(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(help="A .otio, .fcpxml, .xml (FCP 7) or .edl file.", metavar="FILE")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="otio, fcpxml, fcp7 or edl (default: from the extension)."),
    ] = None,
    media: Annotated[
        list[Path] | None,
        typer.Option("--media", help="Also look for the media in this folder.", metavar="DIR"),
    ] = None,
    fps: Annotated[
        float | None,
        typer.Option("--fps", help="An EDL's frame rate (default: what the file says, else 30)."),
    ] = None,
) -> None:
    """Load a timeline from another editor into a new session, to edit by chat and render.

    Example: nemo import rough-cut.fcpxml --media ~/footage
    """
    from .commands import import_ as cmd

    cmd.run(_env(ctx), source, fmt, media or [], fps)


@app.command()
def preview(ctx: typer.Context) -> None:
    """A fast low-resolution render and a storyboard PNG (local engine).

    Example: nemo preview
    """
    from .commands import preview as cmd

    cmd.run(_env(ctx))


cache_app = typer.Typer(help="Cached segments, thumbnails and analyses.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("clear")
def cache_clear(ctx: typer.Context) -> None:
    """Empty the cache (rendered segments, thumbnails, analyses); the next export renders all.

    Example: nemo cache clear
    """
    from .commands import cache as cmd

    cmd.clear(_env(ctx))


@app.command()
def verify(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A video file.", metavar="FILE")],
) -> None:
    """Check that a video is whole: duration, streams, decoding, black/frozen parts, loudness.

    Example: nemo verify out.mp4 --json   (exit 7 when the file is broken)
    """
    from .commands import verify as cmd

    cmd.run(_env(ctx), file)


@app.command()
def frame(
    ctx: typer.Context,
    when: Annotated[
        str, typer.Argument(help="Seconds or minutes:seconds (12, 0:12, 1:05.5).", metavar="TIME")
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Save it as a .png or .jpg.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Show one frame of the edited timeline, as it will render (local engine).

    Example: nemo frame 0:12 -o frame.png
    """
    from .commands import frame as cmd

    cmd.run(_env(ctx), when, output, force)


@app.command()
def status(ctx: typer.Context) -> None:
    """Show the backend, the session, its media and the timeline.

    Example: nemo status --json
    """
    from .commands import status as cmd

    cmd.run(_env(ctx))


@app.command()
def credits(ctx: typer.Context) -> None:
    """Show credits: available, frozen and total.

    Example: nemo credits --json
    """
    from .commands import account

    account.credits(_env(ctx))


@app.command()
def batch(
    ctx: typer.Context,
    jobs: Annotated[
        Path, typer.Argument(help="A .toml or .json file listing jobs.", metavar="JOBS")
    ],
    workers: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            help="How many jobs run at once (default: half the cores, at least 1).",
            metavar="N",
        ),
    ] = None,
    child: Annotated[int | None, typer.Option("--child", hidden=True)] = None,
) -> None:
    """Run several jobs, each with its own files, instructions, session and render.

    Example: nemo batch jobs.toml --jobs 2
    """
    from .commands import batch as cmd

    cmd.run(_env(ctx), jobs, workers, child)


@app.command()
def analyze(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(
            help="A media file, or the name of one in the session "
            "(none: each file of the timeline).",
            metavar="PATH|NAME",
        ),
    ] = None,
) -> None:
    """What the engine hears and sees: loudness, speech, silences, beats, scenes, black, frozen.

    Example: nemo analyze interview.mp4 --json
    """
    from .commands import analyze as cmd

    cmd.run(_env(ctx), target)


@app.command("demo-media")
def demo_media(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(help="Where to write the sample files.", metavar="DIR")
    ],
) -> None:
    """Make two sample clips and a music track to try nemo with.

    Example: nemo demo-media ./samples
    """
    from .commands import demo

    demo.run(_env(ctx), directory)


# ------------------------------------------------------------------ sessions


@session_app.command("new")
def session_new(ctx: typer.Context) -> None:
    """Start a new session and make it current. Example: nemo session new"""
    from .commands import sessions

    sessions.new(_env(ctx))


@session_app.command("show")
def session_show(ctx: typer.Context) -> None:
    """Show the current session. Example: nemo session show"""
    from .commands import sessions

    sessions.show(_env(ctx))


@session_app.command("list")
def session_list(ctx: typer.Context) -> None:
    """List known sessions. Example: nemo session list"""
    from .commands import sessions

    sessions.list_(_env(ctx))


@session_app.command("use")
def session_use(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(help="The session id.", metavar="SESSION_ID")],
) -> None:
    """Make a session current. Example: nemo session use 1234567890"""
    from .commands import sessions

    sessions.use(_env(ctx), session_id)


# ------------------------------------------------------------------ auth


@app.command()
def login(
    ctx: typer.Context,
    token: Annotated[
        str | None, typer.Option("--token", help="A NemoVideo token (else: a free starter).")
    ] = None,
) -> None:
    """Sign in to the cloud: keep a token you give, or fetch a free starter token.

    Example: nemo login --token nmv_usr_...
    """
    from .commands import account

    account.login(_env(ctx), token)


@app.command()
def logout(ctx: typer.Context) -> None:
    """Forget the cached token. Example: nemo logout"""
    from .commands import account

    account.logout(_env(ctx))


@auth_app.command("status")
def auth_status(ctx: typer.Context) -> None:
    """Say where the token comes from (never prints it). Example: nemo auth status"""
    from .commands import account

    account.auth_status(_env(ctx))


# ------------------------------------------------------------------ config


@config_app.command("show")
def config_show(ctx: typer.Context) -> None:
    """Show the settings in effect. Example: nemo config show"""
    from .commands import settings

    settings.show(_env(ctx))


@config_app.command("path")
def config_path(ctx: typer.Context) -> None:
    """Show where nemo keeps its files. Example: nemo config path"""
    from .commands import settings

    settings.path(_env(ctx))


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The setting's name.", metavar="KEY")],
    value: Annotated[str, typer.Argument(help="Its new value.", metavar="VALUE")],
) -> None:
    """Change a setting. Example: nemo config set backend local"""
    from .commands import settings

    settings.set_(_env(ctx), key, value)


# ------------------------------------------------------------------ speech


@speech_app.command("install")
def speech_install(
    ctx: typer.Context,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from", help="A Vosk model folder, .zip or .tar.gz (or the wheel).", metavar="PATH"
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Install again.")] = False,
    language: Annotated[
        str | None, typer.Option("--lang", help="The model's language (en, zh, ...).")
    ] = None,
) -> None:
    """Put a speech model where nemo finds it (default: the English one, about 41 MB).

    Example: nemo speech install
    """
    from .commands import speech

    speech.install(_env(ctx), source, force=force, language=language)


@speech_app.command("status")
def speech_status(ctx: typer.Context) -> None:
    """Say whether speech recognition works here, and which model it uses.

    Example: nemo speech status
    """
    from .commands import speech

    speech.status(_env(ctx))


@app.command()
def transcript(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Argument(help="A media file (default: the timeline).", metavar="PATH")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--lang", help="The speech's language (en, zh, ...).")
    ] = None,
) -> None:
    """The words spoken on the timeline (or in a file), with their times.

    Example: nemo transcript --json
    """
    from .commands import transcript as cmd

    cmd.run(_env(ctx), path, language)


# ------------------------------------------------------------------ help


def _first_sentence(doc: str | None) -> str | None:
    """A command's line in the help's list: its docstring's first sentence, whole. (Click
    would cut it with "..." to fit; given as ``short_help`` it is wrapped instead.)"""
    if not doc:
        return None
    words: list[str] = []
    for word in doc.strip().split("\n\n", 1)[0].split():
        words.append(word)
        if word.endswith("."):
            break
    return " ".join(words) or None


for _group in (app, session_app, auth_app, config_app, speech_app):
    for _info in _group.registered_commands:
        if _info.short_help is None and _info.callback is not None:
            _info.short_help = _first_sentence(_info.callback.__doc__)
