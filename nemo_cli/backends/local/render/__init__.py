"""Render: the timeline -> an ffmpeg plan (pure data) -> a run of ffmpeg -> a checked file.

plan (the command), runner (run it), ffmpeg (which binary), probe (what a file holds), titles
(text as PNGs), storyboard (frames of a preview).
"""
