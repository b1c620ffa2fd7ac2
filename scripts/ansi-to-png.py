#!/usr/bin/env python3
"""Renders a terminal capture with colours (`tmux capture-pane -e -p`) as a PNG, cell by cell,
in DejaVu Sans Mono: what the terminal showed, for the README's screenshots.

    ansi-to-png.py CAPTURE.ansi OUT.png [COLUMNS]

Reads the SGR escapes tmux writes (bold, italic, underline, reverse; the 16 colours, the 256 and
24-bit ones); a wide character (East Asian width W or F) takes two cells, as in the terminal.
Needs Pillow and the DejaVu fonts (Debian: fonts-dejavu-core).
"""

import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONTS = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono{}.ttf"
SIZE = 15
# xterm's 16 colours, as most terminals show them.
BASE = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
    (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
]
DEFAULT_FG = (229, 229, 229)
DEFAULT_BG = (24, 24, 24)


def colour256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return (level, level, level)


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = False
        self.italic = False
        self.underline = False
        self.reverse = False

    def copy(self):
        s = Style()
        s.__dict__.update(self.__dict__)
        return s

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 3:
                self.italic = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = False
            elif c == 23:
                self.italic = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = BASE[c - 30]
            elif 90 <= c <= 97:
                self.fg = BASE[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = BASE[c - 40]
            elif 100 <= c <= 107:
                self.bg = BASE[c - 100 + 8]
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif c in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    colour = colour256(codes[i + 2])
                    i += 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    colour = tuple(codes[i + 2:i + 5])
                    i += 4
                else:
                    colour = None
                if c == 38:
                    self.fg = colour
                else:
                    self.bg = colour
            i += 1


def cells(line):
    """The cells of one captured line: (character, style, width)."""
    style = Style()
    out = []
    for part in re.split(r"(\x1b\[[0-9;:]*m)", line):
        if part.startswith("\x1b["):
            style.apply(part[2:-1].replace(":", ";"))
            continue
        for ch in part:
            if unicodedata.combining(ch) and out:
                c, s, w = out[-1]
                out[-1] = (c + ch, s, w)
                continue
            width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
            out.append((ch, style.copy(), width))
    return out


def main():
    capture, png = sys.argv[1], sys.argv[2]
    lines = open(capture, encoding="utf-8").read().rstrip("\n").split("\n")
    columns = int(sys.argv[3]) if len(sys.argv) > 3 else max(
        sum(w for _, _, w in cells(line)) for line in lines)
    fonts = {
        (False, False): ImageFont.truetype(FONTS.format(""), SIZE),
        (True, False): ImageFont.truetype(FONTS.format("-Bold"), SIZE),
        (False, True): ImageFont.truetype(FONTS.format("-Oblique"), SIZE),
        (True, True): ImageFont.truetype(FONTS.format("-BoldOblique"), SIZE),
    }
    regular = fonts[(False, False)]
    cell_w = round(regular.getlength("M"))
    ascent, descent = regular.getmetrics()
    cell_h = ascent + descent + 2
    pad = 8
    image = Image.new("RGB", (columns * cell_w + 2 * pad, len(lines) * cell_h + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        x = 0
        y = pad + row * cell_h
        for ch, style, width in cells(line):
            fg = style.fg or DEFAULT_FG
            bg = style.bg or DEFAULT_BG
            if style.reverse:
                fg, bg = bg, fg
            left = pad + x * cell_w
            if bg != DEFAULT_BG:
                draw.rectangle([left, y, left + width * cell_w - 1, y + cell_h - 1], fill=bg)
            if ch.strip():
                draw.text((left, y + 1), ch, font=fonts[(style.bold, style.italic)], fill=fg)
            if style.underline:
                draw.line([left, y + cell_h - 2, left + width * cell_w - 1, y + cell_h - 2], fill=fg)
            x += width
    image.save(png, optimize=True)


if __name__ == "__main__":
    main()
