#!/usr/bin/env python3
"""Draw the image deck 'droom' (dromen met beelden) for Kring.

Every image is a calm, flat illustration of 512x384 pixels: no text, no faces.
The drawings are made with ImageMagick's `convert -draw` (MVG) commands; Python only
computes the shapes. Pillow is not needed. Shapes are drawn at twice the size and
scaled down, then reduced to a small palette, so each PNG stays well below 60 KB.

Usage:  python3 make_images.py [OUTPUT_DIR] [ID ...]
        (default OUTPUT_DIR: the folder of this script; default: all images)

Made for Kring; released under CC0 1.0 (see LICENSE).
"""
import math
import os
import random
import shutil
import subprocess
import sys

W, H = 1024, 768          # drawing size; the PNG is half of this: 512x384

# A soft palette.
CREAM = "#F4EDE1"
WALL = "#EFE5D5"
FLOOR = "#E3D6C1"
SKY = "#DCE9EE"
CLOUD = "#F7FAFA"
GRASS = "#B7D1A3"
GRASS2 = "#A3C48F"
SAND = "#EBD7AE"
SAND2 = "#D9BF8C"
WATER = "#A7CCD6"
WATER2 = "#93BFCB"
WOOD = "#C89B6C"
WOOD2 = "#A67B52"
TERRA = "#D98E6C"
MUST = "#E8C46E"
TEAL = "#6FA8A0"
PLUM = "#A98BA9"
SLATE = "#5E7286"
WHITE = "#FFFDF8"
NIGHT = "#3F4B68"
NIGHT2 = "#56607E"
GLOW = "#F7DC8E"
ROSE = "#E9B7A8"
GREY = "#C9C6BF"
GREY2 = "#AFAAA2"
LEAF = "#86AE7A"
LEAF2 = "#6E9A66"
BROWN = "#7A5A44"


class Scene:
    """Collects MVG drawing commands."""

    def __init__(self, bg):
        self.bg = bg
        self.cmds = []

    @staticmethod
    def _p(x, y):
        return f"{x:.1f},{y:.1f}"

    def _fill(self, col, opacity=None):
        # stroke-width 0 as well: after a stroke-opacity below 1, ImageMagick 6 draws
        # 'stroke none' as a half-transparent black outline.
        s = f"stroke none stroke-width 0 fill {col}"
        if opacity is not None:
            s += f" fill-opacity {opacity}"
        else:
            s += " fill-opacity 1"
        self.cmds.append(s)

    def rect(self, x0, y0, x1, y1, col, r=0, opacity=None):
        self._fill(col, opacity)
        if r:
            self.cmds.append(f"roundrectangle {self._p(x0, y0)} {self._p(x1, y1)} {r},{r}")
        else:
            self.cmds.append(f"rectangle {self._p(x0, y0)} {self._p(x1, y1)}")

    def circle(self, cx, cy, r, col, opacity=None):
        self._fill(col, opacity)
        self.cmds.append(f"circle {self._p(cx, cy)} {self._p(cx + r, cy)}")

    def ellipse(self, cx, cy, rx, ry, col, a0=0, a1=360, opacity=None):
        self._fill(col, opacity)
        self.cmds.append(f"ellipse {self._p(cx, cy)} {rx:.1f},{ry:.1f} {a0},{a1}")

    def poly(self, pts, col, opacity=None):
        self._fill(col, opacity)
        self.cmds.append("polygon " + " ".join(self._p(x, y) for x, y in pts))

    def ring(self, cx, cy, r, col, w):
        self.cmds.append(f"fill none stroke {col} stroke-width {w} stroke-opacity 1")
        self.cmds.append(f"circle {self._p(cx, cy)} {self._p(cx + r, cy)}")

    def outline_rect(self, x0, y0, x1, y1, col, w):
        self.cmds.append(f"fill none stroke {col} stroke-width {w} stroke-linejoin round stroke-opacity 1")
        self.cmds.append(f"rectangle {self._p(x0, y0)} {self._p(x1, y1)}")

    def line(self, x0, y0, x1, y1, col, w, opacity=None):
        op = 1 if opacity is None else opacity
        self.cmds.append(f"fill none stroke {col} stroke-width {w} stroke-linecap round stroke-opacity {op}")
        self.cmds.append(f"line {self._p(x0, y0)} {self._p(x1, y1)}")

    def curve(self, pts, col, w, steps=24, opacity=None):
        """An open Bezier curve (quadratic or cubic), drawn as short line pieces.

        ImageMagick 6.9.11 closes stroked open paths, so open curves are drawn piecewise."""
        pts = [bezier(pts, i / steps) for i in range(steps + 1)]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            self.line(x0, y0, x1, y1, col, w, opacity)

    def push(self, tx=0, ty=0, rot=0):
        self.cmds.append("push graphic-context")
        self.cmds.append(f"translate {tx:.1f},{ty:.1f}")
        if rot:
            self.cmds.append(f"rotate {rot:.1f}")

    def pop(self):
        self.cmds.append("pop graphic-context")

    def mvg(self):
        return "\n".join(self.cmds)


def bezier(pts, t):
    while len(pts) > 1:
        pts = [((1 - t) * a[0] + t * b[0], (1 - t) * a[1] + t * b[1]) for a, b in zip(pts, pts[1:])]
    return pts[0]


# ---------------------------------------------------------------- shared scenery

def sky_and_grass(s, horizon=470, sky=SKY, grass=GRASS):
    s.rect(0, 0, W, horizon, sky)
    s.rect(0, horizon, W, H, grass)


def cloud(s, x, y, k=1.0):
    for dx, dy, r in [(0, 0, 38), (45, -18, 48), (95, 0, 40), (48, 12, 40)]:
        s.circle(x + dx * k, y + dy * k, r * k, CLOUD)


def tree(s, x, ground, h=260, r=95, trunk=WOOD2, leaf=LEAF, leaf2=LEAF2):
    s.rect(x - 16, ground - h, x + 16, ground, trunk, r=6)
    s.circle(x - r * 0.55, ground - h + 10, r * 0.75, leaf2)
    s.circle(x + r * 0.55, ground - h + 15, r * 0.75, leaf2)
    s.circle(x, ground - h - r * 0.35, r, leaf)


