"""probe.py: ``ffmpeg -i`` stderr -> Probe. A table of captured and handwritten outputs, each with
the exact result it must give; then a few real files made with ffmpeg."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from mediagen import make_clip, make_image, make_tone

from nemo_cli.backends.local.render.ffmpeg import ffmpeg_exe
from nemo_cli.backends.local.render.probe import (
    AudioStream,
    Colour,
    Probe,
    classify,
    parse_probe,
    probe,
    split_top,
)
from nemo_cli.backends.local.render.probe_json import parse_json
from nemo_cli.errors import ConfigError, InputError

# ---------------------------------------------------------------- captured (ffmpeg 9 on testsrc2)

MP4 = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2avc1mp41
    encoder         : Lavf63.1.102
  Duration: 00:00:02.00, start: 0.000000, bitrate: 371 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), \
320x240 [SAR 1:1 DAR 4:3], 287 kb/s, 30 fps, 30 tbr, 15360 tbn (default)
    Metadata:
      handler_name    : VideoHandler
      encoder         : Lavc63.1.102 libx264
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, \
fltp, 69 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
At least one output file must be specified
"""

NO_AUDIO = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'noaudio.mp4':
  Duration: 00:00:02.00, start: 0.000000, bitrate: 275 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), \
320x240 [SAR 1:1 DAR 4:3], 269 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
    Metadata:
      handler_name    : VideoHandler
At least one output file must be specified
"""

WAV = """\
[aist#0:0/pcm_s16le @ 0x5637034ca900] Guessed Channel Layout: mono
Input #0, wav, from 'tone.wav':
  Metadata:
    encoder         : Lavf63.1.102
  Duration: 00:00:03.00, bitrate: 705 kb/s
  Stream #0:0: Audio: pcm_s16le ([1][0][0][0] / 0x0001), 44100 Hz, mono, s16, 705 kb/s
At least one output file must be specified
"""

MP3_WITH_COVER = """\
Input #0, mp3, from 'song.mp3':
  Metadata:
    title           : Lo-fi
  Duration: 00:02:05.50, start: 0.025057, bitrate: 129 kb/s
  Stream #0:0: Audio: mp3 (mp3float), 44100 Hz, stereo, fltp, 128 kb/s, start 0.025057
  Stream #0:1: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 300x300 \
[SAR 1:1 DAR 1:1], 90k tbr, 90k tbn, start 0.025056 (attached pic)
    Metadata:
      comment         : Cover (front)
At least one output file must be specified
"""

PNG = """\
Input #0, png_pipe, from 'img.png':
  Duration: N/A, bitrate: N/A
  Stream #0:0: Video: png, rgb24(pc, gbr/unknown/unknown), 320x240 [SAR 1:1 DAR 4:3], \
25 fps, 25 tbr, 25 tbn
At least one output file must be specified
"""

JPG = """\
Input #0, image2, from 'img.jpg':
  Duration: 00:00:00.04, start: 0.000000, bitrate: 1892 kb/s
  Stream #0:0: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 4032x3024 \
[SAR 1:1 DAR 4:3], 25 fps, 25 tbr, 25 tbn
At least one output file must be specified
"""

WEBP = """\
Input #0, webp_pipe, from 'img.webp':
  Duration: N/A, bitrate: N/A
  Stream #0:0: Video: webp, yuv420p(tv, bt470bg/unknown/unknown), 320x240, 25 fps, 25 tbr, 25 tbn
At least one output file must be specified
"""

GIF_STILL = """\
Input #0, gif, from 'img.gif':
  Duration: 00:00:00.04, start: 0.000000, bitrate: 1878 kb/s
  Stream #0:0: Video: gif, bgra, 320x240 [SAR 64:64 DAR 4:3], 25 fps, 100 tbr, 100 tbn
At least one output file must be specified
"""

GIF_ANIMATED = """\
Input #0, gif, from 'anim.gif':
  Duration: 00:00:01.00, start: 0.000000, bitrate: 1007 kb/s
  Stream #0:0: Video: gif, bgra, 320x240 [SAR 64:64 DAR 4:3], 25 fps, 25 tbr, 100 tbn
At least one output file must be specified
"""

ROTATED_MATRIX = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'rot.mp4':
  Duration: 00:00:02.00, start: 0.000000, bitrate: 371 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), \
320x240 [SAR 1:1 DAR 4:3], 287 kb/s, 30 fps, 30 tbr, 15360 tbn (default)
    Metadata:
      handler_name    : VideoHandler
    Side data:
      Display Matrix: rotation of 90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, \
fltp, 69 kb/s (default)
At least one output file must be specified
"""

MOV_NTSC = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mov':
  Duration: 00:00:02.00, start: 0.000000, bitrate: 364 kb/s
  Stream #0:0[0x1]: Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 320x240 \
[SAR 1:1 DAR 4:3], 286 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)
  Stream #0:1[0x2]: Audio: mp3 (mp3float) (.mp3 / 0x33706D2E), 44100 Hz, mono, \
fltp, 64 kb/s (default)
At least one output file must be specified
"""

WEBM = """\
Input #0, matroska,webm, from 'c.webm':
  Metadata:
    ENCODER         : Lavf63.1.102
  Duration: 00:00:01.01, start: 0.000000, bitrate: 948 kb/s
  Stream #0:0: Video: vp9 (Profile 0), yuv420p(tv, progressive), 640x360, SAR 1:1 DAR 16:9, \
