#!/usr/bin/env python3
"""tools/depth-photo-map.py: a stereo disparity map (.npz, as scikit-image
ships Middlebury's motorcycle) as a depth map for `sbokeh apply --depth-map`.

    depth-photo-map.py DISP.npz OUT.tif PREVIEW.ppm [--holes fill|nan]
                       [--at X,Y ...]

What: the disparity normalised to 0 … 1 over its finite values (white =
near = large disparity, as depth maps are drawn), written as a 32-bit
float gray TIFF (the values exact, no 8-bit steps), and an 8-bit preview.
Holes (inf or NaN: pixels the stereo match could not place, mostly the
background just beside a nearer object's edge, seen by one camera only):
--holes nan keeps them as NaN, which sbokeh takes as the focus (sharp);
--holes fill (the default) gives each the farther of the nearest known
disparities left and right of it on its row, the usual fill for stereo
occlusions, so that the background stays blurred up to the object's edge.
--at X,Y prints the map's depth at that pixel: the focus depth a click
there picks in the dialog.

Only the standard library (an .npz is a zip of .npy arrays): no numpy
needed.  Cost: a few seconds for 370 000 pixels in pure Python.
"""
import argparse
import array
import ast
import math
import struct
import sys
import zipfile


def read_npz(path):
    """The first array of an .npz: (width, height, list of floats)."""
    with zipfile.ZipFile(path) as z:
        raw = z.read(z.namelist()[0])
    if raw[:6] != b"\x93NUMPY":
        sys.exit("%s: not a NumPy array" % path)
    major = raw[6]
    if major == 1:
        (length,) = struct.unpack("<H", raw[8:10])
        start = 10
    else:
        (length,) = struct.unpack("<I", raw[8:12])
        start = 12
    header = ast.literal_eval(raw[start:start + length].decode("latin1"))
    if header["descr"] not in ("<f4", "<f8") or header["fortran_order"]:
        sys.exit("%s: want a little-endian float C array, got %r"
                 % (path, header))
    height, width = header["shape"]
    values = array.array("f" if header["descr"] == "<f4" else "d")
    values.frombytes(raw[start + length:])
    if sys.byteorder != "little":
        values.byteswap()
    return width, height, list(values)


def fill_holes(d, width, height):
    """Each non-finite pixel: the smaller (farther) of the nearest finite
    disparities to its left and right on its row."""
    out = list(d)
    for y in range(height):
        row = d[y * width:(y + 1) * width]
        left = [None] * width
        last = None
        for x in range(width):
            if math.isfinite(row[x]):
                last = row[x]
            left[x] = last
        last = None
        for x in range(width - 1, -1, -1):
            if math.isfinite(row[x]):
                last = row[x]
            elif left[x] is not None or last is not None:
                known = [v for v in (left[x], last) if v is not None]
                out[y * width + x] = min(known)
    return out


def write_float_tiff(path, width, height, values):
    """A baseline gray TIFF of 32-bit IEEE floats, one strip."""
    entries = [  # tag, type (3 SHORT, 4 LONG), value
        (256, 4, width), (257, 4, height), (258, 3, 32), (259, 3, 1),
        (262, 3, 1), (273, 4, 0), (277, 3, 1), (278, 4, height),
        (279, 4, width * height * 4), (284, 3, 1), (339, 3, 3)]
    ifd_size = 2 + 12 * len(entries) + 4
    data_at = 8 + ifd_size
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    out += struct.pack("<H", len(entries))
    for tag, kind, value in entries:
        if tag == 273:
            value = data_at
        if kind == 3:
            out += struct.pack("<HHIHH", tag, kind, 1, value, 0)
        else:
            out += struct.pack("<HHII", tag, kind, 1, value)
    out += struct.pack("<I", 0)
    out += array.array("f", values).tobytes() if sys.byteorder == "little" \
        else struct.pack("<%df" % len(values), *values)
    with open(path, "wb") as f:
        f.write(out)


def write_preview(path, width, height, values):
    """8-bit RGB: the depth in gray, holes (NaN) in red."""
    px = bytearray()
    for v in values:
        if math.isfinite(v):
            g = int(round(255 * v))
            px += bytes((g, g, g))
        else:
            px += b"\xff\x00\x00"
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (width, height) + bytes(px))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("npz")
    ap.add_argument("tiff")
    ap.add_argument("preview")
    ap.add_argument("--holes", choices=("fill", "nan"), default="fill")
    ap.add_argument("--at", action="append", default=[])
    args = ap.parse_args()

    width, height, disp = read_npz(args.npz)
    finite = [v for v in disp if math.isfinite(v)]
    lo, hi = min(finite), max(finite)
    holes = len(disp) - len(finite)
    if args.holes == "fill":
        disp = fill_holes(disp, width, height)
    depth = [(v - lo) / (hi - lo) if math.isfinite(v) else math.nan
             for v in disp]
    write_float_tiff(args.tiff, width, height, depth)
    write_preview(args.preview, width, height, depth)
    print("%s: %d × %d, disparity %.2f … %.2f px, %d holes (%.1f %%) %s"
          % (args.npz, width, height, lo, hi, holes,
             100.0 * holes / len(disp),
             "filled" if args.holes == "fill" else "kept as NaN"))
    for at in args.at:
        x, y = (int(v) for v in at.split(","))
        print("depth at %d,%d: %.4f" % (x, y, depth[y * width + x]))


if __name__ == "__main__":
    main()