def bush(s, x, y, k=1.0, col=LEAF2):
    for dx, r in [(-40, 38), (0, 52), (42, 40)]:
        s.circle(x + dx * k, y - r * k * 0.6, r * k, col)


def sun(s, x, y, r=55):
    s.circle(x, y, r + 22, GLOW, opacity=0.45)
    s.circle(x, y, r, MUST)


def steam(s, x, y, h=120, col=WHITE, w=12):
    s.curve([(x, y), (x - 30, y - h * 0.35), (x + 30, y - h * 0.65), (x, y - h)], col, w)


def stars(s, n, seed, ymax=420):
    rnd = random.Random(seed)
    for _ in range(n):
        s.circle(rnd.uniform(20, W - 20), rnd.uniform(20, ymax), rnd.uniform(2.5, 5), GLOW, opacity=0.8)


# ---------------------------------------------------------------- the images

def koffie():
    s = Scene(WALL)
    # window on the wall
    s.rect(600, 80, 900, 330, WHITE, r=10)
    s.rect(620, 100, 880, 310, SKY)
    s.line(750, 100, 750, 310, WHITE, 14)
    s.line(620, 205, 880, 205, WHITE, 14)
    # table
    s.rect(0, 520, W, H, WOOD)
    s.rect(0, 520, W, 545, WOOD2)
    for cx, col, side in [(350, TERRA, -1), (660, TEAL, 1)]:
        s.ellipse(cx, 548, 150, 30, GREY2)
        s.ellipse(cx, 540, 150, 30, WHITE)
        s.ring(cx + side * 110, 445, 40, col, 22)
        s.poly([(cx - 95, 375), (cx + 95, 375), (cx + 78, 515), (cx - 78, 515)], col)
        s.ellipse(cx, 515, 78, 16, col)
        s.ellipse(cx, 375, 95, 20, col)
        s.ellipse(cx, 377, 80, 14, BROWN)
        steam(s, cx - 20, 340, 130)
        steam(s, cx + 25, 330, 110)
    return s


def bank():
    s = Scene(SKY)
    sky_and_grass(s, 430)
    cloud(s, 620, 110)
    cloud(s, 170, 160, 0.7)
    s.poly([(380, H), (640, H), (560, 430), (470, 430)], SAND)
    tree(s, 150, 520, 250, 110)
    s.circle(880, 250, 0, WHITE)
    # lamp post
    s.rect(870, 200, 884, 560, SLATE)
    s.rect(846, 170, 908, 210, SLATE, r=8)
    s.circle(877, 215, 22, GLOW)
    bush(s, 960, 520, 1.0)
    # bench
    for y in (360, 410):
        s.rect(330, y, 760, y + 34, WOOD, r=8)
    s.rect(310, 470, 780, 505, WOOD2, r=8)
    s.rect(305, 460, 785, 478, WOOD, r=8)
    for x in (350, 730):
        s.rect(x - 10, 350, x + 10, 470, SLATE, r=4)
        s.rect(x - 12, 478, x + 12, 580, SLATE, r=4)
    return s


def handen():
    s = Scene(CREAM)
    s.circle(512, 400, 250, ROSE, opacity=0.55)
    skin1, skin1d = "#EAC6A4", "#D3A783"
    skin2, skin2d = "#9F6D53", "#80553F"
    # far hand (light), from the left: palm and fingers reaching under the other hand
    s.rect(-40, 350, 300, 480, TEAL, r=40)
    s.rect(280, 345, 330, 485, "#5F958E", r=16)
    s.rect(310, 360, 540, 480, skin1, r=55)
    for i, x in enumerate((575, 625, 672)):
        s.rect(x - 26, 440 - i * 4, x + 22, 505 - i * 8, skin1, r=22)
    # near hand (dark), from the right: the back of the hand, fingers curling round
    s.rect(724, 330, 1064, 460, PLUM, r=40)
    s.rect(700, 325, 750, 465, "#977997", r=16)
    s.rect(470, 330, 725, 460, skin2, r=58)
    for i, y in enumerate((372, 404, 436)):
        s.line(500, y, 560, y + 4, skin2d, 5)
    # thumb of the light hand, resting on top of the dark hand
    s.push(560, 335, -8)
    s.rect(-120, -32, 40, 28, skin1, r=30)
    s.ellipse(22, -2, 14, 18, "#F2D8BF")
    s.pop()
    # knuckle line of the dark hand
    s.curve([(640, 340), (690, 395), (640, 455)], skin2d, 5)
    return s


def lange_tafel():
    s = Scene(WALL)
    s.rect(0, 560, W, H, FLOOR)
    # lamps
    for x in (300, 512, 724):
        s.line(x, 0, x, 140, SLATE, 4)
        s.ellipse(x, 180, 62, 45, MUST, 180, 360)
        s.circle(x, 186, 12, GLOW)
    # chairs behind the table
    cols = [TEAL, TERRA, MUST, PLUM, TEAL, TERRA]
    for i, x in enumerate(range(210, 900, 122)):
        s.rect(x - 42, 300, x + 42, 420, cols[i], r=18)
    # table top (slight perspective)
    s.poly([(150, 400), (874, 400), (934, 470), (90, 470)], WOOD)
    s.rect(90, 470, 934, 492, WOOD2)
    for x in (120, 904):
        s.rect(x - 12, 492, x + 12, 650, WOOD2)
    # plates and cups
    for i, x in enumerate(range(230, 860, 122)):
        s.ellipse(x, 432, 44, 14, WHITE)
        s.ellipse(x, 432, 26, 8, GREY)
    s.ellipse(512, 425, 70, 20, TERRA)
    s.ellipse(512, 418, 56, 12, "#E6A585")
    # chairs in front
    cols2 = [PLUM, MUST, TEAL, TERRA, PLUM]
    for i, x in enumerate(range(200, 900, 150)):
        s.rect(x - 50, 520, x + 50, 700, cols2[i], r=20)
        s.rect(x - 38, 700, x - 26, 740, WOOD2)
        s.rect(x + 26, 700, x + 38, 740, WOOD2)
    return s