30 fps, 30 tbr, 1k tbn
  Stream #0:1: Audio: opus, 48000 Hz, stereo, fltp
At least one output file must be specified
"""

# ---------------------------------------------------------------- captured (ffmpeg 9): issue 18

ANAMORPHIC = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'anam.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2avc1mp41
    encoder         : Lavf63.1.102
  Duration: 00:00:02.00, start: 0.000000, bitrate: 3248 kb/s
  Stream #0:0[0x1](und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), \
yuv420p(progressive), 720x576 [SAR 64:45 DAR 16:9], 3166 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
    Metadata:
      handler_name    : VideoHandler
      encoder         : Lavc63.1.102 libx264
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, \
69 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
At least one output file must be specified
"""

ANAMORPHIC_ROTATED = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'anamrot.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2avc1mp41
    encoder         : Lavf63.1.102
  Duration: 00:00:02.00, start: 0.000000, bitrate: 3248 kb/s
  Stream #0:0[0x1](und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), \
yuv420p(progressive), 720x576 [SAR 64:45 DAR 16:9], 3166 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
    Metadata:
      handler_name    : VideoHandler
      encoder         : Lavc63.1.102 libx264
    Side data:
      Display Matrix: rotation of 90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, \
69 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
At least one output file must be specified
"""

HLG = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'hlg.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2mp41
    encoder         : Lavf63.1.102
  Duration: 00:00:01.00, start: 0.000000, bitrate: 156 kb/s
  Stream #0:0[0x1](und): Video: hevc (Main 10) (hvc1 / 0x31637668), yuv420p10le(tv, \
bt2020nc/bt2020/arib-std-b67, progressive), 640x360 [SAR 1:1 DAR 16:9], 127 kb/s, 25 fps, \
25 tbr, 12800 tbn (default)
    Metadata:
      handler_name    : VideoHandler
      encoder         : Lavc63.1.102 libx265
At least one output file must be specified
"""

PQ = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'pq.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2mp41
    encoder         : Lavf63.1.102
  Duration: 00:00:01.00, start: 0.000000, bitrate: 100 kb/s
  Stream #0:0[0x1](und): Video: hevc (Main 10) (hvc1 / 0x31637668), yuv420p10le(tv, \
bt2020nc/bt2020/smpte2084, progressive), 640x360 [SAR 1:1 DAR 16:9], 71 kb/s, 25 fps, \
25 tbr, 12800 tbn (default)
    Metadata:
      handler_name    : VideoHandler
      encoder         : Lavc63.1.102 libx265
