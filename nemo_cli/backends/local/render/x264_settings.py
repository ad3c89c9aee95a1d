"""x264's own record of how it encoded a stream -> the ``-x264-params`` that encode the same way.

x264 writes its settings into the first picture of every stream it makes (an SEI:
``cabac=1 ref=3 deblock=1:0:0 analyse=0x3:0x113 me=hex subme=7 psy=1 psy_rd=1.00:0.00 ...``).
Reading them back is what lets a smart cut re-encode a few frames of a recording (OBS, HandBrake,
ffmpeg, an earlier nemo export) so that they carry the recording's own parameter sets: the same
profile, level, reference count, entropy coder, weighted prediction, initial QP and chroma QP
offset, so the re-encoded frames and the copied ones join into one valid stream.

The names mostly match ``x264_param_parse`` once underscores become dashes; the others are
translated here (``mixed_ref`` -> ``mixed-refs``, ``deadzone=21,11`` -> two options, enum
values by name). Two printed values are what x264 made of its input, so they are turned back:
``chroma_qp_offset`` is printed after x264 lowered it for psy-RD and psy-trellis, and
``analyse`` is a bit mask where the option takes partition names. Settings that cannot be
given back (custom quantiser matrices, interlacing, 2-pass statistics, a crop) make the
translation fail: ``translate`` returns None and the caller re-encodes the whole segment.
Whatever this produces is checked anyway: the re-encoded frames' SPS and PPS must equal the
source's byte for byte (smart_cut.py), so a translation that is subtly off costs speed, never
a broken file.
"""

from __future__ import annotations

from dataclasses import dataclass

# Printed name -> x264_param_parse name, for options taken as they are.
_SAME: dict[str, str] = {
    "cabac": "cabac",
    "ref": "ref",
    "me": "me",
    "subme": "subme",
    "psy": "psy",
    "mixed_ref": "mixed-refs",
    "me_range": "merange",
    "chroma_me": "chroma-me",
    "trellis": "trellis",
    "8x8dct": "8x8dct",
    "fast_pskip": "fast-pskip",
    "nr": "nr",
    "decimate": "dct-decimate",
    "bluray_compat": "bluray-compat",
    "stitchable": "stitchable",
    "constrained_intra": "constrained-intra",
    "bframes": "bframes",
    "b_pyramid": "b-pyramid",
    "b_adapt": "b-adapt",
    "b_bias": "b-bias",
    "weightb": "weightb",
    "open_gop": "open-gop",
    "weightp": "weightp",
    "keyint": "keyint",
    "keyint_min": "keyint-min",
    "scenecut": "scenecut",
    "intra_refresh": "intra-refresh",
    "rc_lookahead": "rc-lookahead",
    "mbtree": "mbtree",
    "crf": "crf",
    "qp": "qp",
    "bitrate": "bitrate",
    "ratetol": "ratetol",
    "qcomp": "qcomp",
    "qpmin": "qpmin",
    "qpmax": "qpmax",
    "qpstep": "qpstep",
    "cplxblur": "cplxblur",
    "qblur": "qblur",
    "vbv_maxrate": "vbv-maxrate",
    "vbv_bufsize": "vbv-bufsize",
    "crf_max": "crf-max",
    "nal_hrd": "nal-hrd",
    "filler": "filler",
    "ip_ratio": "ipratio",
    "pb_ratio": "pbratio",
    "slices": "slices",
    "slices_max": "slices-max",
    "slice_max_size": "slice-max-size",
    "slice_max_mbs": "slice-max-mbs",
    "slice_min_mbs": "slice-min-mbs",
    "frame-packing": "frame-packing",
}
# How the encode runs, not what it makes: left to this machine.
_IGNORED = {"threads", "lookahead_threads", "sliced_threads", "opencl", "zones", "rc"}
# Settings that cannot be given back to x264 as an option string.
_REFUSED = {"crop_rect", "mastering-display", "cll"}
_DIRECT = ("none", "spatial", "temporal", "auto")
_CQM = {"0": "flat", "1": "jvt"}
# analyse's bit mask (x264.h X264_ANALYSE_*) -> the partition names ``partitions`` takes.
_PARTITIONS = ((0x1, "i4x4"), (0x2, "i8x8"), (0x10, "p8x8"), (0x20, "p4x4"), (0x100, "b8x8"))


@dataclass(frozen=True)
class Translation:
    params: str | None  # the -x264-params value, or None when it cannot be done
    reason: str = ""  # why not


def parse_options(text: str) -> dict[str, str]:
    """``cabac=1 ref=3 rc=crf ...`` -> {name: value}, in order (a bare word maps to "")."""
    found: dict[str, str] = {}
    for word in text.split():
        name, _, value = word.partition("=")
        found[name] = value
    return found


def _psy_offset(options: dict[str, str]) -> int:
    """How much x264 lowered chroma_qp_offset for psy-RD and psy-trellis (encoder.c)."""
    if options.get("psy", "0") != "1":
        return 0
    rd, _, trellis_psy = options.get("psy_rd", "0:0").partition(":")
    cut = 0
    if int(options.get("subme", "0")) >= 6 and float(rd or 0) > 0:
        cut += 1 if float(rd) < 0.25 else 2
    if int(options.get("trellis", "0")) > 0 and float(trellis_psy or 0) / 4 * 256 >= 0.5:
        cut += 1 if float(trellis_psy) < 0.25 else 2
    return cut


def translate(text: str) -> Translation:
    """x264's printed settings -> ``-x264-params`` (see the module docstring)."""
    options = parse_options(text)
    out: list[str] = []
    try:
        for name, value in options.items():
            if name in _IGNORED:
                continue
            if name in _REFUSED:
                return Translation(None, f"x264 setting {name} cannot be repeated")
            if name in _SAME:
                out.append(f"{_SAME[name]}={value}")
            elif name == "deblock":
                on, _, rest = value.partition(":")
                out.append(f"deblock={rest.replace(':', ',')}" if on == "1" else "no-deblock=1")
            elif name == "analyse":
                inter = int(value.partition(":")[2] or "0", 16)
                names = [n for bit, n in _PARTITIONS if inter & bit]
                out.append(f"partitions={','.join(names) or 'none'}")
            elif name == "psy_rd":
                out.append(f"psy-rd={value.replace(':', ',')}")
            elif name == "cqm":
                if value not in _CQM:
                    return Translation(None, "the source uses its own quantiser matrices")
                out.append(f"cqm={_CQM[value]}")
            elif name == "deadzone":
                dead_inter, _, dead_intra = value.partition(",")
                out += [f"deadzone-inter={int(dead_inter)}", f"deadzone-intra={int(dead_intra)}"]
            elif name == "chroma_qp_offset":
                out.append(f"chroma-qp-offset={int(value) + _psy_offset(options)}")
            elif name == "direct":
                out.append(f"direct={_DIRECT[int(value)]}")
            elif name == "interlaced":
                if value != "0":
                    return Translation(None, "the source is interlaced")
            elif name == "aq":
                mode, _, strength = value.partition(":")
                out.append(f"aq-mode={int(mode)}")
                if strength:
                    out.append(f"aq-strength={strength}")
            # anything else is a setting this x264 may not know: leave it to the byte check
    except (ValueError, IndexError):
        return Translation(None, "x264's settings could not be read")
    rc = options.get("rc", "")
    if rc == "2pass":
        return Translation(None, "the source was encoded in two passes")
    if rc not in ("crf", "abr", "cbr", "cqp"):
        return Translation(None, "x264's rate control is not recorded")
    return Translation(":".join(out))
