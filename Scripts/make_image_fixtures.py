"""Writes the tiny PNG fixtures of Tests/LaminaTests/Fixtures/images (a class-per-folder tree)
with Python's standard library only, as an encoder independent of libpng:

    python3 Scripts/make_image_fixtures.py

red/rgb_3x2.png   3 wide, 2 high, RGB, pixel (y, x) = (40·x, 100·y, 7)
blue/gray_2x2.png 2×2 grayscale 0, 85, 170, 255
"""
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(__file__), "..", "Tests", "LaminaTests", "Fixtures", "images")


def png(path, width, height, color_type, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


png(os.path.join(ROOT, "red", "rgb_3x2.png"), 3, 2, 2, [[v for x in range(3) for v in (40 * x, 100 * y, 7)] for y in range(2)])
png(os.path.join(ROOT, "blue", "gray_2x2.png"), 2, 2, 0, [[0, 85], [170, 255]])
print("wrote", ROOT)