At least one output file must be specified
"""

TWO_TRACKS_MP4 = """\
[in#0 @ 0x555c5a96d000] UDTA parsing failed retrying raw
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'twoaudio.mp4':
  Metadata:
    major_brand     : isom
    minor_version   : 512
    compatible_brands: isomiso2avc1mp41
    encoder         : Lavf63.1.102
  Duration: 00:00:02.00, start: 0.000000, bitrate: 852 kb/s
  Stream #0:0[0x1](und): Video: h264 (Constrained Baseline) (avc1 / 0x31637661), \
yuv420p(progressive), 320x240 [SAR 1:1 DAR 4:3], 697 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
    Metadata:
      handler_name    : VideoHandler
      encoder         : Lavc63.1.102 libx264
  Stream #0:1[0x2](eng): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 69 kb/s
    Metadata:
      handler_name    : SoundHandler
      name            : Commentary
  Stream #0:2[0x3](fra): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, \
68 kb/s (default)
    Metadata:
      handler_name    : SoundHandler
At least one output file must be specified
"""

TWO_TRACKS_MKV = """\
Input #0, matroska,webm, from 'twoaudio.mkv':
  Metadata:
    ENCODER         : Lavf63.1.102
  Duration: 00:00:02.02, start: 0.000000, bitrate: 837 kb/s
  Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(tv, progressive), \
320x240 [SAR 1:1 DAR 4:3], 25 fps, 25 tbr, 1k tbn
    Metadata:
      ENCODER         : Lavc63.1.102 libx264
      DURATION        : 00:00:02.000000000
  Stream #0:1(eng): Audio: aac (LC), 44100 Hz, mono, fltp
    Metadata:
      title           : Commentary
      ENCODER         : Lavc63.1.102 aac
      DURATION        : 00:00:02.023000000
  Stream #0:2: Audio: aac (LC), 44100 Hz, mono, fltp (default)
    Metadata:
      ENCODER         : Lavc63.1.102 aac
      DURATION        : 00:00:02.023000000
At least one output file must be specified
"""

PNG_ALPHA = """\
Input #0, png_pipe, from 'alpha.png':
  Duration: N/A, bitrate: N/A
  Stream #0:0: Video: png, rgba(pc, gbr/unknown/unknown), 64x48 [SAR 1:1 DAR 4:3], 25 fps, \
25 tbr, 25 tbn
At least one output file must be specified
"""

WEBP_ANIMATED = """\
Input #0, webp_anim, from 'anim6.webp':
  Duration: N/A, start: 0.000000, bitrate: N/A
  Stream #0:0: Video: webp_anim, argb, 160x120, 10 fps, 10 tbr, 1k tbn
At least one output file must be specified
"""

HEIC = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'photo.heic':
  Metadata:
    major_brand     : heic
    minor_version   : 0
    compatible_brands: mif1heicmiaf
  Duration: N/A, start: 0.000000, bitrate: N/A
  Stream #0:0[0x1]: Video: hevc (Main Still Picture) (hvc1 / 0x31637668), yuvj420p(pc, \
smpte170m/bt709/iec61966-2-1), 320x240, 1 fps, 0.04 tbr, 1 tbn (default)
At least one output file must be specified
"""

TTY = """\
[in#0 @ 0x5560ee4fc000] Format tty detected only with low score of 1, misdetection possible!
Input #0, tty, from 'x.nfo':
  Duration: 00:00:00.04, start: 0.000000, bitrate: 1 kb/s
  Stream #0:0: Video: ansi, pal8, 640x400, 25 fps, 25 tbr, 25 tbn
At least one output file must be specified
"""

HEIC_TILES = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'grid.heic':
  Metadata:
    major_brand     : heic
    minor_version   : 0
    compatible_brands: mif1heicmiaf
  Duration: N/A, start: 0.000000, bitrate: N/A
  Stream group #0:0[0x1]: Tile Grid: hevc (Main Still Picture) (hvc1 / 0x31637668), \
yuvj420p(pc, smpte170m/bt709/iec61966-2-1), 1024x768 (default)
At least one output file must be specified
"""

OLD_FFMPEG_WEBP_ANIMATED = """\
[webp @ 0x55df4fd85980] image data not found
Input #0, webp_pipe, from 'anim.webp':
  Duration: N/A, bitrate: N/A
  Stream #0:0: Video: webp, none, 25 fps, 25 tbr, 25 tbn
At least one output file must be specified
"""


# ---------------------------------------------------------------- handwritten (older ffmpeg)

PHONE_OLD_MATRIX = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'IMG_0001.MOV':
  Duration: 00:00:12.34, start: 0.000000, bitrate: 17012 kb/s
    Stream #0:0(und): Video: hevc (Main) (hvc1 / 0x31637668), yuv420p(tv, bt709), \
1920x1080, 16912 kb/s, 29.98 fps, 29.97 tbr, 600 tbn, 600 tbc (default)
    Metadata:
      creation_time   : 2024-05-01T10:00:00.000000Z
      handler_name    : Core Media Video
    Side data:
      displaymatrix: rotation of -90.00 degrees
    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 96 kb/s (default)
At least one output file must be specified
"""

ROTATE_TAG = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'android.mp4':
  Duration: 00:00:05.00, start: 0.000000, bitrate: 12000 kb/s
    Stream #0:0(eng): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 1280x720, 11800 kb/s, \
SAR 1:1 DAR 16:9, 30 fps, 30 tbr, 90k tbn, 60 tbc (default)
    Metadata:
      rotate          : 270
      handler_name    : VideoHandle
    Stream #0:1(eng): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, \
5.1(side), fltp, 256 kb/s (default)
At least one output file must be specified
"""

AUDIO_ONLY_M4A = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'voice.m4a':
  Duration: 01:02:03.50, start: 0.000000, bitrate: 128 kb/s
  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 22050 Hz, 2 channels, fltp, 127 kb/s
At least one output file must be specified
"""

UPSIDE_DOWN = """\
Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'flip.mp4':
  Duration: 00:00:01.50, start: 0.000000, bitrate: 900 kb/s
  Stream #0:0[0x1](und): Video: h264 (High), yuv420p(tv, bt709, progressive), \
640x480, 60 fps, 60 tbr
    Side data:
      Display Matrix: rotation of -180.00 degrees
At least one output file must be specified
"""


def P(file_type: str, container: str, duration: float | None, **kw: object) -> Probe:
    return Probe(file_type=file_type, container=container, duration=duration, **kw)  # type: ignore[arg-type]


def A(index: int, codec: str, rate: int | None, channels: int | None, **kw: object) -> AudioStream:
    return AudioStream(index, codec, rate, channels, **kw)  # type: ignore[arg-type]


BT709 = Colour("tv", "bt709", "bt709", "bt709")


MP4_BOX = "mov,mp4,m4a,3gp,3g2,mj2"
TABLE: list[tuple[str, str, Probe]] = [
    (
        "mp4 h264+aac",
        MP4,
        P(
            "video",
            MP4_BOX,
            2.0,
            width=320,
            height=240,
            fps=30.0,
            has_audio=True,
            video_codec="h264",
            audio_codec="aac",
            pix_fmt="yuv420p",
            sample_rate=44100,
            channels=1,
            audio_streams=(A(1, "aac", 44100, 1, default=True),),
        ),
    ),
    (
        "no audio",
        NO_AUDIO,
        P(
            "video",
            MP4_BOX,
            2.0,
            width=320,
            height=240,
            fps=25.0,
            video_codec="h264",
            pix_fmt="yuv420p",
        ),
    ),
    (
        "wav",
        WAV,
        P(
            "audio",
            "wav",
            3.0,
            has_audio=True,
            audio_codec="pcm_s16le",
            sample_rate=44100,
            channels=1,
            audio_streams=(A(0, "pcm_s16le", 44100, 1),),
        ),
    ),
    (
        "mp3 with cover art",
        MP3_WITH_COVER,
        P(
            "audio",
            "mp3",
            125.5,
            has_audio=True,
            audio_codec="mp3",
            sample_rate=44100,
            channels=2,
            audio_streams=(A(0, "mp3", 44100, 2),),
        ),
    ),
    (
        "png",
        PNG,
        P(
            "image",
            "png_pipe",
            None,
            width=320,
            height=240,
            video_codec="png",
            pix_fmt="rgb24",
            colour=Colour("pc", "gbr"),
        ),
    ),
    (
        "jpg",
        JPG,
        P(
            "image",
            "image2",
            None,
            width=4032,
            height=3024,
            video_codec="mjpeg",
            pix_fmt="yuvj420p",
            colour=Colour("pc", "bt470bg"),
        ),
    ),
    (
        "webp",
        WEBP,
        P(
            "image",
            "webp_pipe",
            None,
            width=320,
            height=240,
            video_codec="webp",
            pix_fmt="yuv420p",
            colour=Colour("tv", "bt470bg"),
        ),
    ),
    (
        "still gif",
        GIF_STILL,
        P(
            "image",
            "gif",
            None,
            width=320,
            height=240,
            video_codec="gif",
            pix_fmt="bgra",
            alpha=True,
        ),
    ),
    (
        "animated gif",
        GIF_ANIMATED,
        P(
            "video",
            "gif",
            1.0,
            width=320,
            height=240,
            fps=25.0,
            video_codec="gif",
            pix_fmt="bgra",
            alpha=True,
        ),
    ),
    (
        "display matrix 90",
        ROTATED_MATRIX,
        P(
            "video",
            MP4_BOX,
            2.0,
            width=240,
            height=320,
            fps=30.0,
            rotation=270,
            has_audio=True,
            video_codec="h264",
            audio_codec="aac",
            pix_fmt="yuv420p",
            sample_rate=44100,
            channels=1,
            audio_streams=(A(1, "aac", 44100, 1, default=True),),
        ),
    ),
    (
        "mov 29.97",
        MOV_NTSC,
        P(
            "video",
            MP4_BOX,
            2.0,
            width=320,
            height=240,
            fps=29.97,
            has_audio=True,
            video_codec="h264",
            audio_codec="mp3",
            pix_fmt="yuv420p",
            sample_rate=44100,
            channels=1,
            audio_streams=(A(1, "mp3", 44100, 1, default=True),),
        ),
    ),
    (
        "webm vp9 opus",
        WEBM,
        P(
            "video",
            "matroska,webm",
            1.01,
            width=640,
            height=360,
            fps=30.0,
            has_audio=True,
            video_codec="vp9",
            audio_codec="opus",
            pix_fmt="yuv420p",
            sample_rate=48000,
            channels=2,
            colour=Colour("tv"),
            audio_streams=(A(1, "opus", 48000, 2),),
        ),
    ),
    (
        "old displaymatrix -90",
        PHONE_OLD_MATRIX,
        P(
            "video",
            MP4_BOX,
            12.34,
            width=1080,
            height=1920,
            fps=29.98,
            rotation=90,
            has_audio=True,
            video_codec="hevc",
            audio_codec="aac",
            pix_fmt="yuv420p",
            sample_rate=44100,
            channels=2,
            colour=BT709,
            audio_streams=(A(1, "aac", 44100, 2, default=True),),
        ),
    ),
    (
        "rotate tag",
        ROTATE_TAG,
        P(
            "video",
            MP4_BOX,
            5.0,
            width=720,
            height=1280,
            fps=30.0,
            rotation=270,
            has_audio=True,
            video_codec="h264",
            audio_codec="aac",
            pix_fmt="yuv420p",
            sample_rate=48000,
            channels=6,
            audio_streams=(A(1, "aac", 48000, 6, language="eng", default=True),),
        ),
    ),
    (
        "audio-only m4a",
        AUDIO_ONLY_M4A,
        P(
            "audio",
            MP4_BOX,
            3723.5,
            has_audio=True,
            audio_codec="aac",
            sample_rate=22050,
            channels=2,
            audio_streams=(A(0, "aac", 22050, 2),),
        ),
    ),
    (
        "180 keeps size",
        UPSIDE_DOWN,
        P(
            "video",
            MP4_BOX,
            1.5,
            width=640,
            height=480,
            fps=60.0,
            rotation=180,
            video_codec="h264",
            pix_fmt="yuv420p",
            colour=BT709,
        ),
    ),
]


H264_25 = {"video_codec": "h264", "pix_fmt": "yuv420p", "fps": 25.0}
MONO_AAC = {"has_audio": True, "audio_codec": "aac", "sample_rate": 44100, "channels": 1}
HDR = {"video_codec": "hevc", "pix_fmt": "yuv420p10le", "fps": 25.0, "width": 640, "height": 360}
TABLE += [
    (
        "anamorphic PAL",
        ANAMORPHIC,
        P(
            "video",
            MP4_BOX,
            2.0,
            width=720,
            height=576,
            sar=(64, 45),
            **H264_25,
            **MONO_AAC,
            audio_streams=(A(1, "aac", 44100, 1, default=True),),
        ),
    ),
    (
        "anamorphic turned: the pixel shape turns too",
        ANAMORPHIC_ROTATED,
        P(
            "video",
            MP4_BOX,
            2.0,
            width=576,
            height=720,
            sar=(45, 64),
            rotation=270,
            **H264_25,
            **MONO_AAC,
            audio_streams=(A(1, "aac", 44100, 1, default=True),),
        ),
    ),
    (
        "HLG",
        HLG,
        P("video", MP4_BOX, 1.0, colour=Colour("tv", "bt2020nc", "bt2020", "arib-std-b67"), **HDR),
    ),
    (
        "PQ",
        PQ,
        P("video", MP4_BOX, 1.0, colour=Colour("tv", "bt2020nc", "bt2020", "smpte2084"), **HDR),
    ),
    (
        "two tracks, the second default; an mp4 track name",
        TWO_TRACKS_MP4,
        P(
            "video",
            MP4_BOX,
            2.0,
            width=320,
            height=240,
            **H264_25,
            **MONO_AAC,
            audio_stream=1,
            audio_streams=(
                A(1, "aac", 44100, 1, language="eng", title="Commentary"),
                A(2, "aac", 44100, 1, language="fra", default=True),
            ),
        ),
    ),
    (
        "two tracks in mkv: a title tag",
        TWO_TRACKS_MKV,
        P(
            "video",
            "matroska,webm",
            2.02,
            width=320,
            height=240,
            colour=Colour("tv"),
            **H264_25,
            **MONO_AAC,
            audio_stream=1,
            audio_streams=(
                A(1, "aac", 44100, 1, language="eng", title="Commentary"),
                A(2, "aac", 44100, 1, default=True),
            ),
        ),
    ),
    (
        "png with alpha",
        PNG_ALPHA,
        P(
            "image",
            "png_pipe",
            None,
            width=64,
            height=48,
            video_codec="png",
            pix_fmt="rgba",
            colour=Colour("pc", "gbr"),
            alpha=True,
        ),
    ),
    (
        "animated webp: no length until its frames are read",
        WEBP_ANIMATED,
        P(
            "video",
            "webp_anim",
            None,
            width=160,
            height=120,
            fps=10.0,
            video_codec="webp_anim",
            pix_fmt="argb",
            alpha=True,
        ),
    ),
    (
        "heic photo in tiles: the stream group is the picture",
        HEIC_TILES,
        P(
            "image",
            MP4_BOX,
            None,
            width=1024,
            height=768,
            video_codec="hevc",
            pix_fmt="yuvj420p",
            colour=Colour("pc", "smpte170m", "bt709", "iec61966-2-1"),
            group=0,
        ),
    ),
    (
        "heic photo",
        HEIC,
        P(
            "image",
            MP4_BOX,
            None,
            width=320,
            height=240,
            video_codec="hevc",
            pix_fmt="yuvj420p",
            colour=Colour("pc", "smpte170m", "bt709", "iec61966-2-1"),
        ),
    ),
]


@pytest.mark.parametrize(("case", "stderr", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_parse_probe_table(case: str, stderr: str, expected: Probe) -> None:
    assert parse_probe(stderr, case) == expected


FAILURES: list[tuple[str, str, str]] = [
    (
        "[in#0 @ 0x560d657ef040] Format mov,mp4,m4a,3gp,3g2,mj2 detected only with low score "
        "of 1, misdetection possible!\n[in#0 @ 0x560d657ef040] moov atom not found\n"
        "[in#0 @ 0x560d657eecc0] Error opening input: Invalid data found when processing input\n"
        "Error opening input file bad.mp4.\n"
        "Error opening input files: Invalid data found when processing input\n",
        "/videos/bad.mp4",
        "Cannot read /videos/bad.mp4: Invalid data found when processing input",
    ),
    (
        "[in#0 @ 0x55f884d41cc0] Error opening input: No such file or directory\n"
        "Error opening input file missing.mp4.\n"
        "Error opening input files: No such file or directory\n",
        "/videos/missing.mp4",
        "No such file: /videos/missing.mp4",
    ),
    (
        "file:/videos/old.avi: Invalid data found when processing input\n",
        "/videos/old.avi",
        "Cannot read /videos/old.avi: Invalid data found when processing input",
    ),
    (
        "Input #0, ffmetadata, from 'notes.txt':\n  Duration: N/A, bitrate: N/A\n"
        "At least one output file must be specified\n",
        "notes.txt",
        "notes.txt has no picture or sound that nemo can use.",
    ),
    (TTY, "x.nfo", "x.nfo has no picture or sound that nemo can use."),
    (
        "Input #0, bin, from 'notes.bin':\n  Duration: N/A, bitrate: N/A\n"
        "  Stream #0:0: Video: bintext, pal8, 640x16, 25 tbr, 25 tbn\n",
        "notes.bin",
        "notes.bin has no picture or sound that nemo can use.",
    ),
    (
        OLD_FFMPEG_WEBP_ANIMATED,
        "anim.webp",
        "Cannot read anim.webp: this ffmpeg cannot decode its picture (webp).",
    ),
]


@pytest.mark.parametrize(("stderr", "name", "message"), FAILURES)
def test_unreadable_files_name_the_file(stderr: str, name: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_probe(stderr, name)
    assert caught.value.message == message
    assert caught.value.exit_code == 5


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "h264 (High) (avc1 / 0x31637661), yuv420p(tv, bt709, progressive), 1920x1080",
            ["h264 (High) (avc1 / 0x31637661)", "yuv420p(tv, bt709, progressive)", "1920x1080"],
        ),
        (
            "png, rgb24(pc, gbr/unknown/unknown), 320x240 [SAR 1:1 DAR 4:3], 25 fps",
            ["png", "rgb24(pc, gbr/unknown/unknown)", "320x240 [SAR 1:1 DAR 4:3]", "25 fps"],
        ),
        ("aac, 48000 Hz, 5.1(side), fltp", ["aac", "48000 Hz", "5.1(side)", "fltp"]),
        ("", []),
    ],
)
def test_split_top_keeps_parentheses_whole(text: str, parts: list[str]) -> None:
    assert split_top(text) == parts


# ---------------------------------------------------------------- real files


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("probe-media")
    make_clip(folder / "clip.mp4", 2.0, size="320x240", rate=25)
    make_clip(folder / "silent.mp4", 1.0, size="160x120", rate=30, tone=None)
    make_tone(folder / "tone.wav", 1.5)
    make_image(folder / "photo.png", size="64x48")
    make_image(folder / "photo.jpg", size="64x48")
    (folder / "junk.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + b"garbage" * 20)
    return folder


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("clip.mp4", ("video", 2.0, 320, 240, 25.0, True, "h264", "aac")),
        ("silent.mp4", ("video", 1.0, 160, 120, 30.0, False, "h264", None)),
        ("tone.wav", ("audio", 1.5, None, None, None, True, None, "pcm_s16le")),
        ("photo.png", ("image", None, 64, 48, None, False, "png", None)),
        ("photo.jpg", ("image", None, 64, 48, None, False, "mjpeg", None)),
    ],
)
def test_probe_real_files(media: Path, name: str, expected: tuple[object, ...]) -> None:
    found = probe(media / name, ffmpeg_exe())
    assert (
        found.file_type,
        found.duration,
        found.width,
        found.height,
        found.fps,
        found.has_audio,
        found.video_codec,
        found.audio_codec,
    ) == expected


