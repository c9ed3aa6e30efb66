#!/usr/bin/env python3
"""Draws the demo game's sprites and item icons as PNG files (standard library only).

    python3 assets/make_sprites.py

Every picture is a few filled shapes (circles, polygons, rounded boxes, thick lines) drawn
with a dark outline and 4x4 supersampling, written to assets/sprites/ and assets/icons/.
Running it again rewrites the same files.
"""

import math
import os
import struct
import zlib

SIZE = 64
SS = 4  # samples per pixel along each axis
OUTLINE = (40, 30, 45)
HERE = os.path.dirname(os.path.abspath(__file__))


def write_png(path, width, height, pixels):
    """pixels: rows of (r, g, b, a) tuples with 0..255 channels."""
    raw = bytearray()
    for row in pixels:
        raw.append(0)
        for r, g, b, a in row:
            raw += bytes((r, g, b, a))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(png)


class Canvas:
    """A square RGBA canvas in 0..1 coordinates, painted shape by shape (painter's order)."""

    def __init__(self, size=SIZE):
        self.size = size
        self.px = [[(0.0, 0.0, 0.0, 0.0) for _ in range(size)] for _ in range(size)]

    def fill(self, inside, color, alpha=1.0):
        """Paints every pixel by the share of its samples for which inside(x, y) holds."""
        n = self.size
        r, g, b = (c / 255.0 for c in color)
        for py in range(n):
            for px in range(n):
                hits = 0
                for sy in range(SS):
                    y = (py + (sy + 0.5) / SS) / n
                    for sx in range(SS):
                        x = (px + (sx + 0.5) / SS) / n
                        if inside(x, y):
                            hits += 1
                if hits:
                    a = alpha * hits / (SS * SS)
                    dr, dg, db, da = self.px[py][px]
                    out_a = a + da * (1 - a)
                    mix = lambda s, d: (s * a + d * da * (1 - a)) / out_a
                    self.px[py][px] = (mix(r, dr), mix(g, dg), mix(b, db), out_a)

    def save(self, path):
        rows = [[tuple(int(round(c * 255)) for c in p) for p in row] for row in self.px]
        write_png(path, self.size, self.size, rows)


# Shapes: functions of (x, y) that say whether the point is inside.

def circle(cx, cy, r):
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def ellipse(cx, cy, rx, ry):
    return lambda x, y: ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1


def box(x0, y0, x1, y1, radius=0.0):
    def inside(x, y):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + radius), x1 - radius)
        cy = min(max(y, y0 + radius), y1 - radius)
        return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius + 1e-12
    return inside


def polygon(points):
    def inside(x, y):
        hit = False
        j = len(points) - 1
        for i, (xi, yi) in enumerate(points):
            xj, yj = points[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                hit = not hit
            j = i
        return hit
    return inside


def line(x0, y0, x1, y1, width):
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy

    def inside(x, y):
        t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / length2))
        px, py = x0 + t * dx, y0 + t * dy
        return (x - px) ** 2 + (y - py) ** 2 <= (width / 2) ** 2
    return inside


def arc(cx, cy, r, width, a0, a1):
    def inside(x, y):
        d = math.hypot(x - cx, y - cy)
        if abs(d - r) > width / 2:
            return False
        a = math.atan2(y - cy, x - cx)
        return a0 <= a <= a1
    return inside


def union(*shapes):
    return lambda x, y: any(s(x, y) for s in shapes)


def grow(shape, by):
    """The shape dilated by `by` (used for outlines): sampled on a small ring of offsets."""
    offsets = [(by * math.cos(a), by * math.sin(a)) for a in (i * math.pi / 4 for i in range(8))]
    return lambda x, y: shape(x, y) or any(shape(x + ox, y + oy) for ox, oy in offsets)


def outlined(canvas, shape, color, width=0.035):
    canvas.fill(grow(shape, width), OUTLINE)
    canvas.fill(shape, color)


