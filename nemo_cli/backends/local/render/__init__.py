"""Render: the timeline -> an ffmpeg plan (pure data) -> a run of ffmpeg -> a checked file.

plan (the command), runner (run it), ffmpeg (which binary), probe (what a file holds), titles
(text as PNGs), storyboard (frames of a preview), frames (frames of the timeline as it will
render: thumbnails and single frames, taken in one ffmpeg run and cached).
"""
