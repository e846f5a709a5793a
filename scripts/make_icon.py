"""Draws PR Desk's icon (resources/icons/pr-desk.png and .ico): a blue rounded square with
a white desk and the letters PR. Run once after a change: .venv/bin/python scripts/make_icon.py"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZE = 256


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=48, fill=(21, 101, 192, 255))
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "Vazirmatn-Bold.ttf"), 118)
    pen.text((SIZE // 2, 112), "PR", font=font, fill=(255, 255, 255, 255), anchor="mm")
    # the desk: a top and two legs
    pen.rounded_rectangle((44, 176, SIZE - 44, 192), radius=6, fill=(255, 255, 255, 255))
    pen.rectangle((60, 192, 74, 226), fill=(255, 255, 255, 255))
    pen.rectangle((SIZE - 74, 192, SIZE - 60, 226), fill=(255, 255, 255, 255))
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(OUT / "pr-desk.png")
    image.save(OUT / "pr-desk.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
