"""Writes the ZIP fixtures of Tests/LaminaTests/ZipTests.swift with Python's zipfile.

    python Scripts/files/zip_fixtures.py            # writes Tests/LaminaTests/Fixtures/files/zip_*.zip
    python Scripts/files/zip_fixtures.py --check F  # reads a ZIP written by Lamina and tests every entry

zip_python.zip    stored and deflated entries, a folder, a UTF-8 name, an empty entry, and an
                  entry written with force_zip64 (ZIP64 extra field in its local header).
zip_exact.zip     stored entries with Lamina's conventions (1980-01-01 timestamp, mode 0644):
                  ZipWriter must reproduce it byte for byte.
"""
import os
import sys
import zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "LaminaTests", "Fixtures", "files")

# The contents of zip_exact.zip; ZipTests.swift adds the same entries to a ZipWriter.
EXACT = [
    ("metadata.json", b'{"keras_version": "3.16.0"}'),
    ("config.json", b'{"class_name": "Sequential"}'),
    ("model.weights.h5", bytes(range(40))),
    ("\u00fcber/caf\u00e9.txt", "na\u00efve\n".encode()),
    ("empty", b""),
]


def write_python_zip(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", b"hello\n", compress_type=zipfile.ZIP_STORED)
        z.writestr("folder/", b"")
        z.writestr("folder/b.bin", bytes(i % 7 for i in range(1000)), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("\u00fcnic\u00f6de.txt", "gr\u00fc\u00dfe\n".encode(), compress_type=zipfile.ZIP_STORED)
        z.writestr("empty", b"", compress_type=zipfile.ZIP_STORED)
        with z.open("zip64.bin", "w", force_zip64=True) as f:
            f.write(bytes(range(256)) * 2)


def write_exact_zip(path):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in EXACT:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            z.writestr(info, data)


def check(path):
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        assert bad is None, f"{path}: entry {bad} fails its CRC check"
        for info in z.infolist():
            print(f"{info.filename!r}: {info.file_size} bytes, method {info.compress_type}, CRC {info.CRC:08x}")
    print(f"{path}: OK, Python's zipfile reads every entry")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        os.makedirs(OUT, exist_ok=True)
        write_python_zip(os.path.join(OUT, "zip_python.zip"))
        write_exact_zip(os.path.join(OUT, "zip_exact.zip"))
        print("wrote", sorted(f for f in os.listdir(OUT) if f.startswith("zip_")))