def zandbak():
    s = Scene(GRASS)
    s.rect(140, 190, 884, 650, WOOD, r=14)
    s.rect(180, 230, 844, 610, SAND)
    # sand castle
    s.rect(300, 360, 470, 470, SAND2)
    for x in (300, 355, 410):
        s.rect(x, 340, x + 30, 365, SAND2)
    s.rect(440, 330, 470, 365, SAND2)
    s.poly([(360, 250), (360, 300), (400, 275)], TERRA)
    s.line(360, 250, 360, 340, WOOD2, 5)
    s.rect(350, 420, 400, 470, "#C9AC78", r=20)
    # bucket
    s.poly([(570, 360), (690, 360), (672, 480), (588, 480)], TEAL)
    s.ellipse(630, 360, 60, 14, "#5F958E")
    s.ellipse(630, 330, 62, 52, SLATE, 190, 350)
    s.ellipse(630, 330, 56, 46, SAND, 190, 350)
    # spade
    s.push(720, 520, -35)
    s.rect(-8, -120, 8, 10, WOOD2, r=4)
    s.poly([(-34, 10), (34, 10), (26, 70), (0, 85), (-26, 70)], TERRA)
    s.pop()
    # ball
    s.circle(780, 300, 48, MUST)
    s.ellipse(780, 300, 48, 16, TERRA)
    # little sand moulds
    s.ellipse(260, 545, 38, 18, SAND2)
    s.ellipse(340, 560, 30, 14, SAND2)
    return s


def deur_op_een_kier():
    s = Scene("#D8CFE0")
    s.rect(0, 640, W, H, "#BFB3C9")
    # light falling on the floor from the gap
    s.poly([(520, 640), (610, 640), (900, H), (520, H)], GLOW, opacity=0.75)
    # frame and opening
    s.rect(370, 120, 630, 640, WHITE)
    s.rect(390, 140, 610, 640, GLOW)
    # door leaf, swung inwards a little
    s.poly([(390, 140), (520, 165), (520, 640), (390, 640)], WOOD)
    s.poly([(405, 190), (505, 205), (505, 370), (405, 365)], WOOD2, opacity=0.35)
    s.poly([(405, 410), (505, 415), (505, 600), (405, 605)], WOOD2, opacity=0.35)
    s.circle(498, 410, 10, MUST)
    # plant beside the door
    s.poly([(690, 640), (770, 640), (760, 560), (700, 560)], TERRA)
    for a in (-40, -15, 10, 35):
        x1 = 730 + 110 * math.sin(math.radians(a))
        y1 = 560 - 120 * math.cos(math.radians(a))
        s.line(730, 560, x1, y1, LEAF2, 10)
        s.ellipse(x1, y1, 22, 14, LEAF)
    return s


def brug():
    s = Scene(SKY)
    cloud(s, 150, 120, 0.8)
    cloud(s, 760, 90)
    s.ellipse(250, 470, 420, 120, GRASS2)
    s.ellipse(820, 470, 380, 100, GRASS2)
    s.rect(0, 460, W, H, GRASS)
    s.poly([(300, 460), (724, 460), (1024, 620), (1024, H), (0, H), (0, 620)], WATER)
    s.poly([(340, 500), (420, 500), (260, 560), (180, 560)], WATER2, opacity=0.6)
    s.poly([(640, 600), (740, 600), (660, 660), (560, 660)], WATER2, opacity=0.6)
    # the arch
    s.ellipse(512, 560, 330, 210, TERRA, 180, 360)
    s.ellipse(512, 562, 250, 150, WATER, 180, 360)
    s.rect(172, 540, 852, 562, TERRA)
    # railing
    s.curve([(185, 470), (512, 250), (839, 470)], WOOD2, 10)
    for t in [i / 8 for i in range(1, 8)]:
        x, y = bezier([(185, 470), (512, 250), (839, 470)], t)
        x2, y2 = bezier([(182, 520), (512, 320), (842, 520)], t)
        s.line(x, y, x2, y2, WOOD2, 8)
    s.curve([(182, 520), (512, 320), (842, 520)], "#C47A5A", 26)
    # reflection
    s.ellipse(512, 600, 250, 40, WATER2, 0, 180, opacity=0.7)
    return s


def stoelenkring():
    s = Scene(FLOOR)
    for y in range(0, H, 96):
        s.line(0, y, W, y, "#D9CBB4", 3)
    s.circle(512, 384, 250, ROSE)
    s.ring(512, 384, 210, WHITE, 6)
    s.circle(512, 384, 70, MUST)
    cols = [TEAL, TERRA, PLUM, MUST, TEAL, TERRA, PLUM, "#8FB3C4"]
    for i in range(8):
        a = i * 45
        x = 512 + 285 * math.sin(math.radians(a))
        y = 384 - 285 * math.cos(math.radians(a))
        s.push(x, y, a)
        s.rect(-55, -50, 55, 50, cols[i], r=14)
        s.rect(-58, -72, 58, -46, WOOD2, r=10)
        s.pop()
    return s


def lamp_in_raam():
    s = Scene(NIGHT)
    stars(s, 40, 7, 300)
    s.circle(840, 120, 55, "#F3E6C0")
    s.circle(815, 105, 50, NIGHT)
    s.rect(0, 690, W, H, "#34405A")
    # house
    s.poly([(210, 300), (512, 110), (814, 300)], "#6B5E7A")
    s.rect(240, 290, 784, 700, "#857594")
    s.rect(680, 150, 730, 250, "#6B5E7A")
    for (x0, y0), lit in [((300, 350), False), ((570, 350), True), ((300, 530), False)]:
        s.rect(x0 - 10, y0 - 10, x0 + 164, y0 + 124, "#6B5E7A")
        s.rect(x0, y0, x0 + 154, y0 + 114, GLOW if lit else NIGHT2)
        if lit:
            s.circle(x0 + 77, y0 + 57, 70, "#FBEBB5", opacity=0.7)
            # lamp on the sill
            s.rect(x0 + 74, y0 + 60, x0 + 80, y0 + 108, SLATE)
            s.rect(x0 + 55, y0 + 104, x0 + 99, y0 + 112, SLATE, r=3)
            s.poly([(x0 + 50, y0 + 62), (x0 + 104, y0 + 62), (x0 + 92, y0 + 28), (x0 + 62, y0 + 28)], TERRA)
            # curtains
            s.poly([(x0, y0), (x0 + 34, y0), (x0 + 18, y0 + 114), (x0, y0 + 114)], ROSE)
            s.poly([(x0 + 154, y0), (x0 + 120, y0), (x0 + 136, y0 + 114), (x0 + 154, y0 + 114)], ROSE)
        s.line(x0 + 77, y0, x0 + 77, y0 + 114, "#6B5E7A", 8) if not lit else None
        s.rect(x0 - 16, y0 + 114, x0 + 170, y0 + 128, "#9A8AA8")
    # door
    s.rect(580, 520, 700, 700, "#5A4C6A", r=8)
    s.circle(680, 610, 7, MUST)
    return s


