"""Edit: the timeline + intents -> a new timeline + what changed (``apply.apply``).

state (the working copy) and one module per part of the timeline: clips, trim, music, text,
frame.
"""