def star_points(cx, cy, r_out, r_in, n=5, turn=-math.pi / 2):
    pts = []
    for i in range(2 * n):
        r = r_out if i % 2 == 0 else r_in
        a = turn + i * math.pi / n
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def shine(canvas, cx, cy, r=0.06):
    canvas.fill(circle(cx, cy, r), (255, 255, 255), 0.7)


# The pictures.

def hero():
    c = Canvas()
    c.fill(ellipse(0.5, 0.92, 0.26, 0.06), (0, 0, 0), 0.25)  # shadow
    outlined(c, union(box(0.33, 0.78, 0.46, 0.9, 0.04), box(0.54, 0.78, 0.67, 0.9, 0.04)), (90, 60, 40))  # boots
    outlined(c, box(0.28, 0.5, 0.72, 0.84, 0.1), (60, 110, 200))  # tunic
    c.fill(box(0.28, 0.66, 0.72, 0.71), (150, 100, 50))  # belt
    outlined(c, circle(0.5, 0.38, 0.2), (250, 210, 170))  # head
    outlined(c, polygon([(0.26, 0.3), (0.74, 0.3), (0.62, 0.06), (0.4, 0.1)]), (210, 50, 60))  # hat
    c.fill(circle(0.66, 0.06, 0.05), (255, 220, 80))  # feather tip
    c.fill(circle(0.43, 0.4, 0.03), OUTLINE)
    c.fill(circle(0.57, 0.4, 0.03), OUTLINE)
    c.fill(arc(0.5, 0.44, 0.07, 0.02, 0.4, 2.7), OUTLINE)  # smile
    return c


def star():
    c = Canvas()
    outlined(c, polygon(star_points(0.5, 0.53, 0.42, 0.18)), (255, 205, 40))
    c.fill(polygon(star_points(0.5, 0.53, 0.26, 0.11)), (255, 235, 120))
    shine(c, 0.42, 0.4, 0.05)
    return c


def gold():
    c = Canvas()
    outlined(c, circle(0.5, 0.5, 0.38), (240, 180, 30))
    c.fill(circle(0.5, 0.5, 0.29), (255, 210, 60))
    c.fill(box(0.46, 0.32, 0.54, 0.68, 0.03), (210, 150, 20))
    shine(c, 0.38, 0.36)
    return c


def gems():
    c = Canvas()
    top, mid, bottom = 0.22, 0.42, 0.86
    outlined(c, polygon([(0.3, top), (0.7, top), (0.88, mid), (0.5, bottom), (0.12, mid)]), (60, 200, 230))
    c.fill(polygon([(0.3, top), (0.7, top), (0.62, mid), (0.38, mid)]), (150, 235, 250))
    c.fill(polygon([(0.38, mid), (0.62, mid), (0.5, bottom)]), (40, 160, 210))
    shine(c, 0.36, 0.3, 0.04)
    return c


def potion(liquid, light):
    c = Canvas()
    flask = union(circle(0.5, 0.62, 0.27), box(0.41, 0.2, 0.59, 0.45, 0.02))
    outlined(c, flask, (225, 235, 245))
    c.fill(lambda x, y: circle(0.5, 0.62, 0.23)(x, y) and y > 0.52, liquid)
    c.fill(ellipse(0.5, 0.52, 0.21, 0.04), light)
    outlined(c, box(0.4, 0.1, 0.6, 0.22, 0.03), (150, 100, 60))  # cork
    shine(c, 0.4, 0.58, 0.045)
    return c


def speed_boots():
    c = Canvas()
    boot = polygon([(0.3, 0.18), (0.56, 0.18), (0.56, 0.6), (0.84, 0.66), (0.86, 0.84), (0.26, 0.84)])
    outlined(c, boot, (150, 90, 50))
    c.fill(box(0.26, 0.76, 0.86, 0.84), (90, 55, 30))
    wing = polygon([(0.3, 0.3), (0.06, 0.2), (0.12, 0.32), (0.04, 0.38), (0.14, 0.44), (0.3, 0.46)])
    outlined(c, wing, (250, 250, 255), 0.025)
    return c


