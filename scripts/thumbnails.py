#!/usr/bin/env python3
"""Draws the preview images (front matter `thumbnail`, shown as og:image when a guide is shared).

One 1200x630 PNG per page of the help site under content/ (guides, privacy, about), written to
static/images/thumbnails/<name>.png, where <name> is the page's file name (or its bundle's
folder name). Each card carries the site's title, the page's section and the page's title, in
the theme's colors, drawn with Pillow and the DejaVu Sans font (Debian: fonts-dejavu-core).

The PNGs are committed: building the site needs neither Python nor Pillow. Run this again after
changing a page's title:

    pip install pillow && python3 scripts/thumbnails.py

It prints the `thumbnail:` value of each page; pages that have none yet get a line for it.
"""
import pathlib
import re
import sys

from PIL import Image, ImageDraw, ImageFont

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "images" / "thumbnails"
FONT_DIR = pathlib.Path("/usr/share/fonts/truetype/dejavu")
WIDTH, HEIGHT = 1200, 630
BACKGROUND = (22, 50, 79)
ACCENT = (94, 179, 255)
TEXT = (255, 255, 255)
MUTED = (196, 214, 232)
SECTION_NAMES = {"activation": "Activation", "accounts": "Accounts"}


def font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def wrap(draw, text, face, width):
    """Splits text into lines no wider than width pixels."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=face) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def card(site_title, section, title):
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = 80
    draw.rectangle([0, 0, 24, HEIGHT], fill=ACCENT)
    draw.text((margin, 70), site_title, font=font(34), fill=MUTED)
    if section:
        draw.text((margin, 130), section.upper(), font=font(30, bold=True), fill=ACCENT)
    size = 72
    while True:
        face = font(size, bold=True)
        lines = wrap(draw, title, face, WIDTH - 2 * margin)
        if len(lines) <= 4 or size <= 44:
            break
        size -= 4
    y = 220
    for line in lines:
        draw.text((margin, y), line, font=face, fill=TEXT)
        y += int(size * 1.25)
    draw.text((margin, HEIGHT - 90), "No ads · no trackers · Windows 10 and 11",
              font=font(28), fill=MUTED)
    return image


def front_value(text, key):
    match = re.search(rf'^{key}:\s*"?(.*?)"?\s*$', text, re.MULTILINE)
    return match.group(1) if match else None


def main():
    site = (ROOT / "site.yaml").read_text()
    site_title = front_value(site, "title") or "Help"
    OUT.mkdir(parents=True, exist_ok=True)
    for page in sorted((ROOT / "content").rglob("*.md")):
        if page.name == "_index.md":
            continue
        text = page.read_text()
        title = front_value(text, "title")
        if title is None:
            sys.exit(f"{page}: no title in the front matter")
        name = page.parent.name if page.name == "index.md" else page.stem
        rel = page.relative_to(ROOT / "content").parts
        section = SECTION_NAMES.get(rel[0], "") if len(rel) > 1 else ""
        card(site_title, section, title).save(OUT / f"{name}.png", optimize=True)
        value = f"/images/thumbnails/{name}.png"
        has = front_value(text, "thumbnail")
        print(f"{page.relative_to(ROOT)}: thumbnail: {value}" + ("" if has else "  (missing)"))


if __name__ == "__main__":
    main()
