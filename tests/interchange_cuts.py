"""Cuts shared by the interchange tests: media at fixed paths (the files need not exist to
build a timeline), so the files written from them are the same on every machine."""

from __future__ import annotations

from nemo_cli.backends.local.interchange.cut import Clip, Cut, Media, Music, Text

CLIP_A = Media("/media/shoot/clip a.mp4", "clip a.mp4", "video", 6000, True, 25.0)
CLIP_B = Media("/media/shoot/b.mov", "b.mov", "video", 8000, True, 30.0)
PHOTO = Media("/media/shoot/photo.png", "photo.png", "image")
SONG = Media("/media/music/song.wav", "song.wav", "audio", 5000, True)


def plain_cut() -> Cut:
    """Three pieces back to back, music looped under all of it, a title and a caption."""
    return Cut(
        name="Urban Dreams",
        clips=(
            Clip(CLIP_A, 0, 3000, in_ms=1000),
            Clip(CLIP_B, 3000, 2500, in_ms=2000, volume=0),
            Clip(PHOTO, 5500, 2000),
        ),
        music=(Music(SONG, 500, 7000, in_ms=0, volume=35, loop=True),),
        texts=(
            Text("Urban Dreams", 0, 3000),
            Text("see you", 5500, 1500, "caption", "bottom", "medium"),
        ),
    )


def fancy_cut() -> Cut:
    """Crossfades (500 ms) and a speed change: for the formats that carry them."""
    return Cut(
        name="Fancy",
        clips=(
            Clip(CLIP_A, 0, 3000, in_ms=1000),
            Clip(CLIP_B, 2500, 2000, in_ms=1000, speed=2.0, volume=50),
            Clip(CLIP_A, 4000, 1500, in_ms=0),
        ),
        music=(Music(SONG, 0, 4000, in_ms=500, volume=80, fade_in_ms=1000),),
        texts=(Text("Fancy", 0, 2000),),
        xfade_ms=500,
        width=1080,
        height=1920,
    )