def treasure_chest():
    c = Canvas()
    outlined(c, box(0.12, 0.42, 0.88, 0.84, 0.04), (160, 100, 50))
    outlined(c, box(0.12, 0.22, 0.88, 0.44, 0.12), (180, 115, 60))
    c.fill(box(0.12, 0.4, 0.88, 0.46), (240, 190, 50))
    c.fill(union(box(0.2, 0.22, 0.27, 0.84), box(0.73, 0.22, 0.8, 0.84)), (240, 190, 50))
    outlined(c, box(0.43, 0.38, 0.57, 0.56, 0.03), (255, 215, 70), 0.025)
    return c


def starter_pack():
    c = Canvas()
    outlined(c, box(0.14, 0.3, 0.86, 0.86, 0.05), (90, 190, 110))
    c.fill(box(0.45, 0.3, 0.55, 0.86), (250, 230, 90))
    c.fill(box(0.14, 0.52, 0.86, 0.6), (250, 230, 90))
    outlined(c, union(ellipse(0.38, 0.24, 0.12, 0.08), ellipse(0.62, 0.24, 0.12, 0.08)), (250, 230, 90), 0.025)
    return c


def hero_sword():
    c = Canvas()
    outlined(c, polygon([(0.78, 0.12), (0.88, 0.12), (0.88, 0.22), (0.42, 0.68), (0.32, 0.58)]), (215, 225, 235))
    outlined(c, line(0.24, 0.52, 0.48, 0.76, 0.08), (200, 160, 40))  # guard
    outlined(c, line(0.34, 0.66, 0.16, 0.84, 0.08), (120, 70, 40))  # grip
    c.fill(circle(0.14, 0.86, 0.06), (200, 160, 40))
    return c


def magic_bow():
    c = Canvas()
    c.fill(line(0.3, 0.12, 0.3, 0.88, 0.02), (240, 240, 240))  # string
    outlined(c, arc(0.12, 0.5, 0.5, 0.08, -1.1, 1.1), (150, 80, 200))
    outlined(c, line(0.26, 0.5, 0.9, 0.5, 0.03), (180, 130, 80), 0.02)  # arrow
    c.fill(polygon([(0.9, 0.44), (0.98, 0.5), (0.9, 0.56)]), (200, 210, 220))
    c.fill(circle(0.6, 0.5, 0.05), (255, 120, 240))
    return c


def dragon_shield():
    c = Canvas()
    shape = polygon([(0.18, 0.14), (0.82, 0.14), (0.82, 0.5), (0.5, 0.9), (0.18, 0.5)])
    outlined(c, shape, (200, 50, 50))
    c.fill(polygon([(0.5, 0.14), (0.82, 0.14), (0.82, 0.5), (0.5, 0.9)]), (170, 35, 40))
    outlined(c, polygon(star_points(0.5, 0.45, 0.18, 0.08)), (250, 200, 60), 0.02)
    return c


def gem_pouch():
    c = Canvas()
    pouch = union(ellipse(0.5, 0.64, 0.34, 0.26), polygon([(0.34, 0.3), (0.66, 0.3), (0.6, 0.44), (0.4, 0.44)]))
    outlined(c, pouch, (140, 90, 170))
    c.fill(box(0.34, 0.38, 0.66, 0.43, 0.02), (240, 200, 80))
    outlined(c, polygon([(0.5, 0.52), (0.6, 0.62), (0.5, 0.76), (0.4, 0.62)]), (60, 200, 230), 0.02)
    return c


def weapon_choice():
    c = Canvas()
    outlined(c, circle(0.5, 0.5, 0.42), (250, 240, 200))
    c.fill(polygon(star_points(0.5, 0.5, 0.3, 0.13, 8)), (255, 215, 90))
    outlined(c, line(0.3, 0.7, 0.72, 0.28, 0.09), (215, 225, 235), 0.025)
    outlined(c, line(0.3, 0.3, 0.7, 0.7, 0.07), (150, 80, 200), 0.025)
    return c


