"""Phrase tables: the English and Chinese words for each kind of edit, as regular expressions.

They run on normalised text (``timeparse.normalize``: lower case, numbers as digits, quotes and
file names replaced by placeholder characters). English words are matched on word boundaries;
Chinese phrases, which have no spaces, are matched as they are.
"""

from __future__ import annotations

from .lexer import FILE_CLASS, NUM, QUOTE_CLASS
from .rx import Rx, rx

CLIP_MARK = "\ue900"  # stands where a clip reference ("clip 2", "第二段") was


# ---------------------------------------------------------------- clip references

ORDINAL_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
_ORD = (
    rf"(?:{ORDINAL_WORDS}|\d+(?:st|nd|rd|th)|last|final|penultimate|second[\s-]+(?:to[\s-]+)?last)"
)
_CLIP_NOUN = r"(?:clip|video|segment|part|shot|scene|footage|vid|file)s?"
_NOT_UNIT = (
    r"(?![\d.:]|\s*(?:x\b|×|%|s\b|secs?\b|seconds?\b|mins?\b|minutes?\b|ms\b|h\b|hrs?\b|hours?\b|"
    r"秒|分|倍|个?小时|个?钟头))"
)
_ZH_CLIP_NOUN = r"(?:片段|视频|镜头|素材|clip)"
_ZH_MEASURE = r"(?:个|段|条|部)"

CLIP_LIST = rx(
    rf"\b{_CLIP_NOUN}\s*(?:#|no\.?\s*|number\s*)?(\d+){_NOT_UNIT}"
    rf"((?:\s*(?:,|and|&|\+|or)\s*(?:{_CLIP_NOUN}\s*)?#?\s*\d+{_NOT_UNIT})*)"
)
ORDINAL_LIST = rx(
    rf"\b(?:the\s+)?({_ORD})((?:\s*(?:,|and|&|or|\+)\s*(?:the\s+)?{_ORD})*)\s+(?:{_CLIP_NOUN}|ones?)\b"
)
ORDINAL_ITEM = rx(_ORD)
ZH_CLIP = rx(
    rf"(?<!倒数)第\s*(\d+)\s*(?!\s*(?:秒|分|毫秒|倍|位|个位置|张))(?:{_ZH_MEASURE})?\s*{_ZH_CLIP_NOUN}?"
    rf"((?:\s*(?:和|与|跟|、|,|及)\s*第?\s*\d+\s*(?!\s*(?:秒|分|倍|位))(?:{_ZH_MEASURE})?\s*"
    rf"{_ZH_CLIP_NOUN}?)*)"
)
ZH_NOUN_NUM = rx(rf"{_ZH_CLIP_NOUN}\s*(\d+){_NOT_UNIT}")
ZH_LAST = rx(rf"最后\s*1?\s*{_ZH_MEASURE}\s*{_ZH_CLIP_NOUN}?|最后(?:的)?{_ZH_CLIP_NOUN}")
ZH_FROM_END = rx(rf"倒数第\s*(\d+)\s*{_ZH_MEASURE}?\s*{_ZH_CLIP_NOUN}?")
BARE_INT = rx(rf"(?<![\d.:#])(\d+){_NOT_UNIT}")

# ---------------------------------------------------------------- history

UNDO = rx(
    r"\bundo\b|\brevert\b|\btake\s+(?:that|it)\s+back\b|^\W*(?:please\s+)?go\s+back\b|撤销|撤回|回退|返回上一步|退回上一步"
)
REDO = rx(r"\bredo\b|重做|反撤销|恢复撤销")
RESET = rx(
    r"\breset\b|\bstart\s+(?:over|again|afresh|from\s+scratch)\b|\bbegin\s+again\b|"
    r"\bfrom\s+scratch\b|\bclear\s+(?:everything|all|the\s+(?:timeline|draft|project|edit))\b|"
    r"\b(?:delete|remove|wipe|erase|undo)\s+(?:everything|it\s+all|all\s+(?:the\s+)?edits)\b|"
    r"重置|重新开始|从头开始|清空|全部删除|删除所有|删除全部|全部清除|重来"
)

# ---------------------------------------------------------------- clips

