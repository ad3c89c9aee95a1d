"""Hearing a file: ffmpeg decodes its sound to 16 kHz mono PCM, Vosk turns it into words.

vosk is imported here, inside the functions, so nothing else in nemo pays for it (or needs
it): without the ``speech`` extra the call raises ``SpeechUnavailable`` naming the fix. A
loaded model is kept for the life of the process (the REPL hears several clips with one).
Ctrl-C stops ffmpeg, reaps it and raises ``Interrupted``.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections import deque
from pathlib import Path
from types import ModuleType
from typing import Any

from ....errors import InputError, Interrupted, SpeechUnavailable
from ....safe_text import one_line
from ...base import ProgressFn, ProgressUpdate, no_progress
from ..child import drain, spawn, stop
from .models import SpeechModel
from .transcript import Transcript, Word

RATE = 16_000  # Hz: what Vosk's models are trained on
BYTES_PER_SECOND = RATE * 2  # 16-bit mono
CHUNK = BYTES_PER_SECOND  # feed Vosk one second at a time
INSTALL_HINT = "Install speech recognition with: pip install 'nemo-video[speech]'"

_LOADED: dict[Path, Any] = {}


def load_vosk() -> ModuleType:
    """The vosk module, quiet; SpeechUnavailable naming the fix when it is not installed."""
    try:
        import vosk
    except ImportError as exc:
        raise SpeechUnavailable(
            "Speech recognition needs nemo's speech extra (vosk), which is not installed.",
            hint=INSTALL_HINT,
        ) from exc
    except OSError as exc:  # the wheel's native library cannot load on this system
        raise SpeechUnavailable(
            f"vosk is installed but cannot load here: {exc}",
            hint="Reinstall it: pip install --force-reinstall vosk",
        ) from exc
    vosk.SetLogLevel(-1)  # Kaldi's log lines would land on the user's terminal
    module: ModuleType = vosk
    return module


def load_model(model: SpeechModel) -> Any:
    vosk = load_vosk()
    loaded = _LOADED.get(model.path)
    if loaded is None:
        try:
            loaded = vosk.Model(str(model.path))
        except Exception as exc:  # vosk raises a bare Exception when Kaldi refuses the folder
            raise SpeechUnavailable(
                f"vosk could not load the speech model at {model.path}: {exc}",
                hint="Reinstall it (nemo speech install --force) or point NEMO_SPEECH_MODEL "
                "at another Vosk model folder.",
            ) from exc
        _LOADED[model.path] = loaded
    return loaded


def _words(result: str) -> list[Word]:
    data = json.loads(result)
    words = []
    for item in data.get("result", []):
        text = str(item.get("word", "")).strip()
        if not text or text == "[unk]":
            continue
        words.append(
            Word(
                text,
                round(float(item["start"]), 3),
                round(float(item["end"]), 3),
                round(float(item.get("conf", 1.0)), 3),
            )
        )
    return words


def decode_args(
    ffmpeg: str, source: Path, start: float = 0.0, length: float | None = None
) -> list[str]:
    """The ffmpeg command that writes ``source``'s sound as raw 16 kHz mono PCM to stdout."""
    args = [ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error"]
    if start > 0:
        args += ["-ss", f"{start:.3f}"]
    args += ["-i", str(source)]
    if length is not None:
        args += ["-t", f"{length:.3f}"]
    return [*args, "-vn", "-sn", "-dn", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "pipe:1"]


def transcribe(
    source: Path,
    model: SpeechModel,
    *,
    ffmpeg: str,
    start: float = 0.0,
    length: float | None = None,
    expected: float | None = None,
    progress: ProgressFn = no_progress,
) -> Transcript:
    """The words spoken in ``source`` (from ``start`` for ``length`` seconds; all by default),
    their times in seconds from the start of the file. ``expected`` is how many seconds of
    sound to expect, for the progress bar."""
    recognizer = load_vosk().KaldiRecognizer(load_model(model), RATE)
    recognizer.SetWords(True)
    total = length if length is not None else expected
    label = f"Listening to {one_line(source.name, 40)}"
    tail: deque[str] = deque(maxlen=20)
    words: list[Word] = []
    heard = 0
    try:
        proc, held = spawn(
            decode_args(ffmpeg, source, start, length),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as exc:
        raise InputError(f"Cannot run ffmpeg ({ffmpeg}): {exc.strerror or exc}") from exc
    assert proc.stdout is not None and proc.stderr is not None
    reader = threading.Thread(target=drain, args=(proc.stderr, tail), daemon=True)
    try:
        held.release()
        reader.start()
        while chunk := proc.stdout.read(CHUNK):
            heard += len(chunk)
            if recognizer.AcceptWaveform(chunk):
                words.extend(_words(recognizer.Result()))
            progress(
                ProgressUpdate(
                    "transcribe",
                    str(source),
                    heard / BYTES_PER_SECOND,
                    total,
                    unit="seconds",
                    label=label,
                )
            )
        words.extend(_words(recognizer.FinalResult()))
        code = proc.wait()
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM as errors.Terminated
        stop(proc)
        raise Interrupted("Transcription stopped.") from None
    except BaseException:
        stop(proc)
        raise
    finally:
        if reader.is_alive():
            reader.join(timeout=5)
        proc.stdout.close()
        proc.stderr.close()
    if code != 0:
        text = "\n".join(tail)
        if "does not contain any stream" in text or "matches no streams" in text:
            raise InputError(f"{source.name} has no sound to transcribe.")
        last = one_line(tail[-1], 300) if tail else f"ffmpeg exited with code {code}"
        raise InputError(f"Cannot read the sound of {source.name}: {last}")
    offset = start if start > 0 else 0.0
    return Transcript(
        tuple(w.shifted(offset) for w in words) if offset else tuple(words),
        model=model.name,
        language=model.language,
        duration=round(heard / BYTES_PER_SECOND, 3),
    )
