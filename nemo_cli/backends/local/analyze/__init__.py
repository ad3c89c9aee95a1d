"""What the engine hears and sees in a media file, computed once per content and cached.

    result.py   the typed analysis (frozen dataclasses) and its JSON form, the one place that
                knows the keys
    ranges.py   time ranges: merge, subtract, clamp, fill short gaps
    passes.py   the single ffmpeg decode (silencedetect, ebur128, scdet, blackdetect,
                freezedetect, plus 16 kHz mono PCM on stdout) as plain data, and its log parsed
    decode.py   running that command: PCM to the listeners, progress, Ctrl-C, errors
    spectrum.py short-time spectra of the PCM, streamed: onset flux and speech-band level
    voice.py    speech ranges: webrtcvad's phrases, checked for syllables and no steady pulse
    beats.py    tempo and beat times from the onset envelope
    cache.py    the content fingerprint and the cache folder
    pauses.py   which pauses to cut from a stretch of speech, by rules and with margins
    beatgrid.py cut points on the beat: the grid, every Nth beat, snapping, whole beats
    run.py      analyse one file: cache hit, or probe + one decode + compose + store

Nothing here is imported by ``nemo --help``; numpy and webrtcvad are imported inside functions.
"""
