#!/usr/bin/env python3
"""Checks that a clustersim-gui screenshot shows content, not an empty window.

usage: check_png.py FILE.png LAYOUT [LAYOUT.json]
  With the layout report of the screenshot (--layout-report), the map, chart and programme
  areas are taken from it; without, from where the default layout puts them.
  LAYOUT normal: a map (middle) and charts (right)
         ab:     two maps (top) and a row of charts (bottom); the maps must both have content
         ab-diverge: as ab, and the two maps differ
         error:  the red title bar of the scenario-error window is visible
         programme: the programme strip of A/B mode (under the maps) shows the timeline's
                 implementation phase and budget bars
Standard library only: the PNG is decoded with zlib and struct.
"""
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise SystemExit(f"{path}: bad CRC in {kind}")
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour != 2:
                raise SystemExit(f"{path}: expected 8-bit RGB")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride, rows, prev = width * 3, [], bytearray(width * 3)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - 3] if i >= 3 else 0
            b, c = prev[i], prev[i - 3] if i >= 3 else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def region_stats(img, box):
    """Share of 'ink' pixels (saturated or dark, not panel background) and distinct colours."""
    width, height, rows = img
    x0, y0, x1, y1 = (int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height))
    ink, colours, total = 0, set(), 0
    for y in range(y0, y1, 2):
        row = rows[y]
        for x in range(x0, x1, 2):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            total += 1
            colours.add((r >> 3, g >> 3, b >> 3))
            if max(r, g, b) - min(r, g, b) > 40 or (r + g + b) < 330:
                ink += 1
    return ink / max(total, 1), len(colours)


def maps_differ(img, boxes=None):
    """Share of pixels that differ between map A and the same place in map B: the two map areas
    of the layout report (`boxes`, pixels), else the left and right halves of the area right of
    the controls (23 % of the width)."""
    width, height, rows = img
    if boxes:
        (ax0, ay0, ax1, ay1), (bx0, by0, _, _) = boxes
    else:
        left = int(0.23 * width)
        half = (width - left) // 2
        ax0, ay0, ax1, ay1 = left + 10, int(0.12 * height), left + half - 10, int(0.5 * height)
        bx0, by0 = ax0 + half, ay0
    diff = total = 0
    for y in range(int(ay0), int(ay1), 2):
        row, rowb = rows[y], rows[y - int(ay0) + int(by0)]
        for x in range(int(ax0), int(ax1), 2):
            xb = x - int(ax0) + int(bx0)
            total += 1
            diff += row[3 * x:3 * x + 3] != rowb[3 * xb:3 * xb + 3]
    return diff / max(total, 1)


def report_boxes(path, width, height):
    """The map, plot and programme rectangles of a layout report, as fractions of the window."""
    import json
    rep = json.load(open(path))
    def frac(it):
        return (it["min"][0] / width, it["min"][1] / height, it["max"][0] / width, it["max"][1] / height)
    maps = [frac(it) for it in rep["items"] if it["kind"] == "map"]
    plots = [frac(it) for it in rep["items"] if it["kind"] == "plot"]
    prog = [frac(it) for it in rep["items"] if it["kind"] == "panel" and it["name"].startswith("programme")]
    return maps, plots, prog


def red_pixels(img):
    width, height, rows = img
    n = 0
    for y in range(0, height, 2):
        row = rows[y]
        for x in range(0, width, 2):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            n += r > 150 and g < 60 and b < 60
    return n


def colour_count(img, box, rgb, tol=12):
    width, height, rows = img
    x0, y0, x1, y1 = (int(box[0] * width), int(box[1] * height), int(box[2] * width), int(box[3] * height))
    n = 0
    for y in range(y0, y1):
        row = rows[y]
        for x in range(x0, x1, 2):
            if all(abs(row[3 * x + k] - rgb[k]) <= tol for k in range(3)):
                n += 1
    return n


def main():
    path, layout = sys.argv[1], sys.argv[2]
    img = read_png(path)
    failures = []
    maps, plots, prog = report_boxes(sys.argv[3], img[0], img[1]) if len(sys.argv) > 3 else ([], [], [])
    def union(boxes):
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))

    def expect(name, box, min_ink, min_colours):
        ink, colours = region_stats(img, box)
        print(f"{path}: {name}: ink {ink:.3f}, colours {colours}")
        if ink < min_ink or colours < min_colours:
            failures.append(f"{name}: ink {ink:.3f} < {min_ink} or colours {colours} < {min_colours}")
        return ink

    if layout == "normal":
        # The whole map area (from the report) has more background than the old fixed box.
        expect("map", maps[0] if maps else (0.25, 0.10, 0.58, 0.95), 0.01 if maps else 0.03, 40)
        expect("charts", union(plots) if plots else (0.63, 0.10, 0.99, 0.95), 0.01, 12)
    elif layout in ("ab", "ab-diverge"):
        expect("map A", maps[0] if len(maps) == 2 else (0.25, 0.10, 0.60, 0.52), 0.01 if maps else 0.03, 40)
        expect("map B", maps[1] if len(maps) == 2 else (0.63, 0.10, 0.99, 0.52), 0.01 if maps else 0.03, 40)
        expect("charts", union(plots) if plots else (0.25, 0.62, 0.99, 0.97), 0.01, 12)
        if layout == "ab-diverge":
            px = None
            if len(maps) == 2:
                w, h = img[0], img[1]
                px = [(m[0] * w, m[1] * h, m[2] * w, m[3] * h) for m in maps]
                # the same size: the smaller of the two
                px[0] = (px[0][0], px[0][1], px[0][0] + min(px[0][2] - px[0][0], px[1][2] - px[1][0]) - 1,
                         px[0][1] + min(px[0][3] - px[0][1], px[1][3] - px[1][1]) - 1)
            share = maps_differ(img, px)
            print(f"{path}: maps A and B differ in {share:.3f} of pixels")
            if share < 0.002:
                failures.append("maps A and B are identical")
    elif layout == "programme":
        box = prog[0] if prog else (0.25, 0.42, 0.99, 0.78)
        green = colour_count(img, box, (160, 212, 160))  # implementation phase on the timeline
        blue = colour_count(img, box, (64, 140, 217))    # spent part of the budget bars
        print(f"{path}: programme: implementation {green} px, budget bars {blue} px")
        if green < 200 or blue < 100:
            failures.append(f"programme panel not drawn (implementation {green} px, bars {blue} px)")
    elif layout == "error":
        n = red_pixels(img)
        print(f"{path}: red error pixels {n}")
        if n < 200:
            failures.append(f"no error window (red pixels {n})")
    else:
        raise SystemExit(f"unknown layout {layout}")
    expect("controls", (0.0, 0.05, 0.2, 0.6), 0.01, 8)
    if failures:
        print(f"{path}: FAILED: " + "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
