"""Writes the .npy/.npz fixtures of Tests/LaminaTests/Files/NPYTests.swift with real NumPy.

    python Scripts/files/npy_fixtures.py              # writes Tests/LaminaTests/Fixtures/files/npy_*
    python Scripts/files/npy_fixtures.py --check DIR  # loads the same-named files Lamina wrote into DIR
                                                      # with NumPy and compares them with the fixtures

npy_manifest.json lists every file: its dtype, shape and values (bools as 0/1), whether Lamina
must re-encode it byte for byte ("exact"), or the text of the error reading it must give.
"""
import io
import json
import os
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "LaminaTests", "Fixtures", "files")


def arrays():
    """name → (array, exact re-encoding expected)."""
    return {
        "npy_f4": (np.array([[-1.5, 0.0, 0.25], [3.5, 1e-8, -2e5]], dtype=np.float32), True),
        "npy_f8": (np.array([0.1, -1 / 3, 1e30], dtype=np.float64), True),
        "npy_i4": (np.array([[-2147483648, 2147483647], [0, -7]], dtype=np.int32), True),
        "npy_i8": (np.array([-5, 0, 2147483647, -2147483648], dtype=np.int64), True),
        "npy_u1": (np.array([0, 1, 127, 128, 200, 254, 255, 7], dtype=np.uint8).reshape(2, 2, 2), True),
        "npy_b1": (np.array([True, False, True, True, False]), True),
        "npy_f4_be": (np.array([[1.5, -2.0], [3.25, 1e-3]], dtype=">f4"), False),
        "npy_i8_be": (np.array([-1, 2, 300000], dtype=">i8"), False),
        "npy_scalar": (np.array(2.5, dtype=np.float32), True),
        "npy_empty": (np.zeros((0, 3), dtype=np.float32), True),
        "npy_empty_i8": (np.zeros((0,), dtype=np.int64), True),
        "npy_wide": (np.arange(24, dtype=np.int32).reshape(1, 2, 3, 4), True),
    }


ERRORS = {
    "npy_i8_big": (np.array([1, 3000000000], dtype=np.int64), "int64 value 3000000000 at flat index 1 does not fit in int32"),
    "npy_fortran": (np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)), "Fortran (column-major) order"),
    "npy_object": (np.array([1, "a", None], dtype=object), "object array (dtype 'O')"),
    "npy_f2": (np.array([1, 2], dtype=np.float16), "dtype '<f2' (float16) is not supported"),
    "npy_u2": (np.array([1, 2], dtype=np.uint16), "dtype '<u2' (uint16) is not supported"),
    "npy_structured": (np.zeros(2, dtype=[("a", "<i4"), ("b", "<f4")]), "structured (record) dtype"),
}


def npz_members():
    return {"x": np.arange(6, dtype=np.float32).reshape(2, 3) / 4,
            "ids": np.array([[1, 2, 3, 0], [4, 5, 0, 0]], dtype=np.int64),
            "mask": np.array([True, False])}


def describe(a, exact=False):
    return {"dtype": str(a.dtype.newbyteorder("=")) if a.dtype.byteorder == ">" else str(a.dtype),
            "shape": list(a.shape), "values": [float(v) if a.dtype.kind == "f" else int(v) for v in a.ravel()], "exact": exact}


def write():
    os.makedirs(OUT, exist_ok=True)
    manifest = {"generator": "Scripts/files/npy_fixtures.py", "numpy_version": np.__version__, "files": {}}
    for name, (a, exact) in arrays().items():
        np.save(os.path.join(OUT, name + ".npy"), a)
        manifest["files"][name + ".npy"] = describe(a, exact)
    with open(os.path.join(OUT, "npy_v2.npy"), "wb") as f:   # format version 2.0 (4-byte header length)
        np.lib.format.write_array(f, np.array([1.0, 2.0], dtype=np.float32), version=(2, 0))
    manifest["files"]["npy_v2.npy"] = describe(np.array([1.0, 2.0], dtype=np.float32))
    for name, (a, error) in ERRORS.items():
        np.save(os.path.join(OUT, name + ".npy"), a, allow_pickle=True)
        manifest["files"][name + ".npy"] = {"error": error}
    members = npz_members()
    np.savez(os.path.join(OUT, "npz_stored.npz"), **members)
    np.savez_compressed(os.path.join(OUT, "npz_compressed.npz"), **members)
    np.savez(os.path.join(OUT, "npz_positional.npz"), members["x"], members["mask"])
    manifest["npz"] = {"members": {k: describe(v) for k, v in members.items()},
                       "positional": ["arr_0", "arr_1"]}
    with open(os.path.join(OUT, "npy_manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print("wrote", len(manifest["files"]) + 3, "files to", os.path.normpath(OUT))


def check(directory):
    """Every .npy/.npz in `directory` named like a fixture must hold the fixture's array(s)."""
    expected = {n + ".npy": a for n, (a, _) in arrays().items()}
    checked = 0
    for f in sorted(os.listdir(directory)):
        path = os.path.join(directory, f)
        if f.endswith(".npz"):
            with np.load(path) as z:
                want = npz_members()
                assert sorted(z.files) == sorted(want), f"{f}: members {z.files}"
                for k, v in want.items():
                    assert z[k].dtype == v.dtype and np.array_equal(z[k], v), f"{f}: member {k} differs"
        elif f in expected:
            a, want = np.load(path), expected[f]
            assert a.dtype == want.dtype.newbyteorder("=") and np.array_equal(a, want), f"{f}: {a!r} != {want!r}"
        else:
            continue
        checked += 1
        print(f"{f}: OK")
    print(f"NumPy read {checked} files written by Lamina; all equal the fixtures")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        write()