COMBINE = rx(
    r"\b(?:combine|combining|merge|merging|join|stitch|concatenate|concat|compile|splice|"
    r"assemble)\b|"
    r"\b(?:put|stick|glue|string|edit|cut|piece|bring)\s+(?:[\w\ue400-\ue7ff+']+\s+){1,4}?"
    r"together\b|"
    r"\b(?:make|create|build|edit)\s+(?:a|an|one|my)\s+(?:[\w:]+\s+){0,3}(?:video|movie|montage|"
    r"compilation|slideshow|reel|highlight|post|short|tiktok|story|vlog)s?\b(?!\s+(?:of|about|with)\s+(?:a|an)\b)|"
    r"\bslide\s*show\b|\bmontage\b|\bcompilation\b|\buse\s+(?:all|every)\s+(?:of\s+)?(?:my|the)?\s*"
    r"(?:clips|videos|photos|pictures|images|media|files)\b|\bone\s+after\s+(?:the\s+)?other\b|"
    r"合并|拼接|拼在一起|拼起来|合在一起|合起来|连起来|连在一起|串起来|串联|剪在一起|剪到一起|"
    r"做成(?:1个)?(?:视频|短片|影片)|合成(?:1个)?(?:视频|短片|影片)?|组合起来|幻灯片|相册视频|"
    r"全部用上|都用上|(?:全部|所有)(?:的)?素材"
)
SWAP = rx(
    r"\b(?:swap|switch|exchange|trade|flip)\b|交换|调换|互换|对调|换一下|换个位置|换下位置|换一下位置|"
    r"换位置|位置互换|位置换一下|位置对调"
)
REVERSE = rx(
    r"\breverse(?:d)?\b[^,]*\b(?:order|clips|videos|sequence)\b|\bin\s+reverse\s+order\b|"
    r"\bbackwards?\s+order\b|\b(?:flip|invert|turn\s+around)\s+(?:the\s+)?order\b|倒序|反转顺序|顺序反过来|顺序颠倒|颠倒顺序|反过来排|倒过来排"
)
MOVE_VERB = rx(
    r"\b(?:put|move|place|bring|make|set|shift|drag|reorder|have)\b|"
    r"放到|放在|放|移到|移动到|移|挪到|挪|调到|排到|排在"
)
POS_START = rx(
    r"\b(?:to|at|in)\s+the\s+(?:very\s+)?(?:start|beginning|front|top)\b|\bfirst\b|"
    r"\bto\s+the\s+front\b|最前面|最前|最开始|开头|前面去|第1位|第1个位置"
)
POS_END = rx(
    r"\b(?:to|at)\s+the\s+(?:very\s+)?(?:end|back|bottom)\b|\blast\b|\bat\s+the\s+end\b|"
    r"\bto\s+the\s+end\b|最后面|最后|末尾|结尾|后面去"
)
POS_NUMBER = rx(
    rf"\bposition\s*#?(\d+)\b|\b(?:number|#)\s*(\d+)\s+(?:spot|position|place|slot)\b|"
    rf"\b(\d+)(?:st|nd|rd|th)?\s+(?:spot|position|place|slot)\b|第\s*(\d+)\s*(?:个)?(?:位置|位)|"
    rf"\b({ORDINAL_WORDS})\b"
)
AFTER = rx(rf"\bafter\s+{CLIP_MARK}|{CLIP_MARK}\s*(?:的)?\s*(?:后面|之后|后边|后)")
BEFORE = rx(
    rf"\bbefore\s+{CLIP_MARK}|\bin\s+front\s+of\s+{CLIP_MARK}|{CLIP_MARK}\s*(?:的)?\s*(?:前面|之前|前边|前)"
)