def test_probe_a_broken_file_is_an_input_error_naming_it(media: Path) -> None:
    with pytest.raises(InputError) as caught:
        probe(media / "junk.mp4", ffmpeg_exe())
    assert str(media / "junk.mp4") in caught.value.message


def test_probe_a_missing_file(media: Path) -> None:
    with pytest.raises(InputError, match="No such file: .*nothere.mp4"):
        probe(media / "nothere.mp4", ffmpeg_exe())


def test_nemo_ffmpeg_override(tmp_path: Path) -> None:
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert ffmpeg_exe({"NEMO_FFMPEG": str(fake)}) == str(fake)
    with pytest.raises(ConfigError, match="NEMO_FFMPEG points at .*nope"):
        ffmpeg_exe({"NEMO_FFMPEG": str(tmp_path / "nope")})
    assert Path(ffmpeg_exe({})).is_file()


# ---------------------------------------------------------------- issue 18's corpus, read for real


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import corpus

    folder = tmp_path_factory.mktemp("probe-corpus")
    corpus.anamorphic(folder / "anamorphic.mp4")
    corpus.truncated(folder / "truncated.mp4")
    corpus.long_audio(folder / "long-audio.mp4")
    corpus.animated_webp(folder / "one-second.webp", 1.0)
    corpus.animated_webp(folder / "six-seconds.webp", 6.0)
    corpus.hdr(folder / "hlg.mp4", "arib-std-b67")
    corpus.hdr(folder / "pq.mp4", "smpte2084")
    corpus.two_tracks(folder / "two-tracks.mp4")
    corpus.alpha_png(folder / "alpha.png")
    corpus.heic(folder / "photo.heic")
    for name, _, _ in corpus.FORMATS:
        corpus.refused_format(folder, name)
    return folder


