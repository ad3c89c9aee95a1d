"""Timelines in and out: nemo's timeline as an OpenTimelineIO timeline, and back.

One module per job:

- ``cut.py``      a timeline as a file sees it: clips with their files, placed in ms
- ``bridge.py``   a session's ``Timeline`` and media <-> a ``Cut`` (the one contact with the
                  engine's types)
- ``formats.py``  which file format: the table of formats, chosen by extension or --format
- ``build.py``    a ``Cut`` -> an ``opentimelineio`` Timeline, for one format's abilities
- ``read.py``     an ``opentimelineio`` Timeline -> a ``Cut`` (clips, music, titles)
- ``media.py``    where the files named in a timeline file are: resolved relative to it
- ``files.py``    write and read timeline files through OpenTimelineIO's adapters
- ``edl_rate.py`` the frame rate an EDL's timecodes count (--fps, the file, else 30)
- ``load.py``     a timeline file -> a new local session (media found, probed, added)

OpenTimelineIO has a compiled core and comes with the ``nemo-video[interchange]`` extra. Only
``build``, ``read`` and ``files`` import it, inside functions, so nothing here loads it until a
timeline is actually written or read (never for ``--version``, ``--help`` or completion).
"""