def speeltuin():
    s = Scene(SKY)
    sky_and_grass(s, 500)
    sun(s, 860, 120)
    cloud(s, 160, 130, 0.8)
    # slide: ladder, platform, chute
    s.line(250, 640, 270, 300, SLATE, 14)
    s.line(330, 640, 350, 300, SLATE, 14)
    for y in range(340, 640, 50):
        t = (y - 300) / 340
        s.line(270 - 20 * t + 2, y, 350 - 20 * t - 2, y, SLATE, 9)
    s.rect(250, 285, 420, 310, WOOD2, r=6)
    s.poly([(400, 285), (440, 300), (640, 620), (600, 640)], TERRA)
    s.poly([(600, 640), (640, 620), (700, 626), (700, 646)], TERRA)
    s.line(420, 310, 420, 640, SLATE, 12)
    # seesaw
    s.poly([(820, 640), (860, 560), (900, 640)], SLATE)
    s.push(860, 560, -12)
    s.rect(-150, -12, 150, 8, MUST, r=8)
    s.rect(-140, -40, -128, -10, SLATE)
    s.rect(128, -40, 140, -10, SLATE)
    s.pop()
    bush(s, 100, 520, 0.9)
    bush(s, 960, 510, 0.7)
    return s


def tuin():
    s = Scene(SKY)
    sky_and_grass(s, 360)
    sun(s, 150, 110, 45)
    # fence
    for x in range(0, W, 64):
        s.poly([(x + 8, 380), (x + 32, 350), (x + 56, 380), (x + 56, 470), (x + 8, 470)], WHITE)
    s.rect(0, 400, W, 414, "#E9E3D6")
    s.rect(0, 440, W, 454, "#E9E3D6")
    # beds
    for x0 in (90, 560):
        s.rect(x0, 520, x0 + 380, 640, WOOD, r=10)
        s.rect(x0 + 15, 520, x0 + 365, 548, "#8C6A4E", r=8)
    rnd = random.Random(3)
    cols = [TERRA, MUST, PLUM, ROSE, WHITE]
    for x in range(130, 460, 55):
        h = rnd.uniform(110, 170)
        s.line(x, 530, x, 530 - h, LEAF2, 8)
        s.ellipse(x + 16, 530 - h * 0.5, 18, 9, LEAF)
        c = cols[rnd.randrange(len(cols))]
        for k in range(6):
            a = math.radians(k * 60)
            s.circle(x + 18 * math.cos(a), 530 - h + 18 * math.sin(a), 14, c)
        s.circle(x, 530 - h, 11, MUST if c != MUST else TERRA)
    # vegetables in the second bed
    for x in range(610, 930, 70):
        for a in (-30, 0, 30):
            s.push(x, 530, a)
            s.ellipse(0, -45, 16, 45, LEAF)
            s.pop()
    # watering can
    s.rect(430, 660, 540, 740, TEAL, r=14)
    s.poly([(540, 690), (610, 640), (620, 652), (545, 715)], TEAL)
    s.ring(485, 660, 40, "#5F958E", 12)
    s.rect(430, 660, 540, 740, TEAL, r=14)
    return s


def keukentafel():
    s = Scene(WALL)
    s.rect(0, 600, W, H, FLOOR)
    # window with curtains
    s.rect(360, 70, 664, 330, WHITE, r=8)
    s.rect(378, 88, 646, 312, SKY)
    cloud(s, 450, 190, 0.6)
    s.poly([(350, 60), (430, 60), (400, 340), (350, 340)], ROSE)
    s.poly([(674, 60), (594, 60), (624, 340), (674, 340)], ROSE)
    s.rect(340, 50, 684, 66, WOOD2, r=6)
    # chairs
    for x0, col in ((140, TEAL), (884, TEAL)):
        s.rect(x0 - 50, 330, x0 + 50, 560, col, r=16)
        s.rect(x0 - 44, 560, x0 - 30, 700, WOOD2)
        s.rect(x0 + 30, 560, x0 + 44, 700, WOOD2)
    # table
    s.rect(190, 470, 834, 500, WOOD)
    s.rect(170, 460, 854, 600, MUST, r=10)
    for x in range(200, 840, 60):
        s.rect(x, 460, x + 26, 600, "#EED08E")
    s.rect(230, 600, 252, 720, WOOD2)
    s.rect(772, 600, 794, 720, WOOD2)
    # fruit bowl
    for x, y, c in [(420, 420, TERRA), (462, 410, MUST), (500, 422, LEAF), (440, 400, TERRA), (482, 390, MUST)]:
        s.circle(x, y, 26, c)
    s.ellipse(460, 432, 90, 46, WHITE, 0, 180)
    s.rect(370, 425, 550, 438, WHITE)
    # teapot
    s.ellipse(650, 415, 62, 52, TEAL)
    s.poly([(700, 410), (760, 372), (768, 382), (708, 432)], TEAL)
    s.ring(592, 415, 26, "#5F958E", 12)
    s.ellipse(650, 365, 30, 10, "#5F958E")
    s.circle(650, 352, 10, "#5F958E")
    s.ellipse(650, 415, 62, 52, TEAL)
    # cups
    s.rect(280, 410, 320, 455, WHITE, r=8)
    s.rect(730, 425, 768, 460, WHITE, r=8)
    return s