@pytest.mark.slow
def test_the_pixel_shape_is_read(corpus_dir: Path) -> None:
    found = probe(corpus_dir / "anamorphic.mp4", ffmpeg_exe())
    assert (found.width, found.height, found.sar) == (720, 576, (64, 45))


def test_an_interrupted_copy_is_measured_by_what_can_be_read(corpus_dir: Path) -> None:
    found = probe(corpus_dir / "truncated.mp4", ffmpeg_exe())
    assert found.file_duration == 6.0  # what its index says
    assert found.duration is not None and 1.0 < found.duration < 2.5  # what plays: 30 % of it
    assert found.video_duration == found.duration
    audio = found.audio_duration
    assert audio is not None and abs(audio - found.duration) < 0.2


def test_sound_longer_than_the_picture(corpus_dir: Path) -> None:
    found = probe(corpus_dir / "long-audio.mp4", ffmpeg_exe())
    assert (found.duration, found.video_duration, found.file_duration) == (6.0, 3.0, None)
    assert found.audio_duration == 6.0


@pytest.mark.parametrize(
    ("name", "seconds", "frames"), [("one-second.webp", 1.0, 10), ("six-seconds.webp", 6.0, 60)]
)
def test_an_animated_webp_is_as_long_as_its_frames(
    corpus_dir: Path, name: str, seconds: float, frames: int
) -> None:
    found = probe(corpus_dir / name, ffmpeg_exe())
    assert (found.file_type, found.duration, found.frames, found.alpha) == (
        "video",
        seconds,
        frames,
        True,
    )


