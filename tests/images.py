"""Small in-memory images for upload tests."""

import io

from PIL import Image


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color=(120, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def image_bytes(image_format: str, width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color=(20, 60, 90)).save(buffer, format=image_format)
    return buffer.getvalue()