def picknickkleed():
    s = Scene(GRASS)
    rnd = random.Random(11)
    for _ in range(60):
        x, y = rnd.uniform(0, W), rnd.uniform(0, H)
        s.line(x, y, x + rnd.uniform(-6, 6), y - 16, GRASS2, 5)
    s.push(512, 400, -8)
    s.rect(-330, -230, 330, 230, WHITE)
    n = 8
    for i in range(n):
        for j in range(6):
            if (i + j) % 2 == 0:
                s.rect(-330 + i * 82.5, -230 + j * 76.7, -330 + (i + 1) * 82.5, -230 + (j + 1) * 76.7, TERRA, opacity=0.85)
    for i in range(n):
        s.rect(-330 + i * 82.5 + 30, -230, -330 + i * 82.5 + 52, 230, WHITE, opacity=0.35)
    s.pop()
    # basket
    s.ellipse(430, 330, 95, 80, WOOD2, 180, 360)
    s.ellipse(430, 330, 80, 66, GRASS, 180, 360)
    s.rect(320, 330, 540, 440, WOOD, r=20)
    for y in (355, 385, 415):
        s.line(335, y, 525, y, WOOD2, 6)
    # apples, cups, plate
    s.circle(620, 480, 30, TERRA)
    s.circle(668, 500, 28, MUST)
    s.line(620, 452, 626, 436, BROWN, 5)
    s.ellipse(640, 330, 70, 40, WHITE)
    s.ellipse(640, 330, 50, 27, GREY)
    s.circle(300, 520, 26, TEAL)
    s.circle(300, 520, 17, "#8FC0B8")
    s.circle(370, 560, 26, PLUM)
    s.circle(370, 560, 17, "#C3A9C3")
    return s


def open_poort():
    s = Scene(SKY)
    sky_and_grass(s, 430)
    cloud(s, 720, 110)
    tree(s, 780, 430, 170, 80)
    tree(s, 240, 430, 150, 70)
    # path
    s.poly([(380, H), (660, H), (540, 430), (500, 430)], SAND)
    # fence left and right
    for x in list(range(-20, 330, 52)) + list(range(700, W + 20, 52)):
        s.poly([(x, 560), (x + 20, 532), (x + 40, 560), (x + 40, 700), (x, 700)], WHITE)
    s.rect(0, 585, 340, 600, "#E9E3D6")
    s.rect(0, 650, 340, 665, "#E9E3D6")
    s.rect(690, 585, W, 600, "#E9E3D6")
    s.rect(690, 650, W, 665, "#E9E3D6")
    # gate posts
    s.rect(330, 480, 370, 720, WOOD2, r=6)
    s.rect(670, 480, 710, 720, WOOD2, r=6)
    s.circle(350, 478, 24, WOOD)
    s.circle(690, 478, 24, WOOD)
    # the open gate leaf, swung towards us on the right
    s.poly([(710, 520), (880, 560), (880, 750), (710, 700)], WOOD, opacity=0.95)
    for k in range(1, 4):
        x = 710 + k * 42
        s.line(x, 520 + k * 10 + 8, x, 700 + k * 12.5 - 8, WOOD2, 7)
    s.line(715, 540, 875, 690, WOOD2, 8)
    return s


def stapstenen():
    s = Scene(WATER)
    s.poly([(0, 0), (W, 0), (W, 140), (700, 180), (300, 150), (0, 200)], GRASS)
    s.poly([(0, H), (W, H), (W, 700), (600, 660), (250, 690), (0, 640)], GRASS)
    rnd = random.Random(5)
    for _ in range(14):
        x, y = rnd.uniform(60, W - 60), rnd.uniform(240, 600)
        s.line(x - 40, y, x + 40, y, WATER2, 6)
    pts = [(170, 650), (280, 560), (420, 500), (560, 440), (680, 360), (770, 270), (860, 190)]
    for i, (x, y) in enumerate(pts):
        k = 1 - i * 0.07
        s.ellipse(x + 6, y + 10, 80 * k, 40 * k, WATER2)
        s.ellipse(x, y, 80 * k, 40 * k, GREY)
        s.ellipse(x - 10, y - 8, 55 * k, 22 * k, "#D8D5CF")
    # lily pads
    for x, y in [(250, 330), (830, 520), (900, 470)]:
        s.circle(x, y, 36, LEAF)
        s.poly([(x, y), (x + 40, y - 10), (x + 40, y + 12)], WATER)
    s.circle(838, 505, 12, ROSE)
    return s


def boom():
    s = Scene(CREAM)
    s.circle(512, 330, 300, SKY)
    s.ellipse(512, 700, 520, 120, GRASS)
    # the crown
    for dx, dy, r in [(0, -40, 170), (-150, 20, 130), (150, 20, 130), (-90, -120, 120), (95, -125, 120),
                      (-210, 110, 90), (210, 110, 90), (0, 90, 150)]:
        s.circle(512 + dx, 250 + dy, r, LEAF)
    for dx, dy, r in [(-60, -60, 70), (120, 40, 60), (-160, 90, 50), (40, 120, 60)]:
        s.circle(512 + dx, 250 + dy, r, "#93B987")
    # trunk and many branches on top of the crown
    s.poly([(476, 660), (548, 660), (530, 420), (494, 420)], WOOD2)
    tips = []

    def branch(x, y, ang, length, w, depth):
        x2 = x + length * math.sin(math.radians(ang))
        y2 = y - length * math.cos(math.radians(ang))
        s.line(x, y, x2, y2, WOOD2, w)
        if depth == 0:
            tips.append((x2, y2))
            return
        for d in (-32, 30):
            branch(x2, y2, ang + d, length * 0.7, max(5, w * 0.6), depth - 1)

    for a in (-55, -20, 20, 58):
        branch(512, 430, a, 95, 22, 3)
    rnd = random.Random(2)
    for i, (x, y) in enumerate(tips):
        s.circle(x, y, rnd.uniform(16, 24), LEAF2)
    for (x, y) in tips[1::4]:
        s.circle(x + 14, y + 16, 12, TERRA)
    return s


def puzzel():
    s = Scene(CREAM)
    size, gap = 200, 8
    x0, y0 = 300, 170
    cols = [[TEAL, TERRA], [MUST, PLUM]]
    for r in range(2):
        for c in range(2):
            dx = 70 if (r, c) == (1, 1) else 0
            dy = 50 if (r, c) == (1, 1) else 0
            x, y = x0 + c * size + dx, y0 + r * size + dy
            s.rect(x + gap / 2, y + gap / 2, x + size - gap / 2, y + size - gap / 2, cols[r][c], r=10)
    # knobs: (owner row, col, direction)
    knobs = [((0, 0), "right"), ((0, 0), "down"), ((0, 1), "down"), ((1, 0), "right")]
    for (r, c), d in knobs:
        moved = (r, c) == (1, 1)
        x, y = x0 + c * size, y0 + r * size
        if d == "right":
            s.circle(x + size + 4, y + size / 2, 34, cols[r][c])
        else:
            s.circle(x + size / 2, y + size + 4, 34, cols[r][c])
    # the lifted piece needs a visible hole for its neighbours' knobs
    s.circle(x0 + size + size / 2 + 70, y0 + size + 4 + 50, 38, CREAM)
    s.circle(x0 + size + 4 + 70, y0 + size + size / 2 + 50, 38, CREAM)
    s.ellipse(x0 + 1.5 * size + 80, y0 + 2 * size + 80, 160, 18, GREY, opacity=0.5)
    return s