@pytest.mark.parametrize(("name", "hdr"), [("hlg.mp4", "hlg"), ("pq.mp4", "pq")])
def test_hdr_is_recognised(corpus_dir: Path, name: str, hdr: str) -> None:
    found = probe(corpus_dir / name, ffmpeg_exe())
    assert (found.hdr, found.colour.primaries, found.pix_fmt) == (hdr, "bt2020", "yuv420p10le")


def test_the_default_track_is_the_one_that_plays(corpus_dir: Path) -> None:
    found = probe(corpus_dir / "two-tracks.mp4", ffmpeg_exe())
    assert found.audio_stream == 1
    assert [(t.index, t.title, t.language, t.default) for t in found.audio_streams] == [
        (1, "Commentary", "eng", False),
        (2, None, "fra", True),
    ]
    assert all(t.duration == 2.0 for t in found.audio_streams)


def test_a_png_with_alpha_and_a_heic_photo(corpus_dir: Path) -> None:
    png = probe(corpus_dir / "alpha.png", ffmpeg_exe())
    assert (png.file_type, png.alpha) == ("image", True)
    heic = probe(corpus_dir / "photo.heic", ffmpeg_exe())
    assert (heic.file_type, heic.width, heic.height, heic.duration) == ("image", 320, 240, None)


