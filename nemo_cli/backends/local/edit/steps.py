"""Volume in steps: "quieter" / "louder" move the music or the clips' sound one step of about
3 dB along a fixed ladder (35 -> 25 -> 17 -> 12 ...), "a lot quieter" two steps.

A ladder rather than points: a fixed 15 points was a whisper at 100% (-1.4 dB) and silence
three steps below 35%. Each step here is about the same change to the ear, louder undoes
quieter exactly, and the lowest step (1%) is still sound: going lower is muting, its own
command. A level between two rungs moves to the next rung in the direction asked.
"""

from __future__ import annotations

# Percent levels about 3 dB apart (100 * 0.7**k, rounded), from the quietest step to twice as
# loud as the file.
LEVELS = (1, 2, 3, 4, 6, 8, 12, 17, 25, 35, 50, 70, 100, 140, 200)


def stepped(now: int, steps: int) -> int:
    """The level ``steps`` rungs above (negative: below) ``now``, kept on the ladder's ends."""
    if steps == 0:
        return now
    if steps < 0:
        below = [v for v in LEVELS if v < now]
        if not below:
            return min(now, LEVELS[0]) if now > 0 else now
        return below[max(0, len(below) + steps)]
    above = [v for v in LEVELS if v > now]
    if not above:
        return now
    return above[min(len(above), steps) - 1]
