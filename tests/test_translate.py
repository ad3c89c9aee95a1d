"""GUI phrasing in backend text -> what a terminal user types (table tests, EN and ZH)."""

from __future__ import annotations

import pytest

from nemo_cli.ui.translate import mentions_timeline, translate

TABLE: list[tuple[str, str]] = [
    # export
    ("Click Export to download your video.", "Type `export` to download your video."),
    ("click the Export button when ready", "type `export` when ready"),
    ("Click **Export** in the top bar.", "Type `export` in the top bar."),
    ('Then click "Export Video".', "Then type `export`."),
    ("Tap the download icon.", "Type `export`."),
    ("When you're happy, use the Export button.", "When you're happy, type `export`."),
    ("Press 'Render' to finish.", "Type `export` to finish."),
    ("Hit the export button and wait.", "Type `export` and wait."),
    # upload / drag and drop
    (
        "Click Upload to add your clips.",
        "Type `upload` and the file's path (or drop the file into this terminal)"
        " to add your clips.",
    ),
    (
        "Drag and drop your videos into the upload area.",
        "Type `upload` and the file's path (or drop the file into this terminal).",
    ),
    (
        "You can drag files onto the timeline.",
        "You can type `upload` and the file's path (or drop the file into this terminal).",
    ),
    (
        "Drop your music into the window",
        "Type `upload` and the file's path (or drop the file into this terminal)",
    ),
    # timeline / preview
    ("Preview it in the timeline.", "Type `status` to see the timeline."),
    ("You can preview in the timeline now.", "You can type `status` to see the timeline now."),
    ("Check the changes on the timeline panel.", "Type `status` to see the timeline."),
    ("Open the editor to review.", "Type `status` to review."),
    ("Click Preview to watch it.", "Type `status` to watch it."),
    # credits
    ("Click the Credits tab to top up.", "Type `credits` to top up."),
    # Chinese
    ("完成后点击导出按钮。", "完成后输入 `export`。"),
    ("请点击「导出」下载视频", "请输入 `export`下载视频"),
    ("点击上传按钮添加素材", "输入 `upload` 加文件路径（或把文件拖进终端）添加素材"),
    ("把视频拖拽到上传区域", "输入 `upload` 加文件路径（或把文件拖进终端）"),
    ("你可以在时间线上预览效果。", "你可以输入 `status` 查看时间线效果。"),
    ("打开时间线看看", "输入 `status` 查看时间线看看"),
    ("点击积分查看余额", "输入 `credits`查看余额"),
    # untouched: not GUI instructions
    ("I added music at 35%.", "I added music at 35%."),
    ("The export will take a minute.", "The export will take a minute."),
    ("Your clip has a nice timeline of events.", "Your clip has a nice timeline of events."),
    ("Type `export` when you're happy.", "Type `export` when you're happy."),
    ("我已经添加了背景音乐。", "我已经添加了背景音乐。"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), TABLE, ids=[t[0][:40] for t in TABLE])
def test_translate(text: str, expected: str) -> None:
    assert translate(text) == expected


MENTIONS = [
    ("Preview it in the timeline.", True),
    ("Open the timeline panel", True),
    ("在时间线上预览", True),
    ("Click Export.", False),
    ("The timeline has 3 tracks.", False),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS)
def test_mentions_timeline(text: str, expected: bool) -> None:
    assert mentions_timeline(text) is expected