def flame(s, cx, base, w, h, col):
    left = [bezier([(cx, base), (cx - w * 1.3, base - h * 0.25), (cx - w * 0.5, base - h * 0.7), (cx, base - h)], t / 16)
            for t in range(17)]
    right = [(2 * cx - x, y) for x, y in reversed(left)]
    s.poly(left + right, col)


def kampvuur():
    s = Scene(NIGHT)
    stars(s, 50, 9, 380)
    s.rect(0, 520, W, H, "#46514A")
    s.ellipse(512, 600, 330, 120, "#525E55")
    s.ellipse(512, 600, 220, 80, "#5E6A5C")
    # logs to sit on
    for cx in (170, 854):
        s.rect(cx - 110, 600, cx + 110, 660, WOOD2, r=28)
        s.ellipse(cx + 104, 630, 16, 30, WOOD)
    # fire logs
    for a in (-18, 18):
        s.push(512, 600, a)
        s.rect(-120, -18, 120, 18, WOOD2, r=16)
        s.ellipse(118, 0, 10, 18, WOOD)
        s.pop()
    # flames
    flame(s, 512, 590, 95, 250, TERRA)
    flame(s, 455, 592, 55, 150, TERRA)
    flame(s, 570, 592, 55, 170, TERRA)
    flame(s, 512, 592, 65, 170, MUST)
    flame(s, 512, 594, 35, 95, GLOW)
    rnd = random.Random(4)
    for _ in range(10):
        s.circle(512 + rnd.uniform(-90, 90), rnd.uniform(230, 330), rnd.uniform(3, 6), MUST)
    # stones
    for a in range(0, 180, 30):
        x = 512 + 150 * math.cos(math.radians(a + 15))
        s.ellipse(x, 640 + 18 * math.sin(math.radians(a + 15)), 28, 16, GREY2)
    return s


def bushalte():
    s = Scene(SKY)
    s.rect(0, 520, W, 600, GREY)
    s.rect(0, 600, W, H, "#8E949A")
    for x in range(30, W, 180):
        s.rect(x, 675, x + 100, 690, WHITE)
    cloud(s, 160, 120, 0.8)
    tree(s, 900, 520, 230, 90)
    # shelter
    s.rect(220, 250, 640, 520, "#CFE4EA", opacity=0.8)
    s.rect(200, 225, 660, 260, SLATE, r=6)
    s.rect(215, 255, 235, 525, SLATE)
    s.rect(625, 255, 645, 525, SLATE)
    s.rect(260, 300, 380, 450, MUST, r=6)
    s.rect(272, 312, 368, 438, "#F2DDA0")
    # bench
    s.rect(300, 450, 580, 472, WOOD, r=8)
    s.rect(320, 472, 334, 520, SLATE)
    s.rect(546, 472, 560, 520, SLATE)
    # pole with a round sign (no text)
    s.rect(740, 220, 752, 530, SLATE)
    s.circle(746, 215, 46, TEAL)
    s.ring(746, 215, 30, WHITE, 10)
    s.rect(730, 270, 762, 330, WHITE, r=6)
    return s


def marktkraam():
    s = Scene(SKY)
    s.rect(0, 560, W, H, "#D9CFC0")
    # posts
    s.rect(200, 200, 222, 640, WOOD2)
    s.rect(802, 200, 824, 640, WOOD2)
    # awning stripes
    s.poly([(170, 200), (854, 200), (900, 330), (124, 330)], WHITE)
    n = 9
    for i in range(n):
        if i % 2 == 0:
            xa0 = 170 + (854 - 170) * i / n
            xa1 = 170 + (854 - 170) * (i + 1) / n
            xb0 = 124 + (900 - 124) * i / n
            xb1 = 124 + (900 - 124) * (i + 1) / n
            s.poly([(xa0, 200), (xa1, 200), (xb1, 330), (xb0, 330)], TERRA)
    for i in range(n):
        xc = 124 + (900 - 124) * (i + 0.5) / n
        s.ellipse(xc, 330, (900 - 124) / n / 2, 26, TERRA if i % 2 == 0 else WHITE, 0, 180)
    # counter
    s.rect(160, 460, 864, 500, WOOD, r=6)
    s.rect(180, 500, 844, 640, WOOD2)
    s.rect(200, 520, 824, 620, "#B88A60")
    # crates with produce
    rnd = random.Random(8)
    for x0, c in [(200, TERRA), (420, MUST), (640, LEAF)]:
        s.rect(x0, 420, x0 + 190, 470, WOOD, r=4)
        for k in range(7):
            s.circle(x0 + 22 + k * 25, 420 - rnd.uniform(0, 8), 22, c)
        for k in range(5):
            s.circle(x0 + 40 + k * 28, 392 - rnd.uniform(0, 6), 20, c)
    return s


def soeppot():
    s = Scene(WALL)
    for x in range(0, W, 90):
        s.line(x, 0, x, 470, "#E6DAC6", 3)
    s.rect(0, 470, W, H, WOOD)
    s.rect(0, 470, W, 492, WOOD2)
    # pot
    s.rect(330, 300, 694, 520, SLATE, r=30)
    s.rect(300, 330, 340, 360, SLATE, r=10)
    s.rect(684, 330, 724, 360, SLATE, r=10)
    s.ellipse(512, 300, 182, 36, "#4E6073")
    s.ellipse(512, 302, 165, 28, TERRA)
    # ladle
    s.line(560, 300, 640, 160, WOOD2, 14)
    steam(s, 450, 260, 150)
    steam(s, 520, 250, 170)
    steam(s, 590, 265, 130)
    # bowls around
    for x, c in [(160, TEAL), (860, MUST), (250, PLUM), (770, TEAL)]:
        y = 600 if x in (250, 770) else 560
        s.ellipse(x, y, 80, 56, c, 0, 180)
        s.ellipse(x, y, 80, 16, WHITE)
        s.ellipse(x, y + 2, 66, 11, "#E6A585")
    return s


