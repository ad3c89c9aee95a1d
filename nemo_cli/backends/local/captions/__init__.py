"""Captions: cues cut from recognised words, subtitle files in and out, styled ASS for burn-in.

- ``cues``: a caption cue (times in ms on the timeline, its lines, the words inside it).
- ``chunking``: words -> cues a person can read (about 42 characters a line on 16:9, two or
  three words at a time on 9:16), lines balanced, cut at pauses.
- ``subtitle_files``: ``.srt`` / ``.vtt`` / ``.ass`` read and written through pysubs2.
- ``style`` + ``style_words``: how captions look, and the words that change it
  ("yellow", "at the top", "with a box", "highlight the word being spoken", "2 words at a time").
- ``ass``: cues + style + frame size -> an ASS document (safe area on 9:16, karaoke highlight).
- ``fonts``: the font libass draws with, written out of a package (never a system font).
- ``burn``: the ffmpeg filter that draws an ASS file onto the video (libass in ffmpeg).
"""