REMOVE_VERB = rx(
    r"\b(?:don'?t|do\s+not|doesn'?t)\s+(?:want|need|like)\b|\bno\s+need\s+for\b|"
    r"\b(?:remove|delete|drop|cut(?:\s+out)?|get\s+rid\s+of|take\s+(?:out|away)|get\s+out|"
    r"leave\s+out|lose|exclude|ditch|skip|discard|throw\s+(?:out|away)|erase)\b|"
    r"删除|删掉|去掉|去除|移除|不要|拿掉|剪掉|扔掉|删"
)
CUT_VERB = rx(
    r"\b(?:trim|cut|remove|delete|drop|chop|shave|lose|skip)\b|"
    r"\btake\b(?=(?:\s+[^\s,，.;]+){1,5}?\s+off\b)|\btake\s+off\b|"  # "take 2 seconds off the end"
    r"剪掉|去掉|删掉|删除|裁掉|切掉|去除|不要"
)
KEEP_VERB = rx(r"\b(?:use|keep|only|just|take)\b|只要|只用|只保留|保留|用|截取|取")
TRIM_VERB = rx(
    r"\b(?:trim|cut|shorten|crop|use|keep|make|limit|clip|reduce|take|chop|shave|cap|"
    r"shrink|only)\b|剪|裁|截|缩短|保留|只要|只用|控制在|变成|改成|取|用"
)
LENGTH_WORD = rx(
    r"(?<=\d|s)\s*(?:long|in\s+length|max(?:imum)?|total|or\s+less|tops)\b|以内|以下|左右|长度|时长|"
    r"\b(?:should|must|needs?\s+to|has\s+to|have\s+to|ought\s+to|let\s+it|want\s+it\s+to|"
    r"want\s+it)\s+be\s+(?:about\s+|around\s+|roughly\s+|under\s+|at\s+most\s+|exactly\s+|"
    r"only\s+|just\s+|no\s+more\s+than\s+)?(?=\d)"
)
BARE_MOVE = rx(
    rf"\s*{CLIP_MARK}\s*(?:first|last|(?:to|at)\s+the\s+(?:start|beginning|front|end|back)|"
    r"放最前面|放最后|最前|最后)\s*"
)
FIRST_N = rx(
    rf"\b(?:the\s+)?(?:first|opening|initial)\s+(?=({NUM}))|前\s*(?=({NUM}))|开头\s*(?=({NUM}))"
)
LAST_N = rx(
    rf"\b(?:the\s+)?(?:last|final|closing)\s+(?=({NUM}))|最后\s*(?=({NUM}))|结尾\s*(?=({NUM}))|后\s*(?=({NUM}))"
)
FROM_T = rx(
    rf"\b(?:from|starting(?:\s+at|\s+from)?|start(?:s|ing)?\s+(?:at|from)|begin(?:ning|s)?\s+at|"
    rf"after|at)\s+(?=(?:{NUM}|\d+:))|(?:从|在)\s*第?\s*(?=\d)|(?=\d[\d.:]*\s*(?:秒|s\b)?\s*(?:开始|起))"
)

# ---------------------------------------------------------------- speed

SPEED = rx(
    r"\bspeed(?:s|ed)?\b|\bfaster\b|\bslower\b|\bslow[\s-]?(?:mo|motion|down)\b|\bslow\b"
    r"(?!\s+(?:zoom|fade|pan|effect|song|music|tune|track|transition|dissolve|crossfade|reveal|"
    r"build|start|intro|outro|beat)s?\b)|"
    r"\bas\s+fast\b|\bquicker\b|"
    r"\bfast[\s-]?forward\b|\btime[\s-]?lapse\b|\bquicker\b|\bplayback\s+rate\b|"
    r"\bdouble\s+speed\b|\bhalf\s+speed\b|\breal[\s-]?time\b|"
    r"(?<![\d:.])\d+(?:\.\d+)?\s*(?:x|×)(?!\s*\d)|(?<![a-z\d])x\s*\d+(?:\.\d+)?\b|"
    r"加速|减速|慢放|慢动作|快进|快放|倍速|放慢|变慢|变快|加快|快1点|慢1点|快一点|慢一点|\d倍"
)
SPEED_FACTOR = rx(
    rf"(?<![\d:.])({NUM})\s*(?:x|×|times|倍)(?!\s*\d)|(?<![a-z\d])x\s*({NUM})\b|"
    rf"\b(?:speed|rate)\s+(?:of\s+|to\s+|at\s+)?({NUM})\b(?!\s*(?:s\b|sec|秒|%))"
)
SPEED_SLOW = rx(r"\bslow|\bslower\b|减速|慢")
SPEED_NORMAL = rx(
    r"\b(?:normal|original|regular|default|reset|real[\s-]?time|1x)\s*(?:speed)?\b|正常速度|原速|正常播放|恢复速度"
)
SPEED_DOUBLE = rx(r"\b(?:double|twice)\b|翻倍")
SPEED_TRIPLE = rx(r"\btriple\b|\bthrice\b")
SPEED_HALF = rx(r"\bhalf\b|一半")

