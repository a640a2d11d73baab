"""Pictures for the demo, drawn with Pillow: abstract landscapes for hero images and simple
portrait silhouettes for headshots. Deterministic (seeded), so every fresh demo looks the same,
and small enough that ``make run`` stays quick."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

HERO_SIZE = (1200, 675)
HEADSHOT_SIZE = (320, 320)

# name -> (sky top, sky bottom, ground, accent)
PALETTES = {
    "desert": ((242, 196, 120), (250, 232, 190), (196, 140, 80), (120, 70, 40)),
    "sea": ((40, 90, 140), (150, 196, 220), (20, 60, 100), (240, 240, 230)),
    "dusk": ((60, 40, 90), (230, 130, 90), (40, 30, 50), (250, 210, 120)),
    "river": ((140, 190, 210), (225, 235, 220), (70, 120, 80), (40, 90, 140)),
    "steel": ((70, 80, 95), (170, 180, 190), (45, 50, 60), (210, 160, 60)),
    "field": ((170, 210, 235), (240, 245, 235), (190, 170, 80), (90, 120, 40)),
    "gold": ((40, 35, 30), (120, 95, 50), (30, 28, 25), (230, 190, 90)),
}


def _gradient(draw: ImageDraw.ImageDraw, size, top, bottom, *, until: int) -> None:
    width, _height = size
    for y in range(until):
        t = y / max(1, until - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)


def _ridges(draw, rng: random.Random, size, base_y: int, colour, *, roughness: int) -> None:
    width, height = size
    points = [(0, height)]
    y = base_y
    for x in range(0, width + 60, 60):
        y = max(base_y - roughness, min(base_y + roughness, y + rng.randint(-18, 18)))
        points.append((x, y))
    points.append((width, height))
    draw.polygon(points, fill=colour)


def _shade(colour, factor: float):
    return tuple(max(0, min(255, round(c * factor))) for c in colour)


def hero_image(*, seed: str, palette: str, motif: str) -> ContentFile:
    """Return a JPEG landscape: sky, a sun or moon, layered ground and a motif drawn on it
    (``plant``, ``ship``, ``towers``, ``pylons``, ``bars`` or ``dunes``)."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    sky_top, sky_bottom, ground, accent = PALETTES[palette]
    image = Image.new("RGB", HERO_SIZE, sky_bottom)
    draw = ImageDraw.Draw(image)
    width, height = HERO_SIZE
    horizon = int(height * rng.uniform(0.55, 0.66))
    _gradient(draw, HERO_SIZE, sky_top, sky_bottom, until=horizon + 40)
    sun_x, sun_r = rng.randint(150, width - 150), rng.randint(50, 90)
    sun_y = rng.randint(90, horizon - 120)
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=accent)
    for layer in range(3):
        _ridges(
            draw,
            rng,
            HERO_SIZE,
            horizon + layer * 55,
            _shade(ground, 1.15 - layer * 0.2),
            roughness=30 - layer * 8,
        )
    dark = _shade(ground, 0.45)
    MOTIFS[motif](draw, rng, horizon=horizon, dark=dark, ground=ground, accent=accent)
    image = image.filter(ImageFilter.GaussianBlur(radius=0.6))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{seed}.jpg")


def _plant(draw, rng, *, horizon, dark, ground, accent):
    width, height = HERO_SIZE
    for index in range(4):
        x = 160 + index * 230
        draw.rectangle([x, horizon - 90, x + 150, horizon + 10], fill=dark)
        draw.rectangle([x + 20, horizon - 150, x + 45, horizon - 90], fill=dark)
    for y in range(horizon + 40, height, 14):
        draw.line([(0, y), (width, y + 6)], fill=_shade(ground, 0.8), width=2)


def _ship(draw, rng, *, horizon, dark, ground, accent):
    hull_y = horizon + 30
    draw.polygon([(300, hull_y), (900, hull_y), (860, hull_y + 50), (340, hull_y + 50)], fill=dark)
    for index in range(9):
        colour = _shade(accent, 0.6 + (index % 3) * 0.2)
        draw.rectangle([360 + index * 55, hull_y - 45, 405 + index * 55, hull_y], fill=colour)
    draw.rectangle([800, hull_y - 95, 840, hull_y - 45], fill=dark)


def _towers(draw, rng, *, horizon, dark, ground, accent):
    for index in range(11):
        tower_height = rng.randint(120, 330)
        x = 80 + index * 100
        draw.rectangle([x, horizon - tower_height, x + 70, horizon + 20], fill=dark)
        for row in range(horizon - tower_height + 15, horizon, 28):
            draw.line([(x + 10, row), (x + 60, row)], fill=_shade(accent, 0.8), width=4)


def _pylons(draw, rng, *, horizon, dark, ground, accent):
    width, height = HERO_SIZE
    for index in range(5):
        x = 120 + index * 240
        top = horizon - 230 + index * 25
        draw.line([(x, horizon + 20), (x + 40, top)], fill=dark, width=8)
        draw.line([(x + 80, horizon + 20), (x + 40, top)], fill=dark, width=8)
        draw.line([(x - 10, top + 30), (x + 90, top + 30)], fill=dark, width=6)
    for y in range(horizon + 20, height, 24):
        draw.line([(0, y), (width, y)], fill=_shade(accent, 0.7), width=3)


def _bars(draw, rng, *, horizon, dark, ground, accent):
    for index in range(12):
        bar = rng.randint(80, 360)
        x = 90 + index * 88
        draw.rectangle([x, horizon - bar, x + 56, horizon + 20], fill=_shade(accent, 0.9))


def _dunes(draw, rng, *, horizon, dark, ground, accent):
    width, _height = HERO_SIZE
    for index in range(6):
        y = horizon + 40 + index * 45
        draw.arc([-200, y - 60, width + 200, y + 160], 190, 350, fill=dark, width=5)


MOTIFS = {
    "plant": _plant,
    "ship": _ship,
    "towers": _towers,
    "pylons": _pylons,
    "bars": _bars,
    "dunes": _dunes,
}


def headshot_image(*, seed: str, background, skin, clothing) -> ContentFile:
    """Return a square PNG portrait silhouette: head and shoulders on a plain background."""
    image = Image.new("RGB", HEADSHOT_SIZE, background)
    draw = ImageDraw.Draw(image)
    width, height = HEADSHOT_SIZE
    draw.ellipse([40, 200, width - 40, height + 160], fill=clothing)
    draw.rectangle([width // 2 - 28, 170, width // 2 + 28, 215], fill=skin)
    draw.ellipse([95, 55, width - 95, 200], fill=skin)
    draw.chord([90, 45, width - 90, 160], 180, 360, fill=_shade(clothing, 0.6))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{seed}.png")
