"""The local engine's instruction parser: table tests (instruction -> exact intents), English
and Chinese, plus the number / time / quote helpers and a never-raises property."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nemo_cli.backends.local.intents import (
    LAST,
    AddCaptions,
    AddMusic,
    AddText,
    ClipSound,
    Combine,
    Crossfade,
    FrameRate,
    ImageDuration,
    Move,
    MusicFade,
    MusicVolume,
    Redo,
    Remove,
    RemoveMusic,
    RemoveText,
    Reset,
    Reverse,
    SetAspect,
    SetFit,
    SoundTrack,
    Speed,
    SplitClip,
    SplitScenes,
    Swap,
    Trim,
    Undo,
    is_history,
)
from nemo_cli.backends.local.understand import parse
from nemo_cli.backends.local.understand.language import detect_language
from nemo_cli.backends.local.understand.lexer import (
    extract_quotes,
    find_percent,
    find_range,
    find_times,
    normalize,
)

V916, V169, V11 = SetAspect("9:16"), SetAspect("16:9"), SetAspect("1:1")
FILL, BOX = SetFit("fill"), SetFit("letterbox")

ENGLISH = [
    # the headline example: four intents, in order
    (
        "combine my clips, add background music at 35% and a title 'Urban Dreams' for 3 seconds, "
        "vertical",
        [Combine(), AddMusic(volume=35), AddText("Urban Dreams", duration_ms=3000), V916],
    ),
    # combine
    ("combine my clips", [Combine()]),
    # ---- the words brief: rows for what failed on a real session
    ("cut clip 2 in half", [Trim(2, share=(0.0, 0.5))]),
    # bare numbers of a range are seconds when a fraction or "of the ..." says so
    ("keep 1.2 to 4.5 of the talk", [Trim(start_ms=1200, end_ms=4500)]),
    ("keep 1.2 to 4.5", [Trim(start_ms=1200, end_ms=4500)]),
    ("keep 3 to 9 of the lecture", [Trim(start_ms=3000, end_ms=9000)]),
    ("clip 1 only 1.5 to 4", [Trim(1, start_ms=1500, end_ms=4000)]),
    ("clip 2 only 2 to 4.5", [Trim(2, start_ms=2000, end_ms=4500)]),
    ("第一段只要1.5到4", [Trim(1, start_ms=1500, end_ms=4000)]),
    ("speed 1.5 to 2", [Speed(1.5)]),
    # where the music ends is not its removal; the music's place is not a trim of the video
    ("stop the music at 10 seconds", [AddMusic(end_ms=10000)]),
    ("cut the music short at 5s", [AddMusic(end_ms=5000)]),
    ("stop the music after 0:20", [AddMusic(end_ms=20000)]),
    ("music only for the first 10 seconds", [AddMusic(start_ms=0, end_ms=10000)]),
    ("cut the music in half", []),
    ("stop the music", [RemoveMusic()]),
    # splitting keeps both parts: never a trim
    ("split clip 2 at 3 seconds", [SplitClip(2, at_ms=3000)]),
    ("split the first clip at 0:04", [SplitClip(1, at_ms=4000)]),
    ("split clip 2 in half", [SplitClip(2, share=0.5)]),
    ("split it at 0:12", [SplitClip(None, at_ms=12000)]),
    ("把第二段从3秒分开", [SplitClip(2, at_ms=3000)]),
    ("第二段从中间分开", [SplitClip(2, share=0.5)]),
    ("split the video into scenes", [SplitScenes()]),
    ("volume 0.5 to 1", [MusicVolume(50)]),
    ("keep the second half of clip 1", [Trim(1, share=(0.5, 1.0))]),
    ("cut the first half of the video", [Trim(None, share=(0.5, 1.0))]),
    ("make clip 3 half as long", [Trim(3, share=(0.0, 0.5))]),
    ("only keep the first 5 seconds of each clip", [Trim(start_ms=0, end_ms=5000, every=True)]),
    ("make all the clips 5 seconds", [Trim(duration_ms=5000, every=True)]),
    ("trim the end of clip 1 by 4 seconds", [Trim(1, cut_end_ms=4000)]),
    ("shorten clip 1 by 4 seconds", [Trim(1, cut_end_ms=4000)]),
    ("trim the start of clip 2 by 2 s", [Trim(2, cut_start_ms=2000)]),
    ("make the video shorter by 10 s", [Trim(cut_end_ms=10000)]),
    ("speed the whole thing up a bit", [Speed(1.25)]),
    ("slow clip 2 down slightly", [Speed(0.8, 2)]),
    ("the music should start at 0:05", [AddMusic(start_ms=5000)]),
    ("music from 5 to 10 s", [AddMusic(start_ms=5000, end_ms=10000)]),
    ("the title should be at the top", [AddText(None, position="top")]),
    ("title bigger pls", [AddText(None, size="large")]),
    ("add text Day 1 on top", [AddText("Day 1", "text", position="top")]),
    ("dont want clip 2", [Remove(2)]),
    ("i don't need clip 3", [Remove(3)]),
    ("make it vertical n add music", [V916, AddMusic()]),
    ("merge the videos", [Combine()]),
    ("join them", [Combine()]),
    ("put them all together", [Combine()]),
    ("make a slideshow from my photos", [Combine()]),
    ("combine my clips and make it vertical", [Combine(), V916]),
    ("combine my clips with a 1 second crossfade", [Combine(), Crossfade(1000)]),
    # reorder
    ("put clip 3 first", [Move(3, to=1)]),
    ("clip 3 first, then vertical", [Move(3, to=1), V916]),
    # one edit after another, clip numbers on both sides of "then" / "after that"
    ("remove clip 2, then swap clip 1 and 3", [Remove(2), Swap(1, 3)]),
    ("remove clip 1 and then swap clip 2 and 3", [Remove(1), Swap(2, 3)]),
    ("swap clip 1 and 2 then remove clip 3", [Swap(1, 2), Remove(3)]),
    ("remove clip 3 after that swap clip 1 and 2", [Remove(3), Swap(1, 2)]),
    ("swap clip 2 and 3, after that remove clip 1", [Swap(2, 3), Remove(1)]),
    ("move clip 1 to the end, then remove clip 2", [Move(1, to=LAST), Remove(2)]),
    ("remove clip 2 and 3 and then put clip 1 last", [Remove(3), Remove(2), Move(1, to=LAST)]),
    (
        "mute clip 1 and clip 2, then speed up clip 3 2x",
        [ClipSound(0, 1), ClipSound(0, 2), Speed(2.0, 3)],
    ),
    ("move the second clip to the end", [Move(2, to=LAST)]),
    ("put the first clip last", [Move(1, to=LAST)]),
    ("move clip 4 to position 2", [Move(4, to=2)]),
    ("put clip 1 after clip 3", [Move(1, after=3)]),
    ("put clip 3 before clip 1", [Move(3, before=1)]),
    ("make clip 3 the first one", [Move(3, to=1)]),
    ("swap clip 1 and 2", [Swap(1, 2)]),
    ("swap the first and second clips", [Swap(1, 2)]),
    ("swap clips two and three", [Swap(2, 3)]),
    ("reverse the order of the clips", [Reverse()]),
    # remove
    ("remove clip 2", [Remove(2)]),
    ("delete clip 2", [Remove(2)]),
    ("delete the third clip", [Remove(3)]),
    ("remove the last clip", [Remove(LAST)]),
    ("remove clips 1 and 3", [Remove(3), Remove(1)]),
    ("remove clip 1 and clip 2", [Remove(2), Remove(1)]),
    # trim
    ("use 0:05-0:12 of clip 2", [Trim(2, start_ms=5000, end_ms=12000)]),
    ("trim clip 1 to 4 seconds", [Trim(1, duration_ms=4000)]),
    ("cut it to 30 seconds", [Trim(None, duration_ms=30000)]),
    ("make it 2 minutes long", [Trim(None, duration_ms=120000)]),
    ("make it twenty seconds long", [Trim(None, duration_ms=20000)]),
    ("I want it to be 30 seconds long", [Trim(None, duration_ms=30000)]),
    ("use clip 1 from 2s to 6s", [Trim(1, start_ms=2000, end_ms=6000)]),
    ("clip 2 from 0:03", [Trim(2, start_ms=3000)]),
    ("start clip 2 at 0:03", [Trim(2, start_ms=3000)]),
    ("remove the first 2 seconds of clip 1", [Trim(1, cut_start_ms=2000)]),
    ("cut 2 seconds from the start of clip 1", [Trim(1, cut_start_ms=2000)]),
    ("trim the last 2 seconds", [Trim(None, cut_end_ms=2000)]),
    ("cut 3 seconds off the end", [Trim(None, cut_end_ms=3000)]),
    ("use the last 3 seconds of clip 2", [Trim(2, keep_last_ms=3000)]),
    ("keep only the first 5 seconds of clip 2", [Trim(2, start_ms=0, end_ms=5000)]),
    (
        "trim clip 1 to 4 seconds and clip 2 to 3 seconds",
        [Trim(1, duration_ms=4000), Trim(2, duration_ms=3000)],
    ),
    # music
    ("add music.mp3", [AddMusic("music.mp3")]),
    ("add background music", [AddMusic()]),
    ("use lofi.wav as music", [AddMusic("lofi.wav")]),
    ("add lofi.wav as background music at 35%", [AddMusic("lofi.wav", volume=35)]),
    ("use 'My Song.mp3' as background music", [AddMusic("My Song.mp3")]),
    ("add the song 'Lofi Beats'", [AddMusic("Lofi Beats")]),
    ("add 'my song.mp3' at 40%", [AddMusic("my song.mp3", volume=40)]),
    ("add 'Hello.mp3 and goodbye' as text", [AddText("Hello.mp3 and goodbye", "text")]),
    ("replace the music with beats.mp3", [AddMusic("beats.mp3")]),
    ("add music for the first 10 seconds", [AddMusic(start_ms=0, end_ms=10000)]),
    ("music volume 20%", [MusicVolume(20)]),
    ("set the music volume to 0.3", [MusicVolume(30)]),
    ("lower the music to 10%", [MusicVolume(10)]),
    ("volume 20%", [MusicVolume(20)]),
    ("make the music quieter", [MusicVolume(steps=-1)]),
    ("music louder", [MusicVolume(steps=1)]),
    # one step of ~3 dB, two for "a lot"; the clips' sound the same way
    ("make the music a lot quieter", [MusicVolume(steps=-2)]),
    ("the music is way too loud", [MusicVolume(steps=-2)]),
    ("the music is a bit loud", [MusicVolume(steps=-1)]),
    ("music much louder", [MusicVolume(steps=2)]),
    ("turn the clips down", [ClipSound(100, steps=-1)]),
    ("turn the voice up a lot", [ClipSound(100, steps=2)]),
    ("fade the music in over 2 seconds", [MusicFade(fade_in_ms=2000)]),
    ("fade in the music over 3 seconds", [MusicFade(fade_in_ms=3000)]),
    ("fade out at the end", [MusicFade(fade_out_ms=2000)]),
    ("fade in and out", [MusicFade(2000, 2000)]),
    ("fade the music in 2s and out 3s", [MusicFade(2000, 3000)]),
    ("fade in over one and a half seconds", [MusicFade(fade_in_ms=1500)]),
    ("no fades", [MusicFade(0, 0)]),
    (
        "add background music at 35% with a 2 second fade in",
        [AddMusic(volume=35), MusicFade(fade_in_ms=2000)],
    ),
    ("add music and fade it in over 2 seconds", [AddMusic(), MusicFade(fade_in_ms=2000)]),
    ("remove the music", [RemoveMusic()]),
    ("no music", [RemoveMusic()]),
    ("mute the music", [RemoveMusic()]),
    ("music at half volume", [MusicVolume(50)]),
    ("music at full volume", [MusicVolume(100)]),
    ("halve the music volume", [MusicVolume(steps=-2)]),
    ("turn the sound of the first clip off", [ClipSound(0, 1)]),
    ("turn all the sound off", [ClipSound(0)]),
    # the clips' own sound
    ("mute the clips", [ClipSound(0)]),
    ("mute clip 2", [ClipSound(0, 2)]),
    ("turn off the original audio", [ClipSound(0)]),
    ("keep the clips' own sound", [ClipSound(100)]),
    ("unmute", [ClipSound(100)]),
    ("original sound at 50%", [ClipSound(50)]),
    # titles and captions
    (
        'title "Urban Dreams" for the first 3 seconds',
        [AddText("Urban Dreams", start_ms=0, end_ms=3000)],
    ),
    (
        "caption 'hello' at the bottom from 0:04 to 0:08",
        [AddText("hello", "caption", start_ms=4000, end_ms=8000, position="bottom")],
    ),
    ("add text 'The End' at the end", [AddText("The End", "text", at_end=True)]),
    (
        "add a caption “See you soon” for the last 2 seconds",
        [AddText("See you soon", "caption", at_end=True, duration_ms=2000)],
    ),
    ("add a title ‘Day One’ at the top", [AddText("Day One", position="top")]),
    ("title 'Hi' throughout", [AddText("Hi", whole=True)]),
    ("caption 'go' between 4s and 8s", [AddText("go", "caption", start_ms=4000, end_ms=8000)]),
    (
        "add text 'Hello' in big letters at the top",
        [AddText("Hello", "text", position="top", size="large")],
    ),
    (
        "put 'Summer 2024' on screen for the first 5 seconds",
        [AddText("Summer 2024", "text", start_ms=0, end_ms=5000)],
    ),
    ("add a title Urban Dreams for 3 seconds", [AddText("Urban Dreams", duration_ms=3000)]),
    ("title: Rock and Roll, vertical", [AddText("Rock and Roll"), V916]),
    ("add a title saying Cut and Run", [AddText("Cut and Run")]),
    ("add a title for the first 3 seconds", [AddText(None, start_ms=0, end_ms=3000)]),
    (
        "title 'Day One' at the top for 2 seconds, then a caption 'Let's go' from 2s to 5s",
        [
            AddText("Day One", duration_ms=2000, position="top"),
            AddText("Let's go", "caption", start_ms=2000, end_ms=5000),
        ],
    ),
    ("caption 'a' and caption 'b'", [AddText("a", "caption"), AddText("b", "caption")]),
    (
        'add text "Thanks" at the end for 3 seconds',
        [AddText("Thanks", "text", at_end=True, duration_ms=3000)],
    ),
    ("put the title at the bottom", [AddText(None, position="bottom")]),
    ("make the title smaller", [AddText(None, size="small")]),
    ("move the title to 0:02", [AddText(None, start_ms=2000)]),
    ("caption 3 seconds long", []),
    ("remove the titles", [RemoveText("title")]),
    ("delete the captions", [RemoveText("caption")]),
    ("remove all text", [RemoveText(None)]),
    # quotes are never commands
    ('title "Remove clip 2 and add music"', [AddText("Remove clip 2 and add music")]),
    ('add the title "Make it vertical and mute"', [AddText("Make it vertical and mute")]),
    (
        'add a caption "Remove clip 2" at the top',
        [AddText("Remove clip 2", "caption", position="top")],
    ),
    ("title 'Undo everything', then undo", [AddText("Undo everything"), Undo()]),
    # aspect and fit
    ("make it 16:9", [V169]),
    ("landscape for YouTube", [V169]),
    ("make it vertical for TikTok", [V916]),
    ("Reels", [V916]),
    ("YouTube Shorts", [V916]),
    ("square for an Instagram post", [V11]),
    ("make it vertical with no black bars", [V916, FILL]),
    ("fill the frame", [FILL]),
    ("crop to fill", [FILL]),
    ("no black bars", [FILL]),
    ("letterbox", [BOX]),
    ("fit", [BOX]),
    ("don't crop", [BOX]),
    # slideshow timing, speed, crossfades
    ("each photo 2 seconds", [ImageDuration(2000)]),
    ("show every photo 2.5 seconds", [ImageDuration(2500)]),
    ("2 seconds per image", [ImageDuration(2000)]),
    ("speed up clip 2 2x", [Speed(2.0, 2)]),
    ("slow motion 0.5x", [Speed(0.5)]),
    ("make it 1.5x faster", [Speed(1.5)]),
    ("play clip 2 at half speed", [Speed(0.5, 2)]),
    ("make it 2x slower", [Speed(0.5)]),
    ("speed up", [Speed(2.0)]),
    ("play everything twice as fast", [Speed(2.0)]),
    ("slow down clip 1", [Speed(0.5, 1)]),
    ("normal speed", [Speed(1.0)]),
    ("crossfade 1 second between clips", [Crossfade(1000)]),
    ("add a half second crossfade", [Crossfade(500)]),
    ("add transitions", [Crossfade(500)]),
    ("no transitions", [Crossfade(0)]),
    ("use hard cuts", [Crossfade(0)]),
    # history
    ("undo", [Undo()]),
    ("undo that", [Undo()]),
    ("redo", [Redo()]),
    ("reset", [Reset()]),
    ("start over", [Reset()]),
    ("clear everything", [Reset()]),
    # not edits
    ("make it look like a status update", []),
    ("hello", []),
    ("what can you do?", []),
    ("make it cinematic", []),
    ("generate a video of a cat", []),
    ("", []),
]

CHINESE = [
    (
        "合并我的视频，加上背景音乐，音量35%，标题“城市之梦”持续3秒，竖屏",
        [Combine(), AddMusic(volume=35), AddText("城市之梦", duration_ms=3000), V916],
    ),
    ("合并视频", [Combine()]),
    ("把视频拼接在一起", [Combine()]),
    ("把第三段放到最前面", [Move(3, to=1)]),
    ("把第二个片段移到最后", [Move(2, to=LAST)]),
    ("把第一段放到第3段后面", [Move(1, after=3)]),
    ("交换第1和第2段", [Swap(1, 2)]),
    # 一个接一个："然后"、"再"，两边都有段号
    ("删除第2段和第3段，然后交换第1段和第2段", [Remove(3), Remove(2), Swap(1, 2)]),
    ("删除第3段再交换第1段和第2段", [Remove(3), Swap(1, 2)]),
    ("先删除第1段，再交换第2段和第3段", [Remove(1), Swap(2, 3)]),
    ("交换第1段和第3段，然后删除第2段", [Swap(1, 3), Remove(2)]),
    ("把第一段和第二段交换", [Swap(1, 2)]),
    ("倒序", [Reverse()]),
    ("删除第2段", [Remove(2)]),
    ("删掉最后一段", [Remove(LAST)]),
    ("删除第2段和第3段", [Remove(3), Remove(2)]),
    ("第2段用0:05-0:12", [Trim(2, start_ms=5000, end_ms=12000)]),
    ("截取第二段的5秒到12秒", [Trim(2, start_ms=5000, end_ms=12000)]),
    ("第一段剪到4秒", [Trim(1, duration_ms=4000)]),
    ("把视频剪到30秒", [Trim(None, duration_ms=30000)]),
    ("去掉最后2秒", [Trim(None, cut_end_ms=2000)]),
    ("只保留前30秒", [Trim(None, start_ms=0, end_ms=30000)]),
    ("把视频剪到1分30秒", [Trim(None, duration_ms=90000)]),
    ("加背景音乐", [AddMusic()]),
    ("用lofi.wav做背景音乐", [AddMusic("lofi.wav")]),
    ("加背景音乐，音量百分之二十", [AddMusic(volume=20)]),
    ("背景音乐音量调到百分之二十", [MusicVolume(20)]),
    ("音量百分之三十五", [MusicVolume(35)]),
    ("音乐小声一点", [MusicVolume(steps=-1)]),
    ("音乐大声一点", [MusicVolume(steps=1)]),
    ("背景音乐再小一点", [MusicVolume(steps=-1)]),  # 再 before a degree is "more"
    ("音乐再小声很多", [MusicVolume(steps=-2)]),
    ("视频声音小一点", [ClipSound(100, steps=-1)]),
    ("第一段声音小一点", [ClipSound(100, 1, steps=-1)]),
    ("去掉第一段的前一半", [Trim(1, share=(0.5, 1.0))]),
    ("第二段剪掉一半", [Trim(2, share=(0.0, 0.5))]),
    ("每段只要前3秒", [Trim(start_ms=0, end_ms=3000, every=True)]),
    ("第一段缩短3秒", [Trim(1, cut_end_ms=3000)]),
    ("音乐从第五秒开始", [AddMusic(start_ms=5000)]),
    ("视频稍微快一点", [Speed(1.25)]),
    ("改成16:9", [V169]),
    ("改成9:16", [V916]),
    ("第一段和第二段换个位置", [Swap(1, 2)]),
    ("标题放在底部 我们的夏天", [AddText("我们的夏天", position="bottom")]),
    ("加字幕 再改成方形", [AddCaptions(), V11]),
    ("把第二段的声音关掉", [ClipSound(0, 2)]),
    ("声音全部关掉", [ClipSound(0)]),
    ("去掉所有声音", [ClipSound(0)]),
    ("音量减半", [MusicVolume(steps=-2)]),
    ("给视频配个乐", [AddMusic()]),
    ("音乐淡入2秒", [MusicFade(fade_in_ms=2000)]),
    ("结尾淡出", [MusicFade(fade_out_ms=2000)]),
    ("音乐淡入淡出", [MusicFade(2000, 2000)]),
    ("去掉背景音乐", [RemoveMusic()]),
    ("静音", [ClipSound(0)]),
    ("把第二段静音", [ClipSound(0, 2)]),
    ("保留原声", [ClipSound(100)]),
    ("原声音量50%", [ClipSound(50)]),
    ("标题“城市之梦”前3秒", [AddText("城市之梦", start_ms=0, end_ms=3000)]),
    ("前三秒显示标题「开始」", [AddText("开始", start_ms=0, end_ms=3000)]),
    (
        "字幕「你好」在底部，从4秒到8秒",
        [AddText("你好", "caption", start_ms=4000, end_ms=8000, position="bottom")],
    ),
    ("1分30秒的时候加字幕“你好”", [AddText("你好", "caption", start_ms=90000)]),
    ("在结尾加文字《完》", [AddText("完", "text", at_end=True)]),
    ("标题是城市之梦", [AddText("城市之梦")]),
    ("标题“删除第二段”", [AddText("删除第二段")]),
    ("去掉标题", [RemoveText("title")]),
    ("把标题放到顶部", [AddText(None, position="top")]),
    ("删除所有字幕", [RemoveText("caption")]),
    ("横屏", [V169]),
    ("竖屏，适合抖音", [V916]),
    ("正方形", [V11]),
    ("填满画面", [FILL]),
    ("不要黑边", [FILL]),
    ("留黑边", [BOX]),
    ("每张图片2秒", [ImageDuration(2000)]),
    ("每张照片两秒半", [ImageDuration(2500)]),
    ("照片每张显示3秒", [ImageDuration(3000)]),
    ("第二段加速2倍", [Speed(2.0, 2)]),
    ("两倍速", [Speed(2.0)]),
    ("慢放0.5倍", [Speed(0.5)]),
    ("1.5倍速", [Speed(1.5)]),
    ("交叉淡化1秒", [Crossfade(1000)]),
    ("加转场", [Crossfade(500)]),
    ("不要转场", [Crossfade(0)]),
    ("撤销", [Undo()]),
    ("重做", [Redo()]),
    ("重置", [Reset()]),
    ("重新开始", [Reset()]),
    ("你好", []),
    ("帮我做一个好看的视频", []),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[t for t, _ in ENGLISH])
def test_parse_english(text: str, expected: list[object]) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(("text", "expected"), CHINESE, ids=[t for t, _ in CHINESE])
def test_parse_chinese(text: str, expected: list[object]) -> None:
    assert parse(text) == expected


def test_table_is_big_enough() -> None:
    assert len(ENGLISH) + len(CHINESE) >= 80


def test_history_kinds() -> None:
    assert [is_history(i) for i in parse("undo, redo, reset, vertical")] == [
        True,
        True,
        True,
        False,
    ]
    assert [i.kind for i in parse("combine my clips, add background music")] == ["combine", "music"]


def test_full_width_digits_and_punctuation() -> None:
    assert parse("第２段用０：０５－０：１２") == [Trim(2, start_ms=5000, end_ms=12000)]
    assert parse("音量３５％") == [MusicVolume(35)]


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twenty five seconds", "25 seconds"),
        ("one and a half seconds", "1.5 seconds"),
        ("half a second", "0.5 second"),
        ("fade in over a second", "fade in over 1 second"),
        ("the last one", "the last one"),
        ("a second clip", "a second clip"),
        ("crossfade one second", "crossfade 1 second"),
        ("35 percent", "35%"),
        ("把第二个片段移到最后", "把第2个片段移到最后"),
        ("音量百分之三十五", "音量35%"),
        ("前三秒", "前3秒"),
        ("一点五倍速", "1.5倍速"),
        ("小一点", "小一点"),
        ("第十二段", "第12段"),
        ("两分半", "2.5分"),
        ("十分好看", "十分好看"),
        ("ＡＢＣ１２３", "abc123"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0:05", [5000]),
        ("1:02:03", [3723000]),
        ("5s", [5000]),
        ("3 seconds", [3000]),
        ("1.5 sec", [1500]),
        ("2 minutes", [120000]),
        ("2m30s", [150000]),
        ("300ms", [300]),
        ("3秒", [3000]),
        ("1分30秒", [90000]),
        ("0:04 and 0:08.5", [4000, 8500]),
        ("9:16", []),
        ("clips 3", []),
        # hours (the lexer had none: "1h30m" read as 30 minutes)
        ("1 hour", [3_600_000]),
        ("an hour", [3_600_000]),
        ("half an hour", [1_800_000]),
        ("an hour and a half", [5_400_000]),
        ("1.5 hours", [5_400_000]),
        ("2 hrs", [7_200_000]),
        ("1h30m", [5_400_000]),
        ("1h30", [5_400_000]),
        ("2h", [7_200_000]),
        ("1 hour 15 minutes", [4_500_000]),
        ("1 hour and 5 seconds", [3_605_000]),
        ("1h 2m 3s", [3_723_000]),
        ("90 min", [5_400_000]),
        ("90 minutes", [5_400_000]),
        ("一个小时", [3_600_000]),
        ("一小时", [3_600_000]),
        ("一个半小时", [5_400_000]),
        ("半个小时", [1_800_000]),
        ("半小时", [1_800_000]),
        ("两个钟头", [7_200_000]),
        ("1小时30分钟", [5_400_000]),
        ("1小时零5分钟", [3_900_000]),
        ("1.5小时", [5_400_000]),
        ("2 minutes and a half", [150_000]),
    ],
)
def test_find_times(text: str, expected: list[int]) -> None:
    assert [t.ms for t in find_times(normalize(text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from 0:04 to 0:08", (4000, 8000)),
        ("0:05-0:12", (5000, 12000)),
        ("4-8s", (4000, 8000)),
        ("4 to 8 seconds", (4000, 8000)),
        ("between 4s and 8s", (4000, 8000)),
        ("从4秒到8秒", (4000, 8000)),
        ("第4到8秒", (4000, 8000)),
        ("from 1 to 2 hours", (3_600_000, 7_200_000)),
        ("0:00:05 to 0:00:12", (5000, 12000)),
        ("8s to 4s", None),
        ("for 3 seconds", None),
    ],
)
def test_find_range(text: str, expected: tuple[int, int] | None) -> None:
    found = find_range(normalize(text))
    assert ((found.start_ms, found.end_ms) if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("35%", 35), ("at 35 percent", 35), ("百分之二十", 20), ("12.6%", 13), ("35", None)],
)
def test_find_percent(text: str, expected: int | None) -> None:
    assert find_percent(normalize(text)) == expected


@pytest.mark.parametrize(
    ("text", "body", "quotes"),
    [
        ('title "Urban Dreams"', "title \ue000", ["Urban Dreams"]),
        ("caption 'hello'", "caption \ue000", ["hello"]),
        ("keep the clips' own sound, don't", "keep the clips' own sound, don't", []),
        ("“中文”「好」《书》『甲』", "\ue000\ue001\ue002\ue003", ["中文", "好", "书", "甲"]),
        ("‘x’ and ‘Don’t stop’", "\ue000 and \ue001", ["x", "Don’t stop"]),
        ('title "open ended', "title \ue000", ["open ended"]),
        ("it's 'Rock' time", "it's \ue000 time", ["Rock"]),
        ("a \ue000 b", "a  b", []),
    ],
)
def test_extract_quotes(text: str, body: str, quotes: list[str]) -> None:
    assert extract_quotes(text) == (body, quotes)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("combine my clips", "en"),
        ("合并我的视频", "zh"),
        ("用lofi.wav做背景音乐", "zh"),
        ('add the title "城市之梦"', "en"),
        ("“城市之梦”", "zh"),
        ("", "en"),
        ("标题 Urban Dreams", "zh"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


# ---------------------------------------------------------------- never raises

_WORDS = (
    "combine merge clip clips 2 3 first second last the and , . 'x' \"y\" title caption text "
    "music bgm 35% 0:05 - 0:12 to of seconds 3s 1.5 sec minutes 2x faster slow speed up swap "
    "remove delete trim cut use keep fade in out crossfade transitions no mute sound vertical "
    "square fill letterbox fit each photo undo redo reset 合并 第 段 个 二 两 三 秒 分 百分之 "
    "音乐 背景音乐 标题 字幕 删除 交换 竖屏 淡入 淡出 “ ” 「 」 《 》 倍 加速 慢放 和 然后 ， 。 "
    "lofi.wav a.mp4 at from between for after before position 0 -1 9:16 volume quieter % × "
    "99999999999999999999 1e400 \ue000 \x1b[31m"
)

_PHRASES = st.lists(st.sampled_from(_WORDS.split(" ")), max_size=14).map(" ".join)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=120) | _PHRASES)
def test_parse_never_raises(text: str) -> None:
    intents = parse(text)
    assert isinstance(intents, list)
    assert parse(text) == intents  # pure: the same text, the same answer


# ---------------------------------------------------------------- issue 18: frame rate, sound track

MEDIA_ROWS_EN = [
    ("export at 60 fps", [FrameRate(60.0)]),
    ("24 fps film look", [FrameRate(24.0)]),
    ("make it 24fps for a film look", [FrameRate(24.0)]),
    ("export at 23.976 fps", [FrameRate(23.976)]),
    ("frame rate 25", [FrameRate(25.0)]),
    ("set the fps to 50", [FrameRate(50.0)]),
    ("60 frames per second", [FrameRate(60.0)]),
    ("use the original frame rate", [FrameRate(None)]),
    ("combine my clips at 60 fps", [Combine(), FrameRate(60.0)]),
    ("vertical at 30 fps", [SetAspect("9:16"), FrameRate(30.0)]),
    ("export 1080p", []),  # a resolution, not a rate
    ("use the commentary track", [SoundTrack(name="commentary")]),
    ("use the commentary audio", [SoundTrack(name="commentary")]),
    ("switch to the english audio track", [SoundTrack(name="english")]),
    ("play the french dub", [SoundTrack(name="french")]),
    ("use the second audio track", [SoundTrack(number=2)]),
    ("play audio track 2", [SoundTrack(number=2)]),
    ("use the default audio track", [SoundTrack(name="default")]),
    ("use the commentary track in clip 2", [SoundTrack(name="commentary", clip=2)]),
    ("remove the music track", [RemoveMusic()]),  # the music, not a sound track
]
MEDIA_ROWS_ZH = [
    ("以60帧导出", [FrameRate(60.0)]),
    ("导出60帧", [FrameRate(60.0)]),
    ("帧率改成30", [FrameRate(30.0)]),
    ("电影感24帧", [FrameRate(24.0)]),
    ("用原始帧率", [FrameRate(None)]),
    ("用解说音轨", [SoundTrack(name="解说")]),
    ("切换到英语配音", [SoundTrack(name="英语")]),
    ("使用第二条音轨", [SoundTrack(number=2)]),
    ("用默认音轨", [SoundTrack(name="default")]),
    ("用第2段的解说音轨", [SoundTrack(name="解说", clip=2)]),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    MEDIA_ROWS_EN + MEDIA_ROWS_ZH,
    ids=[t for t, _ in MEDIA_ROWS_EN + MEDIA_ROWS_ZH],
)
def test_frame_rate_and_sound_track(text: str, expected: list[object]) -> None:
    assert parse(text) == expected