# ---------------------------------------------------------------- crossfades and fades

CROSSFADE = rx(
    r"\bcross[\s-]?fad(?:e|es|ed|ing)\b|\bdissolves?\b|\btransitions?\b|\bfades?\s+between\b|"
    r"\bhard\s+cuts?\b|\bstraight\s+cuts?\b|交叉淡|转场|过渡|叠化"
)
NEGATE = rx(
    r"\b(?:no|without|remove|delete|drop|disable|off|get\s+rid\s+of|stop|hard|straight|none|"
    r"turn\s+off|take\s+out|don'?t|do\s+not)\b|不要|去掉|取消|删除|删掉|关闭|关掉|无|没有|拿掉|去除"
)
FADE = rx(r"\bfad(?:e|es|ed|ing)\b|淡入|淡出|渐入|渐出|渐强|渐弱")
_FADE_OBJ = r"(?:the|my|music|bgm|song|audio|sound|it|them|background|soundtrack|track)"
FADE_EN = rx(rf"\bfad(?:e|es|ed|ing)(?:\s+{_FADE_OBJ})*[\s-]+(in&out|in|out)\b")
FADE_MORE = rx(rf"\b(?:and|&)\s+(?:fade\s+)?(?:{_FADE_OBJ}\s+)*(in|out)\b")
FADE_ZH = rx(r"淡入淡出|渐入渐出|淡入|渐入|渐强|淡出|渐出|渐弱")
NO_FADE = rx(
    r"\b(?:no|without|remove|delete|drop)\s+(?:the\s+|any\s+)?fades?\b|不要淡入淡出|去掉淡入淡出|取消淡入淡出"
)

# ---------------------------------------------------------------- music and sound

