"""The router's phrase table: every line and the exact route it must give (EN and ZH)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemo_cli.router import CLI_COMMANDS, Route, parse_export, parse_time, route

EXPORT = Route("export")
FRAME = lambda ms: Route("frame", time_ms=ms)  # noqa: E731
CLI = lambda *args: Route("cli", args=args)  # noqa: E731
AGENT = lambda text: Route("agent", text=text)  # noqa: E731
THEN_EXPORT = lambda text, **kw: Route("agent", text=text, then=Route("export", **kw))  # noqa: E731

TABLE: list[tuple[str, Route]] = [
    # ---- export
    ("export", EXPORT),
    ("Export", EXPORT),
    ("export.", EXPORT),
    ("export it", EXPORT),
    ("export the video", EXPORT),
    ("please export", EXPORT),
    ("ok, export it now", EXPORT),
    ("looks good, export it", EXPORT),
    ("download", EXPORT),
    ("download the video", EXPORT),
    ("render", EXPORT),
    ("send me the video", EXPORT),
    ("Send me the video!", EXPORT),
    ("give me the mp4", EXPORT),
    ("send it to me", EXPORT),
    ("export 1080p", Route("export", quality="high")),
    ("export in 720p", Route("export", quality="medium")),
    ("export in low quality", Route("export", quality="low")),
    ("export to final.mp4", Route("export", output="final.mp4")),
    ("export -o out/urban.mp4", Route("export", output="out/urban.mp4")),
    # the files `nemo export -o` writes besides a video: captions and timelines
    ("export to talk.srt", Route("export", output="talk.srt")),
    ("export captions.VTT", Route("export", output="captions.VTT")),
    ("export to cut.otio", Route("export", output="cut.otio")),
    ("export as cut.fcpxml", Route("export", output="cut.fcpxml")),
    ("export as 'My Cut.mp4' in 4k", Route("export", output="My Cut.mp4", quality="high")),
    ("/export", EXPORT),
    ("/export 720p", Route("export", quality="medium")),
    ("导出", EXPORT),
    ("导出视频", EXPORT),
    ("帮我导出", EXPORT),
    ("请导出1080p视频", Route("export", quality="high")),
    ("导出高清版本", Route("export", quality="high")),
    ("下载", EXPORT),
    ("导出吧！", EXPORT),
    # ---- credits
    ("credits", Route("credits")),
    ("Credits?", Route("credits")),
    ("balance", Route("credits")),
    ("my credits", Route("credits")),
    ("check my balance", Route("credits")),
    ("how many credits do I have", Route("credits")),
    ("what's my balance?", Route("credits")),
    ("积分", Route("credits")),
    ("余额", Route("credits")),
    ("我还有多少积分", Route("credits")),
    ("查看余额", Route("credits")),
    ("/credits", Route("credits")),
    # ---- status
    ("status", Route("status")),
    ("状态", Route("status")),
    ("show tracks", Route("status")),
    ("show the timeline", Route("status")),
    ("show me the tracks", Route("status")),
    ("timeline", Route("status")),
    ("what's on the timeline?", Route("status")),
    ("查看状态", Route("status")),
    ("时间线", Route("status")),
    ("/status", Route("status")),
    # ---- REPL commands
    ("/help", Route("help")),
    ("help", Route("help")),
    ("?", Route("help")),
    ("帮助", Route("help")),
    ("/new", Route("new")),
    ("/undo", AGENT("undo")),
    ("/Redo", AGENT("redo")),
    ("/undo everything", Route("unknown", text="/undo")),
    ("/session", Route("session")),
    ("/quit", Route("quit")),
    ("/exit", Route("quit")),
    ("exit", Route("quit")),
    ("quit", Route("quit")),
    ("Quit.", Route("quit")),
    ("退出", Route("quit")),
    ("/frobnicate", Route("unknown", text="/frobnicate")),
    ("/frobnicate now", Route("unknown", text="/frobnicate")),
    ("", Route("empty")),
    ("   ", Route("empty")),
    # ---- upload with nothing named: the REPL says how
    ("upload", Route("upload")),
    ("上传视频", Route("upload")),
    ("upload my clips please", Route("upload")),
    # ---- edits and an export: the edit first, then the export
    (
        "combine my clips, add music and export as a shareable video",
        THEN_EXPORT("combine my clips, add music"),
    ),
    ("add music and export", THEN_EXPORT("add music")),
    # an export that names a frame rate: the rate is an edit, then the export (issue 18)
    ("export at 60 fps", THEN_EXPORT("60 fps")),
    ("export at 24 fps, film look", THEN_EXPORT("24 fps")),
    ("export 1080p at 23.976 fps", THEN_EXPORT("23.976 fps", quality="high")),
    ("export 60fps", THEN_EXPORT("60 fps")),
    ("导出60帧", THEN_EXPORT("60 fps")),
    ("以60帧导出", THEN_EXPORT("以60帧")),
    ("export 1080p", Route("export", quality="high")),
    ("add music then export 1080p", THEN_EXPORT("add music", quality="high")),
    ("trim clip 2 to 4 seconds, then download it", THEN_EXPORT("trim clip 2 to 4 seconds")),
    ("add a title 'Export Day' and export it", THEN_EXPORT("add a title 'Export Day'")),
    ("make it vertical and send me the video", THEN_EXPORT("make it vertical")),
    ("合并视频，加上背景音乐，然后导出", THEN_EXPORT("合并视频，加上背景音乐")),
    ("加字幕后导出1080p", THEN_EXPORT("加字幕", quality="high")),
    ("合并我的视频并导出", THEN_EXPORT("合并我的视频")),
    # ---- everything else goes to the agent, including command words inside requests
    ("make it look like a status update", AGENT("make it look like a status update")),
    ("add a title 'Export Day'", AGENT("add a title 'Export Day'")),
    ('add a caption "export credits status"', AGENT('add a caption "export credits status"')),
    ("how do I export?", AGENT("how do I export?")),
    ("don't export yet, add music first", AGENT("don't export yet, add music first")),
    ("add music but do not export", AGENT("add music but do not export")),
    ("export my clips as a slideshow", AGENT("export my clips as a slideshow")),
    ("download music from the library", AGENT("download music from the library")),
    ("show me something cool", AGENT("show me something cool")),
    ("combine my clips", AGENT("combine my clips")),
    ("add background music at 35%", AGENT("add background music at 35%")),
    ("add music.mp3 as background", AGENT("add music.mp3 as background")),
    ("what can you do?", AGENT("what can you do?")),
    ("help me add a title", AGENT("help me add a title")),
    ("credit the music artist at the end", AGENT("credit the music artist at the end")),
    ("status report style captions", AGENT("status report style captions")),
    ("标题写“导出日”", AGENT("标题写“导出日”")),
    ("先不要导出", AGENT("先不要导出")),
    ("导出的视频在哪里", AGENT("导出的视频在哪里")),
    ("把视频合并起来，加上背景音乐", AGENT("把视频合并起来，加上背景音乐")),
    ("做成竖屏", AGENT("做成竖屏")),
    ("line one\nline two and export", THEN_EXPORT("line one\nline two")),
    # a paste whose last line is the export
    (
        "make it vertical\n\nturn the music down\nexport to v.mp4",
        THEN_EXPORT("make it vertical\n\nturn the music down", output="v.mp4"),
    ),
    ("add captions\n导出", THEN_EXPORT("add captions")),
    ("export\nadd captions", AGENT("export\nadd captions")),
    # ---- one frame of the timeline
    ("show me 0:12", FRAME(12_000)),
    ("show the frame at 12 s", FRAME(12_000)),
    ("Show the frame at 12s.", FRAME(12_000)),
    ("show frame 12", FRAME(12_000)),
    ("show me the picture at 1:05.5", FRAME(65_500)),
    ("frame at 3s", FRAME(3_000)),
    ("what does it look like at 0:12", FRAME(12_000)),
    ("ok, show me 0:05", FRAME(5_000)),
    ("看看第12秒", FRAME(12_000)),
    ("看一下第十二秒", FRAME(12_000)),
    ("第12秒的画面", FRAME(12_000)),
    ("显示1分5秒的画面", FRAME(65_000)),
    ("看看0:12", FRAME(12_000)),
    ("show me the timeline", Route("status")),
    ("show the title at 0:12", AGENT("show the title at 0:12")),
    ("第12秒加标题", AGENT("第12秒加标题")),
    # ---- a line typed as the shell command runs it
    ("nemo status", Route("status")),
    ("nemo credits", Route("credits")),
    ('nemo say "combine my clips"', AGENT("combine my clips")),
    ("nemo say add music", AGENT("add music")),
    ("nemo export", EXPORT),
    ("nemo export -o out.mp4", Route("export", output="out.mp4")),
    ("nemo export --quality low", Route("export", quality="low")),
    ("nemo export --resume", CLI("export", "--resume")),
    ("nemo frame 0:12", FRAME(12_000)),
    ("nemo frame 12 -o f.png", CLI("frame", "12", "-o", "f.png")),
    ("nemo session new", Route("new")),
    ("nemo session show", Route("session")),
    ("nemo session list", CLI("session", "list")),
    ("nemo credits --json", CLI("credits", "--json")),
    ("nemo --json status", CLI("--json", "status")),
    ("nemo login", CLI("login")),
    ("nemo", Route("chat")),
    ("nemo chat", Route("chat", args=("chat",))),
    ("nemo --backend cloud", Route("chat", args=("--backend", "cloud"))),
    ("nemo make it vertical", AGENT("make it vertical")),
    ("nemo, add music", AGENT("add music")),
    ("Nemo export", EXPORT),
    ("clear", Route("clear")),
    ("/clear", Route("clear")),
    ("清屏", Route("clear")),
    ("clear the titles", AGENT("clear the titles")),
]


@pytest.mark.parametrize(("line", "expected"), TABLE, ids=[repr(t[0])[:40] for t in TABLE])
def test_route_table(line: str, expected: Route, tmp_path: Path) -> None:
    assert route(line, cwd=tmp_path) == expected


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 50
    assert sum(1 for line, _ in TABLE if any("\u4e00" <= c <= "\u9fff" for c in line)) >= 15


# ---------------------------------------------------------------- paths and URLs


@pytest.fixture
def media(tmp_path: Path) -> Path:
    (tmp_path / "clip.mp4").write_bytes(b"x")
    (tmp_path / "My Clip.mov").write_bytes(b"x")
    (tmp_path / "music.mp3").write_bytes(b"x")
    sub = tmp_path / "sub dir"
    sub.mkdir()
    (sub / "photo.jpg").write_bytes(b"x")
    (tmp_path / "status").write_bytes(b"x")  # a file named like a command
    return tmp_path


def path_table(d: Path) -> list[tuple[str, Route]]:
    def up(*names: str) -> Route:
        return Route("upload", sources=tuple(names))

    return [
        # typed or dragged (quoted, escaped, several, file:// URI)
        ("clip.mp4", up(f"{d}/clip.mp4")),
        (f"{d}/clip.mp4", up(f"{d}/clip.mp4")),
        (f"'{d}/My Clip.mov'", up(f"{d}/My Clip.mov")),
        (f"{d}/My\\ Clip.mov ", up(f"{d}/My Clip.mov")),
        (f'"{d}/sub dir/photo.jpg" {d}/music.mp3', up(f"{d}/sub dir/photo.jpg", f"{d}/music.mp3")),
        (f"file://{d}/My%20Clip.mov", up(f"{d}/My Clip.mov")),
        ("./clip.mp4", up(f"{d}/clip.mp4")),
        ("upload clip.mp4 music.mp3", up(f"{d}/clip.mp4", f"{d}/music.mp3")),
        ("上传 clip.mp4", up(f"{d}/clip.mp4")),
        ("上传clip.mp4", up(f"{d}/clip.mp4")),
        ("/upload 'My Clip.mov'", up(f"{d}/My Clip.mov")),
        ("upload missing.mp4", up(f"{d}/missing.mp4")),  # the upload says it is missing
        ("song.flac", up(f"{d}/song.flac")),  # a file name the local engine takes
        # timeline files (the upload imports them into a new session)
        ("cut.otio", up(f"{d}/cut.otio")),
        ("Rough Cut.FCPXML", AGENT("Rough Cut.FCPXML")),  # two words: quote it, as a drop does
        ("'Rough Cut.fcpxml'", up(f"{d}/Rough Cut.fcpxml")),
        ("import cut.edl", up(f"{d}/cut.edl")),
        ("premiere.xml", up(f"{d}/premiere.xml")),
        # URLs
        ("https://example.com/v.mp4", up("https://example.com/v.mp4")),
        (
            "http://example.com/a.mp4 https://cdn.example.com/b.png",
            up("http://example.com/a.mp4", "https://cdn.example.com/b.png"),
        ),
        ("upload https://example.com/v.mp4", up("https://example.com/v.mp4")),
        # not uploads
        ("status", Route("status")),  # a file called "status" does not win over the command
        (
            "use https://example.com/song.mp3 as music",
            AGENT("use https://example.com/song.mp3 as music"),
        ),
        ("add clip.mp4 to the end", AGENT("add clip.mp4 to the end")),
        ("/nonexistent", Route("unknown", text="/nonexistent")),
    ]


def test_paths_and_urls(media: Path) -> None:
    for line, expected in path_table(media):
        assert route(line, cwd=media) == expected, line


def test_home_relative_path(media: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(media))
    assert route("~/clip.mp4", cwd=Path("/")) == Route("upload", sources=(f"{media}/clip.mp4",))


# ---------------------------------------------------------------- parse_export alone

EXPORT_ONLY = [
    ("export", Route("export")),
    ("export it in high quality", Route("export", quality="high")),
    ("render final.mov", Route("export", output="final.mov")),
    ("export the clip", None),
    ("exporting", None),
    ("", None),
    ("导出成720p", Route("export", quality="medium")),
    ("导出的是什么", None),
]


@pytest.mark.parametrize(("text", "expected"), EXPORT_ONLY)
def test_parse_export(text: str, expected: Route | None) -> None:
    assert parse_export(text) == expected


# ---------------------------------------------------------------- times


TIMES: list[tuple[str, int | None]] = [
    ("12", 12_000),
    ("12.5", 12_500),
    ("12s", 12_000),
    ("12 s", 12_000),
    ("12 seconds", 12_000),
    ("0:12", 12_000),
    ("1:02.5", 62_500),
    ("1:00:05", 3_605_000),
    ("1m5s", 65_000),
    ("1 min 5 s", 65_000),
    ("2 minutes", 120_000),
    ("12秒", 12_000),
    ("1分5秒", 65_000),
    ("十二秒", 12_000),
    ("二十五秒", 25_000),
    ("0", 0),
    ("", None),
    ("soon", None),
    ("1:75", None),
    ("-3", None),
    ("12 apples", None),
]


@pytest.mark.parametrize(("text", "ms"), TIMES)
def test_parse_time(text: str, ms: int | None) -> None:
    assert parse_time(text) == ms


def test_the_router_knows_every_nemo_command() -> None:
    from typer.main import get_command

    from nemo_cli.cli import app

    group = get_command(app)
    assert set(group.commands) <= CLI_COMMANDS  # type: ignore[attr-defined]