def schommel():
    s = Scene(SKY)
    sky_and_grass(s, 520)
    cloud(s, 170, 120)
    cloud(s, 800, 170, 0.7)
    # frame
    for x in (200, 824):
        s.line(x, 230, x - 90, 660, WOOD2, 22)
        s.line(x, 230, x + 90, 660, WOOD2, 22)
    s.line(180, 230, 844, 230, WOOD2, 26)
    # two swings, the second in motion
    s.line(360, 240, 360, 520, SLATE, 6)
    s.line(460, 240, 460, 520, SLATE, 6)
    s.rect(340, 515, 480, 540, TERRA, r=8)
    s.line(580, 240, 640, 500, SLATE, 6)
    s.line(680, 240, 740, 500, SLATE, 6)
    s.push(690, 505, -13)
    s.rect(-70, -12, 70, 12, TEAL, r=8)
    s.pop()
    s.ellipse(410, 650, 80, 14, GRASS2)
    s.ellipse(690, 650, 80, 14, GRASS2)
    return s


def hinkelpad():
    s = Scene("#D9D5CE")
    for x in range(0, W, 128):
        s.line(x, 0, x, H, "#CBC6BD", 4)
    for y in range(0, H, 128):
        s.line(0, y, W, y, "#CBC6BD", 4)
    c, w = "#FFFFFF", 9
    bx, by, sq = 512, 700, 105
    # from the bottom: single, single, double, single, double, half circle
    rows = [1, 1, 2, 1, 2]
    y = by
    for n in rows:
        if n == 1:
            s.outline_rect(bx - sq / 2, y - sq, bx + sq / 2, y, c, w)
        else:
            s.outline_rect(bx - sq, y - sq, bx, y, c, w)
            s.outline_rect(bx, y - sq, bx + sq, y, c, w)
        y -= sq
    s.cmds.append(f"fill none stroke {c} stroke-width {w}")
    s.cmds.append(f"ellipse {bx},{y} {sq * 0.75},{sq * 0.75} 180,360")
    s.line(bx - sq * 0.75, y, bx + sq * 0.75, y, c, w)
    # coloured chalk drawing at the side and a stone
    s.circle(780, 200, 50, MUST, opacity=0.55)
    for k in range(8):
        a = math.radians(k * 45)
        s.line(780 + 62 * math.cos(a), 200 + 62 * math.sin(a), 780 + 84 * math.cos(a), 200 + 84 * math.sin(a), MUST, 8, opacity=0.7)
    s.ellipse(512, 440, 26, 18, GREY2)
    s.rect(760, 620, 820, 640, TERRA, r=8)
    s.rect(800, 660, 860, 680, TEAL, r=8)
    return s


def boekenhoek():
    s = Scene(WALL)
    s.rect(0, 600, W, H, FLOOR)
    s.ellipse(560, 680, 380, 70, ROSE)
    # shelf
    s.rect(140, 140, 560, 600, WOOD2, r=6)
    s.rect(160, 160, 540, 580, "#E8DCC6")
    rnd = random.Random(21)
    cols = [TERRA, TEAL, MUST, PLUM, SLATE, LEAF, ROSE]
    for yb in (285, 430, 575):
        s.rect(150, yb, 550, yb + 14, WOOD2)
        x = 170
        while x < 500:
            wdt = rnd.uniform(22, 40)
            h = rnd.uniform(80, 118)
            s.rect(x, yb - h, x + wdt, yb, cols[rnd.randrange(len(cols))], r=3)
            x += wdt + 3
        s.push(x + 14, yb, 14)
        s.rect(-16, -100, 14, 0, cols[rnd.randrange(len(cols))], r=3)
        s.pop()
    # plant on top
    s.rect(300, 90, 370, 140, TERRA, r=6)
    for a in (-50, -20, 15, 45):
        s.push(335, 95, a)
        s.ellipse(0, -35, 14, 38, LEAF2)
        s.pop()
    # cushion and an open book
    s.ellipse(760, 600, 170, 80, TERRA)
    s.ellipse(760, 585, 150, 56, "#E6A585")
    s.poly([(700, 600), (760, 585), (760, 640), (700, 652)], WHITE)
    s.poly([(820, 600), (760, 585), (760, 640), (820, 652)], "#F1EBDF")
    # reading lamp
    s.line(930, 600, 930, 300, SLATE, 10)
    s.line(930, 300, 870, 250, SLATE, 10)
    s.poly([(830, 250), (910, 250), (890, 200), (850, 200)], MUST)
    s.ellipse(930, 605, 40, 10, SLATE)
    return s


def voetstappen():
    s = Scene("#F3F6F8")
    s.rect(0, 0, W, 170, "#DCE6EE")
    for x, h in [(80, 90), (150, 120), (860, 110), (940, 80)]:
        s.poly([(x, 170 - h), (x - 35, 175), (x + 35, 175)], "#B9CDC6")
    s.ellipse(512, 175, 600, 22, "#E7EEF3")
    prints = "#AFC2CF"

    def trail(p0, p1, p2, n):
        for i in range(n):
            t = i / (n - 1)
            x, y = bezier([p0, p1, p2], t)
            xa, ya = bezier([p0, p1, p2], min(1, t + 0.01))
            ang = math.degrees(math.atan2(xa - x, -(ya - y)))
            side = 1 if i % 2 else -1
            nx = math.cos(math.radians(ang)) * 18 * side
            ny = math.sin(math.radians(ang)) * 18 * side
            k = 1 - 0.45 * t
            s.push(x + nx * k, y + ny * k, ang)
            s.ellipse(0, -10 * k, 12 * k, 20 * k, prints)
            s.ellipse(0, 22 * k, 9 * k, 10 * k, prints)
            s.pop()

    for x, y, rx in [(150, 420, 160), (880, 520, 200), (520, 700, 260)]:
        s.ellipse(x, y, rx, 26, "#E8EEF2")
    trail((180, 790), (280, 520), (470, 330), 12)
    trail((860, 790), (740, 520), (555, 330), 12)
    return s


