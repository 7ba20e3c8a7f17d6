"""Finding a font with Chinese glyphs, for text printed as an image and for previews."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageFont

# Well-known places, Simplified Chinese faces first.
_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
)

_PROBE = "排队号查询"


@dataclass(frozen=True)
class CjkFont:
    path: str
    index: int = 0  # the face in a .ttc collection

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        return _load(self.path, self.index, size)


@lru_cache(maxsize=32)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(path, size, index=index)


def find_cjk_font(configured: str | None = None) -> CjkFont | None:
    """The configured font, else one found on the system; None if there is none."""
    if configured:
        return _pick_face(str(Path(configured).expanduser()))
    return _system_font()


@lru_cache(maxsize=1)
def _system_font() -> CjkFont | None:
    for path in _CANDIDATES:
        if Path(path).is_file():
            font = _pick_face(path)
            if font is not None:
                return font
    for path in _fontconfig_paths():
        font = _pick_face(path)
        if font is not None:
            return font
    return None


def _fontconfig_paths() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh-cn", "file"], capture_output=True, text=True, timeout=5
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})


def _pick_face(path: str) -> CjkFont | None:
    """The Simplified Chinese face of `path` (a .ttc holds several), or None."""
    from PIL import ImageFont

    usable: list[tuple[int, str]] = []
    for index in range(16):
        try:
            font = ImageFont.truetype(path, 24, index=index)
        except OSError:
            break
        if _has_glyphs(font):
            usable.append((index, " ".join(part for part in font.getname() if part)))
    for index, family in usable:
        if " SC" in family:  # Noto Sans CJK SC: mainland glyph shapes
            return CjkFont(path, index)
    return CjkFont(path, usable[0][0]) if usable else None


def _has_glyphs(font: ImageFont.FreeTypeFont) -> bool:
    """True if the font draws Chinese characters rather than one "missing" box."""
    masks = {bytes(font.getmask(ch)) for ch in _PROBE}
    return len(masks) == len(_PROBE)
