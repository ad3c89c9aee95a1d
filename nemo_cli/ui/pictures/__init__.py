"""Pictures in the terminal: frame thumbnails of the timeline, one frame, the storyboard.

- ``detect``: whether to show pictures, and how (kitty graphics, sixel, half-block cells), from
  the options, the config, ``NEMO_PICTURES`` and what the environment says the terminal is.
- ``strip``: thumbnails laid out in rows that fit the terminal, each labelled.
- ``draw``: a Pillow image as a Rich renderable for the chosen protocol (``textual-image``).
- ``show``: the one entry the commands and the REPL call: ``Pictures(env).strip(...)``.

Nothing here is imported by ``--version``, ``--help`` or completion, and ``textual-image`` and
Pillow are imported only when a picture is about to be drawn.
"""