MUSIC_NOUN = rx(
    r"\b(?:background\s+)?(?:music|bgm|soundtrack|song|tune|beat|melody)s?\b|"
    r"背景音乐|音乐|配乐|bgm|背景乐|歌曲|曲子|歌|配(?:个|点|首|段)乐"
)
MUSIC_ADD_VERB = rx(
    r"\b(?:add|use|put|include|play|with|set|give|throw|insert|change|replace|swap|lay|"
    r"layer|score|need|want|pick|choose|apply|have)\b|加上|加入|加点|添加|加|配上|配|用|放|换成|换|插入|来点|要|有"
)
AUDIO_FILE = rx(rf"{FILE_CLASS}")
QUOTE = rx(QUOTE_CLASS)
REMOVE_MUSIC = rx(
    r"\b(?:remove|delete|drop|no|without|get\s+rid\s+of|take\s+(?:out|away|off)|turn\s+off|"
    r"switch\s+off|shut\s+off|leave\s+out|get\s+out|cut\s+out|stop|mute|kill|lose|clear|ditch|"
    r"skip|cut|don'?t\s+want|do\s+not\s+want|no\s+more)\b"
    r"(?:\s+(?:the|any|all|my|that|this|background|bg))*\s+"
    r"(?:music|bgm|soundtrack|song|tune|background\s+track|audio\s+track)s?\b"
    # "stop the music at 10 s", "cut the music short", "cut the music in half": where it ends
    r"(?!\s+(?:short|at|after|halfway|until|till|in\s+half|by|before)\b)|"
    r"(?:去掉|删除|删掉|不要|取消|移除|关掉|关闭|拿掉|去除|静音)(?:掉)?(?:背景)?(?:音乐|配乐|bgm|歌)|"
    r"(?:背景)?(?:音乐|配乐|bgm|歌曲|歌)(?:去掉|删掉|删除|删了|删|不要了?|取消|拿掉|去了|关掉|关了)"
)
VOLUME_WORD = rx(
    r"\bvolume\b|\bquieter\b|\bsofter\b|\blouder\b|\blevel\b|\bhalve\b|\bturn\s+(?:it\s+|the\s+\w+\s+)?"
    r"(?:down|up)\b|音量|小声|大声|调低|调高|调小|调大|降低|提高|减小|增大|轻1?点|响1?点|轻一点|响一点|"
    r"小1?点|大1?点|小一点|大一点"
)
VOLUME_DOWN = rx(
    r"\b(?:quieter|softer|lower|down|less|reduce|decrease|fainter|halve)\b|小声|调低|调小|降低|减小|轻|小1?点|"
    r"小一点|低1?点|低一点|减半"
)
VOLUME_UP = rx(
    r"\b(?:louder|higher|up|more|increase|raise|boost)\b|大声|调高|调大|提高|增大|响|大1?点|大一点|高1?点|高一点"
)
VOLUME_NUMBER = rx(
    rf"(?:\bvolume|音量)\s*(?:to|at|of|=|:|调到|调成|设为|设置为|设成|改成|为|到|是)?\s*({NUM})(?!\s*(?:s\b|sec|秒|x|倍|%))"
)
CLIP_SOUND_CONTEXT = rx(
    r"\b(?:original|clips?'?s?|video'?s?|own|camera|natural|voices?|dialogue|speech|talking)\b|"
    r"原声|原音|视频声音|视频的声音|人声|现场声|说话声"
)
# The clips' own sound named ("the original sound", "原声"): context and a sound word.
SOUND_WORD = rx(
    r"\b(?:original|clips?'?s?|video'?s?|own|camera|natural)\s+(?:sound|audio|volume)\b|"
    r"\b(?:voice|dialogue|speech)\b|原声|原音|视频声音|人声|现场声"
)
MUTE = rx(
    r"\bturn\s+(?:the\s+)?(?:clips?'?s?\s+|original\s+|video'?s?\s+)?(?:sound|audio)\s+off\b|"
    rf"\bturn\s+(?:the\s+)?(?:sound|audio)\s+(?:of|on|in|for)\s+(?:the\s+)?{CLIP_MARK}\s+off\b|"
    rf"\bturn\s+{CLIP_MARK}\s*(?:'s\s+)?(?:sound|audio)\s+off\b|"
    rf"{CLIP_MARK}\s*(?:的)?\s*(?:声音|原声|原音)\s*(?:都|也|给)?\s*(?:去掉|去除|关掉|关闭|关了|关上|不要了?|"
    r"删掉|删了|去了|拿掉|静音)|"
    r"\b(?:mute|muted|silence|silenced|silent)\b|\b(?:no|without|remove|turn\s+off|kill|drop|cut|lose|get\s+rid\s+of|"
    r"strip)\s+(?:the\s+|all\s+)?(?:original\s+|clips?'?s?\s+|video'?s?\s+|own\s+|camera\s+|natural\s+)*"
    r"(?:sound|audio|noise)\b|"
    r"静音|消音|(?:去掉|去除|关掉|关闭|关了|关上|不要|删除|删掉|拿掉)(?:视频的?|片段的?)?(?:原声|原音|声音)|"
    r"(?:视频的?|片段的?)?(?:原声|原音)(?:都|也|给)?(?:去掉|去除|关掉|关闭|关了|关上|不要了?|删掉|删了|去了|"
    r"拿掉|静音)|视频的?声音(?:都|也|给)?(?:去掉|关掉|关闭|关了|不要了?|删掉|去了)"
)
KEEP_SOUND = rx(
    r"\bunmute\b|\bkeep\b[^,]*\b(?:sound|audio)\b|\b(?:with|restore|bring\s+back)\s+(?:the\s+)?"
    r"(?:original|clips?'?s?|own|natural)\s+(?:own\s+)?(?:sound|audio)\b|"
    r"\boriginal\s+(?:sound|audio)\s+on\b|"
    r"保留原声|保留声音|恢复原声|取消静音|打开原声|保持原声|原声保留|(?<!不)要原声|保留原音"
)

# ---------------------------------------------------------------- text

