"""The default English model, and where nemo obtains it: pinned facts, nothing else.

The model is Alpha Cephei's ``vosk-model-small-en-us-0.15`` (about 40 MB of files, 68 MB
unpacked; Apache-2.0 per the Vosk models page; its README: "US English model for mobile Vosk
applications, Copyright 2020 Alpha Cephei Inc"). Neither of vosk's wheels ships a model, and
nemo's environment reaches package registries only, so nemo takes the model out of the one wheel
on the Python package index found to carry it: ``videogrep`` 2.3.0 (``videogrep/model/``).
videogrep itself is never installed (its own code is under a non-OSI licence and it pins
``moviepy<2``): ``pip download --no-deps`` fetches the wheel file, and only the model's files
are read out of it, each checked against the size and SHA-256 below (taken from the wheel's
RECORD and checked against the files themselves), after the whole wheel is checked against
its own SHA-256. A different file under the same name is refused, never installed.
"""

from __future__ import annotations

NAME = "vosk-model-small-en-us-0.15"
LANGUAGE = "en"
LICENSE = "Apache-2.0 (Alpha Cephei Inc.; per the Vosk models page)"

WHEEL_REQUIREMENT = "videogrep==2.3.0"
WHEEL_FILE = "videogrep-2.3.0-py3-none-any.whl"
WHEEL_SIZE = 41_203_194
WHEEL_SHA256 = "471edd50cb1d0c1eb6a525e2729d4d4a0751eb729c8cb73b794ab2dbd2f10a59"
WHEEL_PREFIX = "videogrep/model/"  # where the model's files sit inside the wheel

# relative path -> (size in bytes, SHA-256)
FILES: dict[str, tuple[int, str]] = {
    "README": (
        199,
        "c0cf286e4f7783306c5f6469b37db69228fb16803b03cae661edb2d7bba64ebb",
    ),
    "am/final.mdl": (
        15_962_575,
        "75370a0137f9daf8f469dedd7daa4513ae7a621f03240c6e512e2b50b656a7b6",
    ),
    "conf/mfcc.conf": (
        131,
        "1e2228006d01d805ad1c267fee9f79709ca87ac51bd82b0e3f5c69ba543f0fc4",
    ),
    "conf/model.conf": (
        290,
        "8f14cb1eeb07c762c371db648c6be688d347236155ca0f64fb13b6567a8ce81f",
    ),
    "graph/Gr.fst": (
        24_013_795,
        "023c8b7e30704a9e37765c635c252e608a02f361235bf94abdcf2a5225d85b20",
    ),
    "graph/HCLr.fst": (
        22_416_994,
        "5caafba3081e1646545ac6bff0dd7a318e53dcbdc86f237909ce1d2ac1293d34",
    ),
    "graph/disambig_tid.int": (
        102,
        "9ad87cc166d0998f08f758f47a6223a120dfffcbee805c4849c3aa5e6bb3c0fc",
    ),
    "graph/phones/word_boundary.int": (
        1_761,
        "da199d9c991e0e84681ddbb34627b915b26302d50a8fdaa23c51e2bc3a50b5c3",
    ),
    "ivector/final.dubm": (
        168_048,
        "8c5d7dd69d2122313baaf19f61f35dd3fa18b70c62ac0687e311e1c46e6daca7",
    ),
    "ivector/final.ie": (
        8_288_887,
        "3f37faf90c375b9e4740b569398b5829ed9cc07d19be6d441f72c3b71d7efcc6",
    ),
    "ivector/final.mat": (
        44_975,
        "ddd83586dc5f928cda8738b922c85ffe38fc789cb5f9151a712ca12f37265382",
    ),
    "ivector/global_cmvn.stats": (
        1_080,
        "33be09afcc80059847a275c3d043b51f1ab954c7c2438ddbbf4745e8ba144ff9",
    ),
    "ivector/online_cmvn.conf": (
        95,
        "a2f3571754b64297cb7efb2e7ca3df61995c5a45fcbb97188f90613552bb2dfe",
    ),
    "ivector/splice.conf": (
        35,
        "9f0c5f7c82d18eaf25d8bce470efa9f7741f88411fe428774bc0a9bb69a24756",
    ),
}

UNPACKED_BYTES = sum(size for size, _ in FILES.values())
