"""What the portal's PDFs share (certificate, 技术性收入核定表, statistics report): the
embedded CJK TrueType font, amounts in yuan, and Chinese text broken by width."""

import logging
import subprocess
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from common import money

logger = logging.getLogger(__name__)

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)
CID_FONT = "STSong-Light"


def _fontconfig_paths() -> list[str]:
    """Files that fontconfig knows for the WenQuanYi faces, if fc-match is installed."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "WenQuanYi Zen Hei"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return []
    return [found] if "wqy" in found.lower() else []


@cache
def certificate_font() -> str:
    """Register and name the font used for certificates (looked up once per process)."""
    for path in (*FONT_CANDIDATES[:2], *_fontconfig_paths(), *FONT_CANDIDATES[2:]):
        if not Path(path).exists():
            continue
        try:
            # In a .ttc collection the Simplified Chinese face is not always the first.
            font = TTFont("CertificateCJK", path, subfontIndex=2 if "Noto" in path else 0)
        except Exception as exc:  # ReportLab raises TTFError and others for CFF outlines
            # Trying the next candidate is the normal path on hosts with several CJK fonts:
            # only "none found" (below) is worth a line in the console.
            logger.debug("certificate font %s not usable (%s); trying the next one", path, exc)
            continue
        pdfmetrics.registerFont(font)
        return "CertificateCJK"
    logger.warning("no embeddable CJK font found: install fonts-wqy-zenhei")
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def yuan(amount) -> str:
    """An amount as printed on the portal's documents ("1,200,000.00 元"; none: "—")."""
    return money.format_yuan(amount, empty="—")


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break Chinese text by character width (no spaces to break at)."""
    lines, current = [], ""
    for char in text or "—":
        if pdfmetrics.stringWidth(current + char, font, size) > width and current:
            lines.append(current)
            current = char
        else:
            current += char
    lines.append(current)
    return lines