TEXT_ROLE = rx(
    r"\b(title|heading|headline|caption|subtitle|lower\s+third|text|words|label|overlay)s?\b|"
    r"(大标题|标题|片头字|字幕|文字|文本|文案)"
)
ROLE_OF = {
    "title": "title",
    "heading": "title",
    "headline": "title",
    "大标题": "title",
    "标题": "title",
    "片头字": "title",
    "caption": "caption",
    "subtitle": "caption",
    "lower third": "caption",
    "字幕": "caption",
    "text": "text",
    "words": "text",
    "label": "text",
    "overlay": "text",
    "文字": "text",
    "文本": "text",
    "文案": "text",
}
TEXT_VERB = rx(
    r"\b(?:add|put|insert|write|show|display|place|include|overlay|type|stick|slap|use|with|"
    r"give|set|change|rename|replace|update|edit|make|create)\b|加上|加入|添加|加|写上|写|显示|打上|"
    r"放上|放|配上|改成|换成|改为|设置|设为"
)
REMOVE_TEXT = rx(
    r"\b(?:remove|delete|drop|no|without|get\s+rid\s+of|take\s+(?:off|out|away|down)|hide|clear|"
    r"lose|kill|erase|turn\s+off|switch\s+off|disable|leave\s+out|no\s+more|don'?t\s+want|"
    r"do\s+not\s+want|don'?t\s+need)\b"
    r"(?:\s+(?:the|all|any|every|my|that|this|those|these|of))*\s+"
    r"(titles?|headings?|headlines?|captions?|subtitles?|texts?|words|overlays?|lower\s+thirds?)\b|"
    r"(?:去掉|删除|删掉|不要|取消|移除|拿掉|清除|去除)(?:所有的?|全部的?)?(标题|字幕|文字|文本)|"
    r"(标题|字幕|文字|文本)(?:都|全|全部)?(?:去掉|删掉|删除|不要了?|拿掉|删了)|"
    r"\btake\s+(?:the\s+|all\s+the\s+|my\s+)?(titles?|captions?|subtitles?|texts?|words)\s+(?:off|out|away|down)\b"
)
WHOLE = rx(
    r"\bthroughout\b|\bthe\s+(?:whole|entire)\s+(?:video|time|thing|clip|timeline|way)\b|"
    r"\ball\s+the\s+way\b|\bfrom\s+start\s+to\s+(?:end|finish)\b|\ball\s+along\b|"
    r"全程|整个视频|一直显示|从头到尾|始终"
)
AT_END = rx(
    r"\bat\s+the\s+(?:very\s+)?end\b|\bin\s+the\s+end\b|\bat\s+the\s+finish\b|结尾|片尾|最后|末尾"
)
AT_START = rx(r"\bat\s+the\s+(?:very\s+)?(?:start|beginning)\b|\bat\s+first\b|开头|片头|开始时")
POS_BOTTOM = rx(r"\bbottom\b|\blower\b|底部|下方|底下|下面|下边|最下|画面下")
POS_TOP = rx(r"\btop\b|\bupper\b|顶部|上方|上面|上边|最上|顶端|画面上")
POS_CENTER = rx(r"\bcent(?:er|re)d?\b|\bmiddle\b|中间|居中|正中|中央")
SIZE_LARGE = rx(r"\b(?:big|bigger|large|larger|huge|giant)\b|大字|大号|加大|大1点|大一点")
SIZE_SMALL = rx(r"\b(?:small|smaller|tiny|little)\b|小字|小号")
SIZE_MEDIUM = rx(r"\bmedium\b|中号|中等")

# ---------------------------------------------------------------- format

