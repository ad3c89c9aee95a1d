"""Speech to text, offline: Vosk models on the CPU (the ``speech`` extra).

- ``transcript``: the words recognised, with their times (the values everything else uses).
- ``models``: where models live, which one is used (``NEMO_SPEECH_MODEL`` or an installed one),
  and whether a folder is a Vosk model at all.
- ``default_model`` + ``install``: how nemo obtains the default English model, checked file by
  file against pinned checksums (``nemo speech install``).
- ``recognize``: audio decoded by ffmpeg, fed to Vosk, words out.
- ``cache``: transcripts kept by the content of the file and the model that heard it.

Nothing here imports vosk at module level: ``recognize`` does, inside the call that needs it.
"""