def hero_points():
    c = Canvas()
    c.fill(polygon([(0.32, 0.04), (0.46, 0.04), (0.5, 0.4), (0.36, 0.4)]), (60, 110, 200))
    c.fill(polygon([(0.54, 0.04), (0.68, 0.04), (0.64, 0.4), (0.5, 0.4)]), (210, 50, 60))
    outlined(c, circle(0.5, 0.62, 0.3), (250, 190, 50))
    outlined(c, polygon(star_points(0.5, 0.63, 0.18, 0.08)), (255, 235, 140), 0.02)
    return c


def tree():
    c = Canvas()
    c.fill(ellipse(0.5, 0.92, 0.3, 0.06), (0, 0, 0), 0.25)
    outlined(c, box(0.43, 0.6, 0.57, 0.92, 0.03), (120, 80, 45))
    crown = union(circle(0.5, 0.3, 0.24), circle(0.3, 0.48, 0.2), circle(0.7, 0.48, 0.2), circle(0.5, 0.56, 0.2))
    outlined(c, crown, (60, 150, 70))
    c.fill(union(circle(0.44, 0.26, 0.1), circle(0.28, 0.44, 0.07)), (100, 190, 90))
    return c


def rock():
    c = Canvas()
    c.fill(ellipse(0.5, 0.84, 0.36, 0.07), (0, 0, 0), 0.25)
    outlined(c, polygon([(0.16, 0.82), (0.2, 0.5), (0.42, 0.3), (0.7, 0.34), (0.86, 0.6), (0.84, 0.82)]), (140, 140, 150))
    c.fill(polygon([(0.42, 0.3), (0.7, 0.34), (0.62, 0.5), (0.36, 0.46)]), (175, 175, 185))
    return c


def flower():
    c = Canvas()
    c.fill(line(0.5, 0.5, 0.5, 0.9, 0.05), (60, 140, 60))
    c.fill(ellipse(0.62, 0.76, 0.1, 0.05), (70, 160, 70))
    petals = union(*[circle(0.5 + 0.14 * math.cos(a), 0.42 + 0.14 * math.sin(a), 0.1)
                     for a in (i * 2 * math.pi / 5 for i in range(5))])
    outlined(c, petals, (240, 110, 170), 0.025)
    c.fill(circle(0.5, 0.42, 0.08), (255, 220, 80))
    return c


def grass():
    """A tile: flat green with a few darker blades, seamless because nothing crosses an edge."""
    c = Canvas()
    c.fill(box(0, 0, 1, 1), (106, 170, 90))
    for (x, y) in [(0.15, 0.2), (0.6, 0.12), (0.35, 0.55), (0.8, 0.5), (0.2, 0.82), (0.66, 0.8)]:
        c.fill(union(line(x, y, x - 0.03, y - 0.07, 0.025), line(x, y, x + 0.03, y - 0.08, 0.025)), (86, 146, 74))
    return c


SPRITES = {"hero": hero, "star": star, "tree": tree, "rock": rock, "flower": flower, "grass": grass}
ICONS = {
    "gold": gold, "gems": gems,
    "health_potion": lambda: potion((220, 50, 60), (250, 120, 130)),
    "mana_potion": lambda: potion((60, 90, 220), (130, 160, 250)),
    "speed_boots": speed_boots, "treasure_chest": treasure_chest, "starter_pack": starter_pack,
    "hero_sword": hero_sword, "magic_bow": magic_bow, "dragon_shield": dragon_shield,
    "gem_pouch": gem_pouch, "weapon_choice": weapon_choice, "hero_points": hero_points,
}

if __name__ == "__main__":
    for name, draw in SPRITES.items():
        draw().save(os.path.join(HERE, "sprites", name + ".png"))
    for name, draw in ICONS.items():
        draw().save(os.path.join(HERE, "icons", name + ".png"))
    print(f"wrote {len(SPRITES)} sprites and {len(ICONS)} icons")