ASPECTS: tuple[tuple[str, Rx], ...] = (
    (
        "9:16",
        rx(
            r"(?<![\d.])9\s*[:x/]\s*16(?![\d.])|9比16|\bvertical(?:ly)?\b|\bportrait\b|\btik\s*tok\b|\breels?\b|"
            r"\bshorts\b|\b(?:you\s*tube|yt)\s+shorts?\b|\b(?:instagram|ig|insta)\s+(?:reels?|stor(?:y|ies))\b|\bstories\b|"
            r"\bsnapchat\b|\bphone\s+screen\b|竖屏|竖版|竖向|竖着|竖的|竖幅|抖音|快手|视频号|小红书"
        ),
    ),
    (
        "1:1",
        rx(
            r"(?<![\d.])1\s*[:x/]\s*1(?![\d.])|1比1|\bsquare\b|\b(?:instagram|ig|insta)(?:\s+(?:post|feed))?\b|"
            r"方形|正方形|方屏"
        ),
    ),
    (
        "16:9",
        rx(
            r"(?<![\d.])16\s*[:x/]\s*9(?![\d.])|16比9|\blandscape\b|\bhorizontal(?:ly)?\b|\bwide\s*screen\b|"
            r"\byou\s*tube\b|横屏|横版|横向|横着|横的|宽屏|b站|哔哩哔哩|西瓜视频"
        ),
    ),
)
FIT_RULES: tuple[tuple[str, Rx], ...] = (
    (
        "letterbox",
        rx(
            r"\b(?:don'?t|do\s+not|no|never|without)\s+crop(?:ping)?\b|不要裁剪|不裁剪|别裁剪|"
            r"\bnot\s+crop(?:ped)?\b|\binstead\s+of\s+crop(?:ping)?\b|\bkeep\s+everything\s+in\s+"
            r"(?:the\s+)?frame\b|\bfit\s+everything\b|\b(?:see|show)\s+the\s+(?:whole|entire|full)\s+"
            r"(?:video|picture|thing|frame|image)\b|不要切掉|别切掉|不要裁掉|别裁|不裁|完整画面|看完整|看全|"
            r"保留完整|完整的画面"
        ),
    ),
    (
        "fill",
        rx(
            r"\b(?:no|without|remove|get\s+rid\s+of|lose|hide|drop|delete|kill|ditch|cut\s+(?:off|out)|"
            r"take\s+(?:off|out|away)|get\s+out|crop\s+out)\s+(?:the\s+|any\s+|those\s+)?"
            r"(?:black\s+)?(?:bars|borders|letterbox(?:ing)?)\b|"
            r"(?:不要|别|不|去掉|去|去除|删掉|删除|拿掉|无|没有)(?:加|留|要)?(?:上|着)?黑边|"
            r"黑边(?:去掉|不要|删掉|能去掉|去了|拿掉|能不能去掉)|撑满"
        ),
    ),
    (
        "letterbox",
        rx(
            r"\bletter[\s-]?box(?:ed|ing)?\b|\bpillar[\s-]?box(?:ed|ing)?\b|\bblack\s+bars\b|"
            r"\bpad(?:ding|ded)?\b|\b(?:show|keep)\s+(?:the\s+)?(?:whole|entire|full)\s+"
            r"(?:frame|picture|image|video|clip)s?\b|(?:留|加|保留|要|带|留点|加点)(?:上|个|着)?黑边|完整显示|"
            r"适应画面"
        ),
    ),
    (
        "fill",
        rx(
            r"\bfill(?:s|ing)?\b(?!\s+in\b)|\bcrop(?:ped|ping)?\b|\bzoom(?:ed)?\s+(?:in\s+)?to\s+fill\b|"
            r"\bzoom(?:ed|ing)?\s+in\b(?!\s+on\b)|"
            r"\bfull[\s-]?screen\b|\bfull\s+frame\b|\bcover\s+the\s+(?:frame|screen)\b|"
            r"填满|铺满|裁剪填充|裁切|全屏|放大填充"
        ),
    ),
    ("letterbox", rx(r"\bfit(?:s|ted)?\b(?!\s+(?:it\s+)?(?:to|into|in)\s+\d)|适配")),
)
# Features the local engine does not have. A part of a message that asks for one is a clause of
# its own, so it is named as not done ("add music and a cool filter") instead of being glued to
# the part before it and dropped there (``split``, ``reply.part_not_done`` words why).
UNSUPPORTED = rx(
    r"\b(?:filters?|effects?|fx|stickers?|emojis?|watermarks?|logos?|green\s*screen|luts?|"
    r"vignettes?|glitch(?:es)?|animations?|animated|voice\s*-?\s*overs?|narration|beauty\s+mode|"
    r"skin\s+smoothing|color\s+grad(?:e|ing)|colou?r\s+correction)\b|"
    r"滤镜|特效|贴纸|表情包|水印|美颜|调色|动画|绿幕|抠图|配音|旁白"
)
IMAGE_NOUN = rx(
    r"\b(?:each|every|per|a)\s+(?:photo|image|picture|pic|slide|still)s?\b|"
    r"\b(?:photos|images|pictures|pics|slides|stills|slideshow)\b|\b(?:photo|image|picture|slide)\b"
    r"|每张|每1张|每一张|图片|照片|幻灯片|相片"
)
FILLER_RE = rx(r"[\s,;.!?，。；！？、]+")