def _formats() -> list[tuple[str, str]]:
    import corpus

    return [(name, kind) for name, _, kind in corpus.FORMATS]


@pytest.mark.parametrize(("name", "kind"), _formats())
def test_formats_the_extension_list_refused_are_read(
    corpus_dir: Path, name: str, kind: str
) -> None:
    found = probe(corpus_dir / name, ffmpeg_exe())
    assert found.file_type == kind
    assert found.duration is not None and 0.9 <= found.duration <= 1.2
    assert found.has_audio


# ---------------------------------------------------------------- ffprobe JSON = ffmpeg -i text


def _system_ffmpeg() -> tuple[str, str]:
    """A system ffmpeg with its ffprobe beside it (the CI installs Debian's: .ci/run)."""
    import shutil

    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.fail(
            "no system ffmpeg: install one (apt-get install ffmpeg) to test the ffprobe reader"
        )
    from nemo_cli.backends.local.render.probe import ffprobe_beside

    ffprobe = ffprobe_beside(str(Path(ffmpeg).resolve()))
    assert ffprobe is not None, f"no ffprobe beside {ffmpeg}"
    return str(Path(ffmpeg).resolve()), ffprobe


def _readable_by_any_ffmpeg(corpus_dir: Path) -> list[Path]:
    skip = {"photo.heic", "one-second.webp", "six-seconds.webp"}  # need ffmpeg >= 7.1
    return sorted(p for p in corpus_dir.iterdir() if p.name not in skip)


@pytest.mark.slow
def test_the_two_readers_agree_on_every_file(corpus_dir: Path, media: Path) -> None:
    from nemo_cli.backends.local.render.probe import read_header

    ffmpeg, ffprobe = _system_ffmpeg()
    files = _readable_by_any_ffmpeg(corpus_dir) + sorted(
        p for p in media.iterdir() if p.name != "junk.mp4"
    )
    assert len(files) > 20
    for path in files:
        text = read_header(path, ffmpeg)
        as_json = read_header(path, ffmpeg, ffprobe=ffprobe)
        assert text == as_json, path.name


def test_probe_prefers_an_ffprobe_beside_ffmpeg(corpus_dir: Path) -> None:
    ffmpeg, _ = _system_ffmpeg()
    found = probe(corpus_dir / "two-tracks.mp4", ffmpeg)
    assert (found.audio_stream, found.duration) == (1, 2.0)
    with pytest.raises(InputError, match="junk.bin has no picture or sound that nemo can use"):
        junk = corpus_dir.parent / "junk.bin"
        junk.write_bytes(b"not media at all" * 10)
        probe(junk, ffmpeg)


def test_animated_webp_with_an_ffmpeg_too_old_to_decode_it(corpus_dir: Path) -> None:
    ffmpeg, _ = _system_ffmpeg()
    version = subprocess.run([ffmpeg, "-version"], capture_output=True, text=True).stdout
    if re.search(r"version n?([89]|\d{2,})\.|version n?7\.[1-9]", version):
        return  # this ffmpeg reads animated WebP (the bundled one's case is tested above)
    with pytest.raises(InputError, match="this ffmpeg cannot decode its picture"):
        probe(corpus_dir / "six-seconds.webp", ffmpeg)


# ---------------------------------------------------------------- other ffmpeg versions
# The same files (made with ffmpeg lavfi), as Debian 12's ffmpeg 5.1 and the ffmpeg 9.0 that
# imageio-ffmpeg ships read them (``ffmpeg -hide_banner -i file:NAME``: stderr as written), and
# as Debian's ffprobe 5.1 does (``ffprobe -v error -of json -show_format -show_streams
# file:NAME``): captured in tests/fixtures/probe/<version>/. Each must give the exact Probe.
CAPTURED = Path(__file__).parent / "fixtures" / "probe"
TEXT_51, TEXT_90, JSON_51 = "ffmpeg-5.1-debian", "ffmpeg-9.0-imageio", "ffprobe-5.1-debian"
AAC_MONO = (A(1, "aac", 44100, 1, default=True),)
MP4_H264_AAC = P(
    "video",
    MP4_BOX,
    2.0,
    width=320,
    height=240,
    fps=30.0,
    has_audio=True,
    video_codec="h264",
    audio_codec="aac",
    pix_fmt="yuv420p",
    sample_rate=44100,
    channels=1,
    audio_streams=AAC_MONO,
)