def deurmat():
    s = Scene(WALL)
    s.rect(0, 620, W, H, "#CDBFA9")
    # door
    s.rect(340, 90, 684, 600, WHITE)
    s.rect(360, 110, 664, 600, TEAL)
    s.rect(395, 150, 629, 330, "#62998F", r=6)
    s.rect(395, 370, 629, 560, "#62998F", r=6)
    s.circle(630, 360, 12, MUST)
    s.rect(320, 600, 704, 630, GREY2)
    # mat with a heart
    s.poly([(330, 650), (694, 650), (734, 740), (290, 740)], "#C9A46E")
    s.poly([(350, 662), (674, 662), (706, 728), (318, 728)], "#D6B57F")
    s.circle(495, 683, 18, TERRA)
    s.circle(529, 683, 18, TERRA)
    s.poly([(478, 690), (546, 690), (512, 720)], TERRA)
    # plant
    s.poly([(770, 620), (870, 620), (855, 520), (785, 520)], TERRA)
    for a in (-45, -15, 15, 45):
        s.push(820, 520, a)
        s.ellipse(0, -50, 18, 52, LEAF2)
        s.pop()
    s.ellipse(820, 470, 18, 50, LEAF)
    return s


def vuurtoren():
    s = Scene("#E4E2EE")
    s.rect(0, 0, W, 250, "#D6D8EA")
    s.circle(200, 140, 50, "#F3DDB6")
    s.rect(0, 500, W, H, WATER)
    for y in (560, 630, 700):
        for x in range(40 + (y % 3) * 60, W, 220):
            s.line(x, y, x + 80, y, WATER2, 6)
    # beams
    s.poly([(640, 215), (1024, 120), (1024, 290)], GLOW, opacity=0.45)
    s.poly([(560, 215), (300, 170), (300, 250)], GLOW, opacity=0.3)
    # rocks
    s.ellipse(600, 520, 230, 70, GREY2)
    s.ellipse(500, 530, 120, 50, GREY)
    s.ellipse(720, 540, 110, 40, GREY)
    # tower with stripes
    top, bot = 250, 500
    def xw(y):
        return 45 + (y - top) / (bot - top) * 35
    for i in range(5):
        y0 = top + i * 50
        y1 = y0 + 50
        col = TERRA if i % 2 == 0 else WHITE
        s.poly([(600 - xw(y0), y0), (600 + xw(y0), y0), (600 + xw(y1), y1), (600 - xw(y1), y1)], col)
    s.rect(548, 238, 652, 256, SLATE)
    s.rect(562, 175, 638, 240, GLOW)
    s.line(600, 175, 600, 240, SLATE, 6)
    s.poly([(550, 178), (650, 178), (600, 130)], SLATE)
    s.rect(585, 440, 615, 500, SLATE, r=8)
    # gulls
    for x, y in [(300, 330), (360, 300), (820, 380)]:
        s.line(x - 22, y - 8, x, y, SLATE, 5)
        s.line(x, y, x + 22, y - 8, SLATE, 5)
    return s


def twee_stoelen():
    s = Scene(WALL)
    s.rect(0, 600, W, H, FLOOR)
    s.ellipse(512, 650, 420, 70, "#D7C7E0")
    # frame on the wall
    s.rect(420, 130, 604, 290, WOOD2, r=6)
    s.rect(436, 146, 588, 274, SKY)
    s.poly([(436, 274), (500, 200), (545, 245), (565, 225), (588, 260), (588, 274)], GRASS2)

    def armchair(x, col, dark, facing):
        # facing = 1: looks to the right
        back = x - facing * 110
        s.rect(min(back, back + facing * 50) - 0, 300, max(back, back + facing * 50), 560, dark, r=30)
        s.rect(x - 120, 470, x + 120, 560, col, r=24)
        s.rect(x - 130, 420, x - 80, 560, dark, r=22) if facing == 1 else s.rect(x + 80, 420, x + 130, 560, dark, r=22)
        s.rect(x - 110, 560, x - 94, 620, WOOD2)
        s.rect(x + 94, 560, x + 110, 620, WOOD2)

    armchair(260, TERRA, "#C47A5A", 1)
    armchair(764, TEAL, "#5F958E", -1)
    # little table with two cups
    s.ellipse(512, 470, 80, 20, WOOD)
    s.rect(504, 470, 520, 610, WOOD2)
    s.ellipse(512, 612, 50, 10, WOOD2)
    s.rect(478, 440, 500, 466, WHITE, r=4)
    s.rect(524, 440, 546, 466, WHITE, r=4)
    steam(s, 489, 430, 60, WHITE, 6)
    steam(s, 535, 428, 70, WHITE, 6)
    return s


IMAGES = {
    "koffie": koffie,
    "bank": bank,
    "handen": handen,
    "lange-tafel": lange_tafel,
    "zandbak": zandbak,
    "deur-op-een-kier": deur_op_een_kier,
    "brug": brug,
    "stoelenkring": stoelenkring,
    "lamp-in-raam": lamp_in_raam,
    "speeltuin": speeltuin,
    "tuin": tuin,
    "keukentafel": keukentafel,
    "picknickkleed": picknickkleed,
    "open-poort": open_poort,
    "stapstenen": stapstenen,
    "boom": boom,
    "puzzel": puzzel,
    "kampvuur": kampvuur,
    "bushalte": bushalte,
    "marktkraam": marktkraam,
    "soeppot": soeppot,
    "schommel": schommel,
    "hinkelpad": hinkelpad,
    "boekenhoek": boekenhoek,
    "voetstappen": voetstappen,
    "deurmat": deurmat,
    "vuurtoren": vuurtoren,
    "twee-stoelen": twee_stoelen,
}


def render(name, out_dir):
    scene = IMAGES[name]()
    out = os.path.join(out_dir, name + ".png")
    cmd = ["convert", "-size", f"{W}x{H}", f"xc:{scene.bg}", "-draw", scene.mvg(),
           "-resize", f"{W // 2}x{H // 2}", "+dither", "-colors", "48",
           "-strip", "-define", "png:compression-level=9", "PNG8:" + out]
    subprocess.run(cmd, check=True)
    return out


def main(argv):
    if not shutil.which("convert"):
        sys.exit("make_images.py needs ImageMagick's 'convert' on the PATH")
    out_dir = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    names = argv[2:] or list(IMAGES)
    for n in names:
        path = render(n, out_dir)
        print(f"{path}  {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main(sys.argv)
