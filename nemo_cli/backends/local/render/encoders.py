"""The video encoders an export can use, each with its ffmpeg options by quality (plain data).

libx264 always works; the bundled ffmpeg also carries the hardware H.264 encoders of NVIDIA
(``h264_nvenc``), Intel Quick Sync (``h264_qsv``), VA-API (``h264_vaapi``, Linux) and AMD
(``h264_amf``), which work only where the GPU and its driver are (encoder_probe.py finds out).

``encoding_for(name, quality)`` is what plan.py puts in the command: options before the inputs
(VA-API's device), a filter after the picture's last (VA-API encodes frames uploaded to the
GPU), and the output options from ``-c:v``. Every quality maps to a constant-quality mode
(x264's CRF, NVENC's ``-cq``, Quick Sync's ICQ ``-global_quality``, VA-API's and AMF's
constant QP) near x264's CRF for that quality, and every encoder gives 8-bit 4:2:0 High
profile, so the segments of one export (all encoded with one encoding) join by stream copy.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass

from ....errors import UsageError

NAMES = ("x264", "nvenc", "qsv", "vaapi", "amf")
CHOICES = ("auto", *NAMES)
# ``auto`` takes the first of these that works here (NVENC and Quick Sync give the best
# pictures of the four; VA-API last: on Intel it is the same hardware as Quick Sync).
HARDWARE = ("nvenc", "qsv", "amf", "vaapi")
CODECS = {
    "x264": "libx264",
    "nvenc": "h264_nvenc",
    "qsv": "h264_qsv",
    "vaapi": "h264_vaapi",
    "amf": "h264_amf",
}
# quality -> (x264 preset, CRF); the hardware encoders' quality levels follow the CRF.
X264 = {
    "high": ("medium", 20),
    "medium": ("veryfast", 23),
    "low": ("ultrafast", 28),
    "preview": ("ultrafast", 30),
}
_NVENC_PRESET = {"high": "p6", "medium": "p4", "low": "p1", "preview": "p1"}
_QSV_PRESET = {"high": "slow", "medium": "medium", "low": "veryfast", "preview": "veryfast"}
_AMF_QUALITY = {"high": "quality", "medium": "balanced", "low": "speed", "preview": "speed"}
# A hardware encoder's constant quality looks like x264's CRF about this much lower (it spends
# its bits less cleverly): the same quality asks for a slightly lower number.
_HW_OFFSET = 1
VAAPI_UPLOAD = "format=nv12,hwupload"


@dataclass(frozen=True)
class Encoding:
    """How the picture of one export is encoded (the same for every segment of it)."""

    name: str  # one of NAMES
    head: tuple[str, ...] = ()  # global options, before the inputs
    upload: str | None = None  # filters after the picture's last one, before the encoder
    options: tuple[str, ...] = ()  # from -c:v (the colour tags follow: plan.BT709_TAGS)

    @property
    def codec(self) -> str:
        return CODECS[self.name]

    @property
    def hardware(self) -> bool:
        return self.name != "x264"


def vaapi_device() -> str | None:
    """The first DRM render node (``/dev/dri/renderD128``...), or None: no VA-API here."""
    nodes = sorted(glob.glob("/dev/dri/renderD*"))
    return nodes[0] if nodes else None


def encoding_for(name: str, quality: str = "high", *, device: str | None = None) -> Encoding:
    """The options of encoder ``name`` at ``quality`` (high, medium, low or preview).

    ``device`` is VA-API's render node (default: the first one found)."""
    preset, crf = X264.get(quality, X264["high"])
    q = str(crf - _HW_OFFSET)
    if name == "x264":
        options = ["-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p"]
        return Encoding(name, options=tuple(options))
    if name == "nvenc":
        options = [
            *("-c:v", "h264_nvenc", "-preset", _NVENC_PRESET.get(quality, "p6")),
            *("-tune", "hq", "-rc", "vbr", "-cq", q, "-b:v", "0"),
            *("-profile:v", "high", "-pix_fmt", "yuv420p"),
        ]
        return Encoding(name, options=tuple(options))
    if name == "qsv":
        options = [
            *("-c:v", "h264_qsv", "-preset", _QSV_PRESET.get(quality, "slow")),
            *("-global_quality", q, "-look_ahead", "0"),
            *("-profile:v", "high", "-pix_fmt", "nv12"),
        ]
        return Encoding(name, options=tuple(options))
    if name == "vaapi":
        node = device or vaapi_device() or "/dev/dri/renderD128"
        options = ["-c:v", "h264_vaapi", "-rc_mode", "CQP", "-qp", q, "-profile:v", "high"]
        return Encoding(name, ("-vaapi_device", node), VAAPI_UPLOAD, tuple(options))
    if name == "amf":
        options = [
            *("-c:v", "h264_amf", "-quality", _AMF_QUALITY.get(quality, "quality")),
            *("-rc", "cqp", "-qp_i", q, "-qp_p", q, "-qp_b", q),
            *("-profile:v", "high", "-pix_fmt", "nv12"),
        ]
        return Encoding(name, options=tuple(options))
    raise unknown(name)


def unknown(name: str, where: str = "") -> UsageError:
    """The one-line error for an encoder name nemo does not know."""
    return UsageError(
        f"Unknown encoder '{name}'{where}.", hint=f"Use one of: {', '.join(CHOICES)}."
    )


def check_choice(value: str, where: str = "") -> str:
    """``value`` lower-cased if it names an encoder (or auto); UsageError if not."""
    name = value.strip().lower()
    if name not in CHOICES:
        raise unknown(value, where)
    return name