def _mp3(seconds: float) -> Probe:
    audio = (A(0, "mp3", 44100, 2),)  # the cover art is no video
    return P(
        "audio",
        "mp3",
        seconds,
        has_audio=True,
        audio_codec="mp3",
        sample_rate=44100,
        channels=2,
        audio_streams=audio,
    )


def _png(colour: Colour) -> Probe:
    return P(
        "image",
        "png_pipe",
        None,
        width=320,
        height=240,
        video_codec="png",
        pix_fmt="rgb24",
        colour=colour,
    )


SAME_FILE: dict[str, Probe] = {
    "clip.mp4": MP4_H264_AAC,
    "rot.mp4": replace(MP4_H264_AAC, width=240, height=320, rotation=270),
    "clip.mov": replace(
        MP4_H264_AAC,
        fps=29.97,
        audio_codec="mp3",
        audio_streams=(A(1, "mp3", 44100, 1, default=True),),
    ),
    "c.webm": P(
        "video",
        "matroska,webm",
        1.01,
        width=640,
        height=360,
        fps=30.0,
        has_audio=True,
        video_codec="vp9",
        audio_codec="opus",
        pix_fmt="yuv420p",
        sample_rate=48000,
        channels=2,
        colour=Colour("tv"),
        audio_streams=(A(1, "opus", 48000, 2),),
    ),
    "tone.wav": P(
        "audio",
        "wav",
        3.0,
        has_audio=True,
        audio_codec="pcm_s16le",
        sample_rate=44100,
        channels=1,
        audio_streams=(A(0, "pcm_s16le", 44100, 1),),
    ),
    "voice.m4a": P(
        "audio",
        MP4_BOX,
        4.0,
        has_audio=True,
        audio_codec="aac",
        sample_rate=22050,
        channels=2,
        audio_streams=(A(0, "aac", 22050, 2, default=True),),
    ),
    "img.jpg": P(
        "image",
        "image2",
        None,
        width=640,
        height=480,
        video_codec="mjpeg",
        pix_fmt="yuvj420p",
        colour=Colour("pc", "bt470bg"),
    ),
    "img.webp": P(
        "image",
        "webp_pipe",
        None,
        width=320,
        height=240,
        video_codec="webp",
        pix_fmt="yuv420p",
        colour=Colour("tv", "bt470bg"),
    ),
    "still.gif": P(
        "image", "gif", None, width=320, height=240, video_codec="gif", pix_fmt="bgra", alpha=True
    ),
    "anim.gif": P(
        "video",
        "gif",
        1.0,
        width=320,
        height=240,
        fps=25.0,
        video_codec="gif",
        pix_fmt="bgra",
        alpha=True,
    ),
}
# Where the versions differ: ffmpeg 5.1 counts the mp3 encoder's padding (it reads no gapless
# info), and prints a PNG's colours as rgb24(pc) where 9.0 says rgb24(pc, gbr/unknown/unknown).
VERSION_ROWS: list[tuple[str, str, Probe]] = [
    *[
        (version, name, probe_)
        for version in (TEXT_51, TEXT_90, JSON_51)
        for name, probe_ in SAME_FILE.items()
    ],
    (TEXT_51, "song.mp3", _mp3(5.04)),
    (TEXT_90, "song.mp3", _mp3(5.0)),
    (JSON_51, "song.mp3", _mp3(5.04)),
    (TEXT_51, "img.png", _png(Colour("pc"))),
    (TEXT_90, "img.png", _png(Colour("pc", "gbr"))),
    (JSON_51, "img.png", _png(Colour("pc"))),
]


@pytest.mark.parametrize(
    ("version", "name", "expected"), VERSION_ROWS, ids=[f"{v}/{n}" for v, n, _ in VERSION_ROWS]
)
def test_what_other_ffmpeg_versions_say(version: str, name: str, expected: Probe) -> None:
    if version == JSON_51:
        header = parse_json((CAPTURED / version / f"{name}.json").read_text(), name)
        assert classify(header, name) == expected
    else:
        assert parse_probe((CAPTURED / version / f"{name}.txt").read_text(), name) == expected


READ_ERRORS = [
    ("broken.mp4", "Cannot read broken.mp4: Invalid data found when processing input"),
    ("missing.mp4", "No such file: missing.mp4"),
]


@pytest.mark.parametrize(("name", "message"), READ_ERRORS)
@pytest.mark.parametrize("version", [TEXT_51, TEXT_90])
def test_what_other_ffmpeg_versions_say_of_a_bad_file(
    version: str, name: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        parse_probe((CAPTURED / version / f"{name}.txt").read_text(), name)
    assert caught.value.message == message


@pytest.mark.parametrize(("name", "message"), READ_ERRORS)
def test_what_ffprobe_says_of_a_bad_file(tmp_path: Path, name: str, message: str) -> None:
    """read_header with an ffprobe that says what Debian's said (its stderr, exit 1)."""
    from nemo_cli.backends.local.render.probe import read_header

    said = CAPTURED / JSON_51 / f"{name}.err"
    fake = tmp_path / "ffprobe"
    fake.write_text(f"#!/bin/sh\ncat '{said}' >&2\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(InputError) as caught:
        read_header(Path(name), ffmpeg_exe(), ffprobe=str(fake))
    assert caught.value.message == message
