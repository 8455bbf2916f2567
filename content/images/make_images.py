#!/usr/bin/env python3
"""Draw the image deck 'droom' (dromen met beelden) for Kring.

Every image is a calm, flat illustration of 512x384 pixels, without text. People are
drawn as simple figures without facial features (a round head, hair or a headscarf, a
body and limbs), with different skin tones, ages and roles.
The drawings are made with ImageMagick's `convert -draw` (MVG) commands; Python only
computes the shapes. Pillow is not needed. Shapes are drawn at twice the size and
scaled down, then reduced to a small palette, so each PNG stays well below 60 KB.
IMAGES lists the images in the order of the deck (content/decks/droom.json).

Usage:  python3 make_images.py [OUTPUT_DIR] [ID ...]
        (default OUTPUT_DIR: the folder of this script; default: all images)
Needs ImageMagick on the PATH ('convert', or 'magick' of ImageMagick 7).

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

    def rpoly(self, pts, col, rad):
        """A polygon with corners rounded by rad (the outline grows by rad)."""
        self.cmds.append(f"fill {col} fill-opacity 1 stroke {col} stroke-width {2 * rad:.1f} "
                         f"stroke-linejoin round stroke-opacity 1")
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


# ---------------------------------------------------------------- people
#
# People are simple flat figures without facial features: a round head, hair or a headscarf,
# a body and limbs drawn as thick rounded strokes. A figure is posed with angles: every limb
# gets the angle it makes with 'straight down' (positive: towards +x, or forwards in a side
# view), and the figure is placed by its hip or by the ground it stands on.

SKINS = ["#F3D9C2", "#EAC6A4", "#D6A67F", "#B98461", "#9F6D53", "#74503D"]
HAIR = {"black": "#2F2B30", "dark": "#4B3A33", "brown": "#7A5A44", "blond": "#DDB872",
        "red": "#B4693F", "grey": "#D9D5CE", "white": "#EDEAE4"}

# Lengths in head radii.
BUILDS = {
    "adult": dict(neck=1.6, torso=4.6, sh=1.5, hip=0.7, ua=2.7, fa=2.5, th=3.2, sn=3.2,
                  arm=0.95, leg=1.2, tw=1.7, hw=1.45, hand=0.46),
    "child": dict(neck=1.5, torso=3.0, sh=1.15, hip=0.55, ua=1.8, fa=1.6, th=2.0, sn=1.9,
                  arm=0.8, leg=0.95, tw=1.3, hw=1.2, hand=0.38),
    "toddler": dict(neck=1.35, torso=2.2, sh=1.0, hip=0.5, ua=1.25, fa=1.1, th=1.3, sn=1.15,
                    arm=0.72, leg=0.88, tw=1.2, hw=1.2, hand=0.34),
    "baby": dict(neck=1.25, torso=1.8, sh=0.9, hip=0.45, ua=0.9, fa=0.8, th=0.9, sn=0.8,
                 arm=0.66, leg=0.78, tw=1.1, hw=1.1, hand=0.3),
}

# Poses: t = lean of the body; la/ra = (upper arm, forearm), ll/rl = (thigh, shin), each an angle
# from straight down. In the front view 'l' is the figure's limb on the left of the picture; in a
# side view 'l' is the far limb and the angles are for a figure facing right (mirrored when it
# faces left).
STAND = dict(t=0, la=(-9, -4), ra=(9, 4), ll=(-3, -1), rl=(3, 1))
WALK = dict(t=3, la=(22, 40), ra=(-20, -8), ll=(-18, -4), rl=(20, 4))
SIT = dict(t=-4, la=(10, 70), ra=(14, 75), ll=(86, 0), rl=(90, 2))
KNEEL = dict(t=8, la=(60, 80), ra=(50, 70), ll=(18, -88), rl=(8, -92))


def shade(col, k):
    """Darker (k < 1) or lighter (k > 1) version of a colour."""
    r, g, b = (int(col[i:i + 2], 16) for i in (1, 3, 5))
    if k <= 1:
        r, g, b = (v * k for v in (r, g, b))
    else:
        r, g, b = (v + (255 - v) * (k - 1) for v in (r, g, b))
    return "#%02X%02X%02X" % tuple(int(round(min(255, max(0, v)))) for v in (r, g, b))


def _dir(a):
    a = math.radians(a)
    return math.sin(a), math.cos(a)


def _ik(sh, tgt, l1, l2, elbow="down"):
    """Upper arm and forearm from the shoulder sh towards the point tgt: (elbow, hand)."""
    dx, dy = tgt[0] - sh[0], tgt[1] - sh[1]
    d = max(abs(l1 - l2) + 1e-3, min(math.hypot(dx, dy), (l1 + l2) * 0.999))
    base = math.atan2(dy, dx)
    a = math.acos(max(-1.0, min(1.0, (l1 * l1 + d * d - l2 * l2) / (2 * l1 * d))))
    cands = []
    for sg in (1, -1):
        e = (sh[0] + l1 * math.cos(base + sg * a), sh[1] + l1 * math.sin(base + sg * a))
        cands.append(e)
    if elbow == "down":
        e = max(cands, key=lambda p: p[1])
    elif elbow == "up":
        e = min(cands, key=lambda p: p[1])
    elif elbow == "left":
        e = min(cands, key=lambda p: p[0])
    else:
        e = max(cands, key=lambda p: p[0])
    ex, ey = tgt[0] - e[0], tgt[1] - e[1]
    k = l2 / max(1e-6, math.hypot(ex, ey))
    return e, (e[0] + ex * k, e[1] + ey * k)


def meeting_point(a, ka, b, kb, slack=0.93):
    """Where two figures (joints from person(draw=False)) can hold hands: the lower crossing of
    the circles their arms reach (shoulders a[ka + 'sh'], b[kb + 'sh'])."""
    (x0, y0), (x1, y1) = a[ka + "sh"], b[kb + "sh"]
    r0 = (a["reach"]) * slack
    r1 = (b["reach"]) * slack
    d = math.hypot(x1 - x0, y1 - y0)
    if d >= r0 + r1:
        k = r0 / (r0 + r1)
        return x0 + (x1 - x0) * k, y0 + (y1 - y0) * k
    aa = (r0 * r0 - r1 * r1 + d * d) / (2 * d)
    h = math.sqrt(max(0.0, r0 * r0 - aa * aa))
    mx, my = x0 + aa * (x1 - x0) / d, y0 + aa * (y1 - y0) / d
    c1 = (mx + h * (y1 - y0) / d, my - h * (x1 - x0) / d)
    c2 = (mx - h * (y1 - y0) / d, my + h * (x1 - x0) / d)
    return max((c1, c2), key=lambda p: p[1])


def person(s, x, y, u, pose=None, build="adult", view="front", facing=1, ground=None,
           skin=SKINS[1], hair=HAIR["dark"], style="short", top=TEAL, bottom=SLATE,
           shoes=BROWN, skirt=None, scarf=None, draw=True, hands=None, thigh=1.0, legs=True, **changes):
    """Draw a figure; (x, y) is the hip, or with ground= the figure stands with its lowest foot
    on that line. u is the radius of the head. hands: {'l' or 'r': (x, y[, elbow])} puts a hand
    on a point ('elbow' is 'down', 'up', 'left' or 'right'). thigh < 1 shortens the thighs, for a
    figure seen from the front that sits with its knees towards us; legs=False leaves the legs
    out (someone sitting cross-legged, seen from behind). Returns the joints."""
    if ground is not None:
        J = person(s, x, 0, u, pose, build, view, facing, None, draw=False, thigh=thigh, **changes)
        y = ground - (max(J["lfoot"][1], J["rfoot"][1]) + 0.3 * u)
        return person(s, x, y, u, pose, build, view, facing, None, skin, hair, style, top, bottom,
                      shoes, skirt, scarf, draw, hands, thigh, legs, **changes)
    B = dict(BUILDS[build])
    B["th"] *= thigh
    P = dict(STAND if pose is None else pose)
    P.update(changes)
    f = facing if view == "side" else 1

    def vec(a, length):
        dx, dy = _dir(a * f)
        return dx * length * u, dy * length * u

    def add(p, v, k=1.0):
        return p[0] + v[0] * k, p[1] + v[1] * k

    t = P.get("t", 0)
    hip = (x, y)
    up = vec(180 - t, 1)
    across = (-up[1], up[0])          # length u, to the right of the picture in the front view
    neck = add(hip, up, B["torso"])
    head = add(neck, vec(180 - t - P.get("nod", 0), 1), B["neck"])
    side = view == "side"
    if side:
        sh_l = sh_r = add(neck, up, -0.35)
        hp_l = hp_r = hip
    else:
        sh_l, sh_r = add(neck, across, -B["sh"]), add(neck, across, B["sh"])
        hp_l, hp_r = add(hip, across, -B["hip"]), add(hip, across, B["hip"])
    J = dict(hip=hip, neck=neck, head=head)
    for k, sh in (("l", sh_l), ("r", sh_r)):
        if hands and k in hands:
            tgt = hands[k]
            J[k + "elbow"], J[k + "hand"] = _ik(sh, tgt[:2], B["ua"] * u, B["fa"] * u,
                                                tgt[2] if len(tgt) > 2 else "down")
        else:
            a1, a2 = P[k + "a"]
            J[k + "elbow"] = add(sh, vec(a1, B["ua"]))
            J[k + "hand"] = add(J[k + "elbow"], vec(a2, B["fa"]))
        J[k + "sh"] = sh
    for k, hp in (("l", hp_l), ("r", hp_r)):
        a1, a2 = P[k + "l"]
        J[k + "knee"] = add(hp, vec(a1, B["th"]))
        J[k + "foot"] = add(J[k + "knee"], vec(a2, B["sn"]))
        J[k + "hp"] = hp
    J["u"] = u
    J["reach"] = (B["ua"] + B["fa"]) * u
    J["up"] = (up[0] / u, up[1] / u)
    if not draw:
        return J
    _draw_person(s, J, u, B, view, f, skin, hair, style, top, bottom, shoes, skirt, scarf, legs)
    return J


def _draw_person(s, J, u, B, view, f, skin, hair, style, top, bottom, shoes, skirt, scarf, legs):
    side = view == "side"
    sitting = abs(J["lknee"][1] - J["lhp"][1]) < 0.6 * B["th"] * u
    upx, upy = J["up"]
    acx, acy = (-upy, upx)
    hip, neck, head = J["hip"], J["neck"], J["head"]
    arm_col = shade(top, 0.9)

    def limb(a, b, c, col, w):
        s.line(a[0], a[1], b[0], b[1], col, w * u)
        s.line(b[0], b[1], c[0], c[1], col, w * u)

    def shoe(k, col):
        fx, fy = J[k + "foot"]
        if side:
            s.ellipse(fx + f * 0.35 * u, fy + 0.05 * u, 0.78 * u, 0.36 * u, col)
        else:
            s.ellipse(fx + (-0.1 if k == "l" else 0.1) * u, fy + 0.1 * u, 0.55 * u, 0.36 * u, col)

    def leg(k, col, dark=1.0):
        if not legs:
            return
        c = shade(col, dark)
        if skirt is not None and side and sitting:
            limb(J[k + "hp"], J[k + "knee"], J[k + "knee"], shade(skirt, dark), B["leg"] * 1.35)
            limb(J[k + "knee"], J[k + "knee"], J[k + "foot"], c, B["leg"] * 0.8)
        elif skirt is not None:
            limb(J[k + "knee"], J[k + "knee"], J[k + "foot"], c, B["leg"] * 0.8)
        else:
            limb(J[k + "hp"], J[k + "knee"], J[k + "foot"], c, B["leg"])
        if shoes:
            shoe(k, shade(shoes, dark))

    def arm(k, col):
        limb(J[k + "sh"], J[k + "elbow"], J[k + "hand"], col, B["arm"])
        hx, hy = J[k + "hand"]
        s.circle(hx, hy, B["hand"] * u, skin)

    hx, hy = head
    # hair that falls behind the body
    if style in ("long", "ponytail") and view != "back":
        if side:
            s.rect(hx - f * 1.05 * u - 0.5 * u, hy - 0.3 * u, hx - f * 1.05 * u + 0.5 * u, hy + 2.2 * u, hair, r=0.5 * u)
            s.rect(min(hx, hx - f * 1.2 * u), hy - 0.5 * u, max(hx, hx - f * 1.2 * u), hy + 1.6 * u, hair, r=0.6 * u)
        else:
            s.rect(hx - 1.18 * u, hy - 0.4 * u, hx + 1.18 * u, hy + 2.4 * u, hair, r=0.9 * u)
    if scarf and not side:
        s.poly([(hx - 1.15 * u, hy), (hx + 1.15 * u, hy), (neck[0] + 1.9 * u, neck[1] + 1.1 * u),
                (neck[0] - 1.9 * u, neck[1] + 1.1 * u)], scarf)
    if side:
        arm("l", shade(top, 0.82))
        leg("l", bottom, 0.85)
    else:
        leg("l", bottom)
        leg("r", bottom)
    # body
    tw = B["tw"] * (0.62 if side else 1)
    hw = B["hw"] * (0.7 if side else 1)
    rad = 0.45 * u
    top_c = (neck[0] + upx * 0.1 * u, neck[1] + upy * 0.1 * u)
    bot_c = (hip[0] - upx * 0.2 * u, hip[1] - upy * 0.2 * u)
    if side:
        top_c = (top_c[0] - f * 0.1 * u, top_c[1])
    pts = [(top_c[0] - acx * (tw * u - rad) + upx * -rad, top_c[1] - acy * (tw * u - rad) - upy * rad),
           (top_c[0] + acx * (tw * u - rad) + upx * -rad, top_c[1] + acy * (tw * u - rad) - upy * rad),
           (bot_c[0] + acx * (hw * u - rad) + upx * rad, bot_c[1] + acy * (hw * u - rad) + upy * rad),
           (bot_c[0] - acx * (hw * u - rad) + upx * rad, bot_c[1] - acy * (hw * u - rad) + upy * rad)]
    s.rpoly(pts, top, rad)
    if skirt is not None and not side:
        kl, kr = J["lknee"], J["rknee"]
        ky = max(kl[1], kr[1]) + 0.3 * u
        s.rpoly([(hip[0] - hw * u + 0.2 * u, hip[1] - 0.6 * u), (hip[0] + hw * u - 0.2 * u, hip[1] - 0.6 * u),
                 (hip[0] + hw * u + 0.7 * u, ky), (hip[0] - hw * u - 0.7 * u, ky)], skirt, 0.3 * u)
    if side:
        leg("r", bottom)
        if skirt is not None and not sitting:
            kx = (J["lknee"][0] + J["rknee"][0]) / 2
            ky = max(J["lknee"][1], J["rknee"][1]) + 0.5 * u
            spread = abs(J["lknee"][0] - J["rknee"][0]) / 2
            s.rpoly([(hip[0] - 0.9 * u, hip[1] - 0.8 * u), (hip[0] + 0.9 * u, hip[1] - 0.8 * u),
                     (kx + spread + 1.3 * u, ky), (kx - spread - 1.3 * u, ky)], skirt, 0.3 * u)
    # neck and head; long hair seen from behind falls over the back
    s.line(neck[0], neck[1], hx, hy, skin, 0.75 * u)
    if view == "back" and style in ("long", "ponytail") and not scarf:
        w = 1.05 if style == "long" else 0.38
        s.rect(hx - w * u, hy, hx + w * u, hy + (2.7 if style == "long" else 2.2) * u, hair, r=min(w, 0.8) * u)
    if scarf:
        _headscarf(s, hx, hy, u, scarf, view, f, neck)
    s.circle(hx, hy, u, skin)
    if scarf:
        _face_in_scarf(s, hx, hy, u, skin, view, f)
    else:
        _hair(s, hx, hy, u, hair, style, view, f)
    # arms in front of the body
    if side:
        arm("r", arm_col)
    else:
        arm("l", arm_col)
        arm("r", arm_col)


def _headscarf(s, hx, hy, u, col, view, f, neck):
    s.circle(hx, hy - 0.05 * u, 1.22 * u, col)
    if view == "side":
        s.poly([(hx - f * 1.15 * u, hy), (hx + f * 0.6 * u, hy + 0.8 * u), (neck[0] + f * 0.9 * u, neck[1] + 0.9 * u),
                (neck[0] - f * 1.2 * u, neck[1] + 0.9 * u)], col)


def _face_in_scarf(s, hx, hy, u, skin, view, f):
    if view == "back":
        return
    if view == "side":
        s.ellipse(hx + f * 0.42 * u, hy + 0.12 * u, 0.6 * u, 0.78 * u, skin)
    else:
        s.ellipse(hx, hy + 0.14 * u, 0.74 * u, 0.86 * u, skin)


def _hair(s, hx, hy, u, col, style, view, f):
    if style == "bald":
        if view == "side":
            s.ellipse(hx - f * 0.55 * u, hy + 0.05 * u, 0.5 * u, 0.55 * u, col)
        else:
            s.ellipse(hx - 0.9 * u, hy + 0.05 * u, 0.25 * u, 0.45 * u, col)
            s.ellipse(hx + 0.9 * u, hy + 0.05 * u, 0.25 * u, 0.45 * u, col)
        return
    if view == "back":
        if style == "curly":
            s.circle(hx, hy - 0.15 * u, 1.28 * u, col)
        else:
            s.circle(hx, hy - 0.04 * u, 1.06 * u, col)
        if style == "bun":
            s.circle(hx, hy - 1.05 * u, 0.5 * u, col)
        return
    if style == "curly":
        for a in range(-200, 21, 20):
            r = math.radians(a)
            s.circle(hx + 0.98 * u * math.cos(r) - (f * 0.25 * u if view == "side" else 0),
                     hy + 0.98 * u * math.sin(r) - 0.05 * u, 0.42 * u, col)
        s.ellipse(hx, hy - 0.2 * u, 1.02 * u, 0.9 * u, col, 180, 360)
        if view == "side":
            s.ellipse(hx - f * 0.45 * u, hy + 0.05 * u, 0.65 * u, 0.8 * u, col)
        return
    # short, long, bun, ponytail: a cap over the top of the head
    if view == "side":
        s.ellipse(hx - f * 0.08 * u, hy - 0.12 * u, 1.06 * u, 0.98 * u, col, 180, 360)
        s.ellipse(hx - f * 0.4 * u, hy + 0.02 * u, 0.7 * u, 0.84 * u, col)
        if style == "bun":
            s.circle(hx - f * 0.85 * u, hy - 0.55 * u, 0.48 * u, col)
        if style == "ponytail":
            s.push(hx - f * 1.0 * u, hy - 0.3 * u, f * 25)
            s.ellipse(0, 0.9 * u, 0.38 * u, 0.95 * u, col)
            s.pop()
    else:
        s.ellipse(hx, hy - 0.14 * u, 1.07 * u, 1.0 * u, col, 180, 360)
        s.ellipse(hx - 0.72 * u, hy - 0.2 * u, 0.36 * u, 0.42 * u, col)
        s.ellipse(hx + 0.72 * u, hy - 0.2 * u, 0.36 * u, 0.42 * u, col)
        if style == "bun":
            s.circle(hx, hy - 1.1 * u, 0.5 * u, col)
        if style == "long":
            s.rect(hx - 1.18 * u, hy - 0.3 * u, hx - 0.72 * u, hy + 1.4 * u, col, r=0.22 * u)
            s.rect(hx + 0.72 * u, hy - 0.3 * u, hx + 1.18 * u, hy + 1.4 * u, col, r=0.22 * u)


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


# ---------------------------------------------------------------- more images, with people

def welkom_aan_de_deur():
    s = Scene(WALL)
    s.rect(0, 0, W, 640, "#E9DCC8")
    for y in range(40, 640, 60):
        s.line(0, y, W, y, "#E2D3BC", 3)
    s.rect(0, 640, W, H, "#D9CFC0")
    # open door with warm light
    s.rect(560, 150, 830, 650, WHITE)
    s.rect(580, 170, 810, 650, GLOW)
    s.poly([(580, 650), (810, 650), (900, H), (500, H)], GLOW, opacity=0.55)
    s.poly([(810, 170), (890, 150), (890, 690), (810, 650)], TEAL)
    s.circle(870, 420, 9, MUST)
    # a window with a plant on the sill
    s.rect(110, 150, 350, 360, WHITE, r=8)
    s.rect(128, 168, 332, 342, SKY)
    s.line(230, 168, 230, 342, WHITE, 10)
    s.rect(100, 355, 360, 372, "#D8CBB6", r=4)
    s.rect(250, 310, 290, 355, TERRA, r=4)
    for a in (-30, 0, 30):
        s.push(270, 312, a)
        s.ellipse(0, -22, 9, 24, LEAF2)
        s.pop()
    # plant outside
    s.poly([(930, 650), (1000, 650), (990, 580), (940, 580)], TERRA)
    for a in (-40, -12, 15, 42):
        s.push(965, 580, a)
        s.ellipse(0, -40, 14, 42, LEAF2)
        s.pop()
    # the host in the doorway, waving
    host = person(s, 690, 0, 24, ground=655, skin=SKINS[5], hair=HAIR["black"], style="curly",
                  top=TERRA, bottom=SLATE, la=(-10, -4), ra=(125, 170))
    nx, ny = host["neck"]
    s.line(nx - 14, ny + 8, nx - 26, ny + 58, TEAL, 4)
    s.line(nx + 14, ny + 8, nx - 6, ny + 58, TEAL, 4)
    s.rect(nx - 32, ny + 56, nx + 2, ny + 96, WHITE, r=4)
    # a mother and her little one arriving, hand in hand
    kid = person(s, 360, 0, 19, build="child", view="side", pose=WALK, ground=705, draw=False)
    mum = person(s, 230, 0, 24, view="side", pose=WALK, ground=700, t=6, draw=False)
    meet = meeting_point(mum, "r", kid, "r")
    person(s, 230, 0, 24, view="side", pose=WALK, ground=700, skin=SKINS[0], hair=HAIR["blond"],
           style="long", top=ROSE, bottom=SLATE, t=6, hands={"r": meet})
    person(s, 360, 0, 19, build="child", view="side", pose=WALK, ground=705, skin=SKINS[1],
           hair=HAIR["red"], top=MUST, bottom=TEAL, hands={"r": meet})
    return s


def tas(s, x, y, col, k=1.0, saucer=True, handle=1):
    """A tas (cup) standing on y, centred on x; handle=1: handle on the right, -1: left."""
    if saucer:
        s.ellipse(x, y + 2 * k, 52 * k, 11 * k, WHITE)
    s.ring(x + handle * 30 * k, y - 30 * k, 15 * k, col, 8 * k)
    s.rect(x - 30 * k, y - 58 * k, x + 30 * k, y, col, r=10 * k)
    s.ellipse(x, y - 58 * k, 30 * k, 7 * k, shade(col, 0.8))


def rot(p, deg, origin=(0, 0)):
    a = math.radians(deg)
    x, y = p
    return (origin[0] + x * math.cos(a) - y * math.sin(a), origin[1] + x * math.sin(a) + y * math.cos(a))


def koffie_inschenken():
    s = Scene(WALL)
    s.rect(0, 610, W, H, FLOOR)
    # window and a frame on the wall
    s.rect(90, 90, 330, 300, WHITE, r=8)
    s.rect(106, 106, 314, 284, SKY)
    s.line(210, 106, 210, 284, WHITE, 10)
    s.rect(780, 120, 920, 230, WOOD2, r=6)
    s.rect(794, 134, 906, 216, ROSE)
    s.circle(850, 175, 24, MUST)
    # chair
    s.rect(200, 330, 226, 620, WOOD2, r=8)
    s.rect(200, 505, 370, 528, WOOD, r=6)
    s.rect(350, 528, 366, 620, WOOD2)
    # table
    s.rect(380, 455, 780, 478, WOOD, r=6)
    s.rect(400, 478, 418, 640, WOOD2)
    s.rect(742, 478, 760, 640, WOOD2)
    # plate with speculoos
    s.ellipse(690, 450, 60, 12, WHITE)
    for dx in (-24, 0, 24):
        s.rect(690 + dx - 14, 430, 690 + dx + 10, 446, "#C98B57", r=4)
    # the parent, sitting, a hand at the handle of the tas
    cx = 505
    person(s, 288, 505, 24, view="side", pose=SIT, skin=SKINS[4], hair=HAIR["black"],
           top=MUST, bottom=SLATE, t=6, hands={"r": (cx - 44, 428)})
    tas(s, cx, 455, TERRA, handle=-1)
    # the volunteer, pouring from a coffee pot
    hand = (612, 372)
    person(s, 690, 0, 24, view="side", facing=-1, pose=STAND, ground=660, skin=SKINS[1],
           hair=HAIR["grey"], style="bun", top=TEAL, bottom=PLUM, skirt=PLUM, la=(20, 60),
           hands={"r": hand})
    ang = -48
    o = (hand[0] - 30, hand[1] - 4)
    tip = rot((-72, -54), ang, o)
    s.line(tip[0], tip[1] + 4, cx + 2, 400, BROWN, 7)
    s.push(o[0], o[1], ang)
    s.rect(-36, -44, 36, 40, SLATE, r=12)
    s.poly([(-30, -44), (30, -44), (18, -64), (-18, -64)], SLATE)
    s.circle(0, -68, 8, SLATE)
    s.poly([(-34, -10), (-74, -56), (-66, -60), (-30, -28)], SLATE)
    s.ring(44, -2, 18, shade(SLATE, 0.85), 10)
    s.pop()
    steam(s, cx - 40, 385, 70, WHITE, 7)
    return s


def voorlezen():
    s = Scene(WALL)
    s.rect(0, 600, W, H, FLOOR)
    s.ellipse(512, 690, 440, 80, ROSE)
    # a low shelf with books behind
    s.rect(660, 360, 960, 600, WOOD2, r=6)
    s.rect(676, 376, 944, 584, "#E8DCC6")
    rnd = random.Random(31)
    cols = [TERRA, TEAL, MUST, PLUM, LEAF]
    for yb in (480, 584):
        s.rect(668, yb, 952, yb + 10, WOOD2)
        x = 690
        while x < 920:
            w = rnd.uniform(20, 34)
            s.rect(x, yb - rnd.uniform(60, 90), x + w, yb, cols[rnd.randrange(len(cols))], r=3)
            x += w + 4
    # garland
    s.curve([(40, 70), (300, 170), (560, 80)], WOOD2, 4)
    for i in range(1, 8):
        x, y = bezier([(40, 70), (300, 170), (560, 80)], i / 8)
        s.poly([(x - 18, y), (x + 18, y), (x, y + 34)], [TERRA, MUST, TEAL, PLUM][i % 4])
    # the reader on a low stool
    s.rect(300, 500, 460, 530, WOOD, r=10)
    s.rect(315, 530, 330, 610, WOOD2)
    s.rect(430, 530, 445, 610, WOOD2)
    look = dict(skin=SKINS[2], hair=HAIR["dark"], top=LEAF, bottom=SLATE, thigh=0.35,
                ll=(-14, -3), rl=(14, 3))
    rd = person(s, 380, 505, 24, draw=False, **look)
    bk = (380, rd["neck"][1] + 110)
    person(s, 380, 505, 24, hands={"l": (bk[0] - 70, bk[1] + 10), "r": (bk[0] + 70, bk[1] + 10)}, **look)
    # the open picture book, shown to the children
    s.poly([(bk[0] - 80, bk[1] - 55), (bk[0], bk[1] - 45), (bk[0], bk[1] + 45), (bk[0] - 80, bk[1] + 35)], WHITE)
    s.poly([(bk[0] + 80, bk[1] - 55), (bk[0], bk[1] - 45), (bk[0], bk[1] + 45), (bk[0] + 80, bk[1] + 35)], "#F3EDE2")
    s.circle(bk[0] - 40, bk[1] - 14, 16, MUST)
    s.rect(bk[0] + 22, bk[1] - 6, bk[0] + 58, bk[1] + 26, TERRA)
    s.poly([(bk[0] + 16, bk[1] - 4), (bk[0] + 64, bk[1] - 4), (bk[0] + 40, bk[1] - 28)], PLUM)
    # three toddlers on the rug, seen from behind
    for x, skin, hair, st, top, legc in [(230, SKINS[0], HAIR["blond"], "short", TERRA, TEAL),
                                         (510, SKINS[5], HAIR["black"], "curly", MUST, SLATE),
                                         (770, SKINS[3], HAIR["dark"], "ponytail", PLUM, TEAL)]:
        s.ellipse(x, 700, 46, 15, legc)
        s.ellipse(x - 44, 706, 11, 8, BROWN)
        s.ellipse(x + 44, 706, 11, 8, BROWN)
        person(s, x, 700, 20, build="toddler", view="back", skin=skin, hair=hair, style=st,
               top=top, legs=False, la=(-25, 10), ra=(25, -10))
    return s


def babbelen_op_de_bank():
    s = Scene(SKY)
    sky_and_grass(s, 420)
    cloud(s, 150, 110, 0.8)
    cloud(s, 700, 80)
    tree(s, 900, 470, 250, 100)
    bush(s, 990, 480, 0.7)
    # children playing with a ball in the distance
    person(s, 90, 0, 12, build="child", view="side", pose=WALK, ground=470, skin=SKINS[3],
           hair=HAIR["black"], top=TERRA, bottom=SLATE, rl=(45, 20), la=(40, 60), ra=(-40, -20))
    s.circle(152, 462, 10, MUST)
    person(s, 235, 0, 12, build="child", view="side", facing=-1, pose=WALK, ground=476,
           skin=SKINS[0], hair=HAIR["blond"], style="ponytail", top=TEAL, bottom=PLUM,
           la=(150, 170), ra=(140, 165))
    # the bench
    s.rect(250, 480, 830, 510, WOOD, r=8)
    s.rect(250, 525, 830, 555, WOOD, r=8)
    for x in (280, 800):
        s.rect(x - 10, 470, x + 10, 720, SLATE, r=4)
    s.rect(230, 590, 850, 618, WOOD2, r=8)
    # two parents turned towards each other
    person(s, 420, 592, 26, view="side", pose=SIT, skin=SKINS[3], scarf=TEAL, top=PLUM,
           bottom=SLATE, skirt=PLUM, la=(20, 80), ra=(30, 100))
    person(s, 660, 592, 26, view="side", facing=-1, pose=SIT, skin=SKINS[0], hair=HAIR["brown"],
           top=TERRA, bottom=SLATE, la=(10, 70), ra=(60, 150))
    return s


def papa_met_kinderwagen():
    s = Scene(SKY)
    sky_and_grass(s, 450)
    sun(s, 860, 110, 45)
    cloud(s, 200, 120, 0.8)
    tree(s, 140, 470, 230, 95)
    tree(s, 620, 460, 190, 80)
    bush(s, 940, 470, 0.8)
    s.rect(0, 600, W, 690, SAND)
    # the pram
    px, py = 640, 640
    for wx in (px - 70, px + 90):
        s.circle(wx, py + 5, 34, SLATE)
        s.circle(wx, py + 5, 14, GREY)
    s.line(px - 70, py + 5, px + 10, py - 60, SLATE, 8)
    s.line(px + 90, py + 5, px + 10, py - 60, SLATE, 8)
    s.rect(px - 90, py - 170, px + 130, py - 60, TEAL, r=40)
    s.ellipse(px + 60, py - 170, 75, 70, shade(TEAL, 0.85), 180, 360)
    s.rect(px - 14, py - 174, px + 135, py - 166, shade(TEAL, 0.85))
    handle = (px - 150, py - 210)
    s.line(px - 80, py - 120, handle[0], handle[1], SLATE, 10)
    s.line(handle[0] - 10, handle[1], handle[0] + 5, handle[1], SLATE, 18)
    # the father pushing it
    person(s, 400, 0, 24, view="side", pose=WALK, ground=680, skin=SKINS[1], hair=HAIR["brown"],
           top=TERRA, bottom=SLATE, t=8, hands={"l": handle, "r": (handle[0] + 4, handle[1] + 2)})
    return s


def papa_met_draagzak():
    s = Scene(SKY)
    sky_and_grass(s, 470)
    cloud(s, 120, 100, 0.8)
    cloud(s, 760, 140, 0.6)
    tree(s, 880, 500, 250, 105)
    bush(s, 110, 490, 0.9)
    s.poly([(380, H), (700, H), (580, 470), (520, 470)], SAND)
    # the toddler next to him, hand in hand
    u, k = 31, 31 / 25
    dad = person(s, 570, 0, u, ground=735, draw=False)
    tod = person(s, 440, 0, 23, build="toddler", ground=738, draw=False)
    meet = meeting_point(dad, "l", tod, "r")
    person(s, 440, 0, 23, build="toddler", ground=738, skin=SKINS[4], hair=HAIR["black"],
           style="curly", top=TERRA, bottom=TEAL, hands={"r": meet})
    # the father, with the baby in a carrier on his chest
    nx, ny = dad["neck"]
    cb = (nx, ny + 95 * k)
    person(s, 570, 0, u, ground=735, skin=SKINS[5], hair=HAIR["black"], top=SLATE, bottom=WOOD2,
           hands={"l": meet, "r": (cb[0] + 44 * k, cb[1] + 8 * k, "right")})
    # the baby: little legs, head, then the carrier and its straps
    for dx in (-24, 24):
        s.line(cb[0] + dx * k, cb[1] + 36 * k, cb[0] + dx * 2.1 * k, cb[1] + 76 * k, TEAL, 18 * k)
        s.circle(cb[0] + dx * 2.2 * k, cb[1] + 82 * k, 10 * k, SKINS[4])
    s.circle(cb[0], cb[1] - 52 * k, 27 * k, SKINS[4])
    s.ellipse(cb[0], cb[1] - 62 * k, 26 * k, 19 * k, HAIR["black"], 180, 360)
    s.line(nx - 38 * k, ny + 8 * k, cb[0] - 40 * k, cb[1] - 16 * k, MUST, 14 * k)
    s.line(nx + 38 * k, ny + 8 * k, cb[0] + 40 * k, cb[1] - 16 * k, MUST, 14 * k)
    s.rpoly([(cb[0] - 44 * k, cb[1] - 22 * k), (cb[0] + 44 * k, cb[1] - 22 * k), (cb[0] + 36 * k, cb[1] + 50 * k),
             (cb[0] - 36 * k, cb[1] + 50 * k)], MUST, 12 * k)
    s.circle(cb[0] + 44 * k, cb[1] + 8 * k, 0.46 * u, SKINS[5])
    return s


def eerste_stapjes():
    s = Scene(WALL)
    s.rect(0, 560, W, H, FLOOR)
    s.ellipse(520, 680, 440, 70, "#D7C7E0")
    # window and toys
    s.rect(120, 110, 360, 330, WHITE, r=8)
    s.rect(136, 126, 344, 314, SKY)
    s.line(240, 126, 240, 314, WHITE, 10)
    for i, (x, c) in enumerate([(150, TERRA), (205, TEAL), (178, MUST)]):
        y = 680 if i < 2 else 628
        s.rect(x - 26, y - 52, x + 26, y, c, r=6)
    s.circle(900, 690, 30, PLUM)
    s.ellipse(900, 690, 30, 10, ROSE)
    # the toddler, walking with arms out
    person(s, 470, 0, 25, build="toddler", view="side", pose=WALK, ground=705, skin=SKINS[4],
           hair=HAIR["black"], top=MUST, bottom=TEAL, t=6, la=(95, 100), ra=(80, 90),
           ll=(-14, -4), rl=(22, 6))
    # the mother, kneeling with open arms
    person(s, 700, 0, 28, view="side", facing=-1, pose=KNEEL, ground=708, skin=SKINS[4],
           hair=HAIR["black"], style="curly", top=TEAL, bottom=SLATE, la=(70, 105), ra=(55, 95))
    return s


def baby_op_speelmat():
    s = Scene(FLOOR)
    for y in range(0, H, 96):
        s.line(0, y, W, y, "#D9CBB4", 3)
    # the play mat, seen from above
    s.circle(512, 384, 300, TEAL)
    s.circle(512, 384, 250, "#8FC0B8")
    s.circle(512, 384, 200, MUST, opacity=0.6)
    s.circle(512, 384, 150, "#F2E3BD")
    for a in range(0, 360, 45):
        x = 512 + 275 * math.cos(math.radians(a))
        y = 384 + 275 * math.sin(math.radians(a))
        s.circle(x, y, 14, [TERRA, WHITE, PLUM, WHITE][(a // 45) % 4])
    # toys on the mat
    s.circle(300, 250, 26, TERRA)
    s.line(300, 276, 300, 320, WOOD2, 10)
    s.circle(300, 326, 12, TERRA)
    s.rect(650, 540, 710, 600, PLUM, r=10)
    s.circle(680, 570, 12, ROSE)
    s.circle(715, 245, 32, MUST)
    s.ellipse(715, 245, 32, 11, TERRA)
    # the baby on its back, kicking
    person(s, 512, 450, 40, build="baby", skin=SKINS[2], hair=HAIR["brown"], top=ROSE, bottom=ROSE,
           shoes=None, la=(-140, -175), ra=(140, 175), ll=(-40, 20), rl=(40, -20))
    return s


def grootouders():
    s = Scene(SKY)
    sky_and_grass(s, 450)
    sun(s, 140, 110, 45)
    cloud(s, 700, 110, 0.8)
    tree(s, 900, 480, 240, 100)
    bush(s, 120, 470, 0.8)
    for x, y, c in [(240, 560, MUST), (300, 600, WHITE), (820, 610, TERRA), (880, 640, MUST)]:
        s.circle(x, y, 9, c)
    gma = person(s, 330, 0, 23, ground=690, draw=False)
    kid = person(s, 500, 0, 19, build="child", ground=694, draw=False)
    gpa = person(s, 670, 0, 23, ground=690, draw=False)
    m1 = meeting_point(gma, "r", kid, "l")
    m2 = meeting_point(kid, "r", gpa, "l")
    person(s, 330, 0, 23, ground=690, skin=SKINS[1], hair=HAIR["grey"], style="bun", top=ROSE,
           bottom=SLATE, skirt=PLUM, hands={"r": m1})
    person(s, 500, 0, 19, build="child", ground=694, skin=SKINS[2], hair=HAIR["dark"],
           style="ponytail", top=MUST, bottom=TEAL, hands={"l": m1, "r": m2})
    # grandpa with a walking stick
    stick = (gpa["rhand"][0] + 30, gpa["rhand"][1] - 10)
    s.line(stick[0], stick[1], stick[0] + 14, 695, WOOD2, 9)
    person(s, 670, 0, 23, ground=690, skin=SKINS[3], hair=HAIR["white"], style="bald", top=SLATE,
           bottom=WOOD2, hands={"l": m2, "r": stick}, t=-2)
    s.curve([(stick[0] - 2, stick[1] + 8), (stick[0] - 4, stick[1] - 26), (stick[0] - 34, stick[1] - 18)],
            WOOD2, 9, steps=8)
    return s


def gezinswandeling():
    s = Scene(SKY)
    sky_and_grass(s, 430)
    cloud(s, 160, 90, 0.8)
    cloud(s, 820, 130, 0.7)
    s.ellipse(300, 440, 420, 60, GRASS2)
    tree(s, 90, 480, 220, 90)
    tree(s, 960, 470, 200, 85)
    s.rect(0, 640, W, 720, SAND)
    # mother, child, father and toddler, hand in hand
    look = dict(view="side", pose=WALK, draw=False)
    mum = person(s, 250, 0, 24, ground=680, **look)
    kid = person(s, 420, 0, 19, build="child", ground=688, **look)
    dad = person(s, 610, 0, 25, ground=684, **look)
    tod = person(s, 740, 0, 17, build="child", ground=692, **look)
    m1 = meeting_point(mum, "r", kid, "l")
    m2 = meeting_point(kid, "r", dad, "l")
    m3 = meeting_point(dad, "r", tod, "l")
    person(s, 740, 0, 17, build="child", view="side", pose=WALK, ground=692, skin=SKINS[2],
           hair=HAIR["black"], style="curly", top=MUST, bottom=TEAL, hands={"l": m3})
    person(s, 610, 0, 25, view="side", pose=WALK, ground=684, skin=SKINS[2], hair=HAIR["black"],
           top=LEAF, bottom=SLATE, hands={"l": m2, "r": m3})
    person(s, 420, 0, 19, build="child", view="side", pose=WALK, ground=688, skin=SKINS[2],
           hair=HAIR["dark"], style="ponytail", top=TERRA, bottom=TEAL, hands={"l": m1, "r": m2})
    person(s, 250, 0, 24, view="side", pose=WALK, ground=680, skin=SKINS[1], hair=HAIR["brown"],
           style="long", top=PLUM, bottom=SLATE, hands={"r": m1})
    return s


def chair_front(s, x, seat, col, w=110, back=120):
    """A chair seen from the front: back, seat, legs."""
    s.rect(x - w / 2, seat - back, x + w / 2, seat, shade(col, 0.88), r=14)
    s.rect(x - w / 2 - 6, seat - 6, x + w / 2 + 6, seat + 22, col, r=8)
    s.rect(x - w / 2, seat + 20, x - w / 2 + 12, seat + 90, WOOD2)
    s.rect(x + w / 2 - 12, seat + 20, x + w / 2, seat + 90, WOOD2)


def chair_side(s, x, seat, col, facing=1, w=120, back=150):
    bx = x - facing * w / 2
    s.rect(bx - 10, seat - back, bx + 10, seat + 10, shade(col, 0.85), r=8)
    s.rect(x - w / 2 - 8, seat - 4, x + w / 2 + 8, seat + 18, col, r=8)
    s.rect(x - w / 2, seat + 16, x - w / 2 + 12, seat + 100, WOOD2)
    s.rect(x + w / 2 - 12, seat + 16, x + w / 2, seat + 100, WOOD2)


def gesprekskring():
    s = Scene(WALL)
    s.rect(0, 380, W, H, FLOOR)
    s.ellipse(512, 560, 380, 130, ROSE)
    s.ellipse(512, 560, 330, 105, "#EEC5B8")
    # window and plant on the back wall
    s.rect(700, 80, 900, 270, WHITE, r=8)
    s.rect(716, 96, 884, 254, SKY)
    s.line(800, 96, 800, 254, WHITE, 8)
    s.poly([(80, 380), (150, 380), (140, 320), (90, 320)], TERRA)
    for a in (-40, -12, 18, 44):
        s.push(115, 322, a)
        s.ellipse(0, -50, 16, 52, LEAF2)
        s.pop()
    # back row, seen from the front
    for x, look in [(400, dict(skin=SKINS[5], hair=HAIR["black"], style="short", top=TERRA, bottom=SLATE)),
                    (624, dict(skin=SKINS[1], hair=HAIR["red"], style="long", top=TEAL, bottom=SLATE))]:
        chair_front(s, x, 440, MUST, 96, 110)
        person(s, x, 440, 20, thigh=0.35, ll=(-8, -2), rl=(8, 2), la=(-12, 30), ra=(12, -30), **look)
    # left and right, seen from the side
    chair_side(s, 210, 540, PLUM, 1)
    person(s, 200, 538, 23, view="side", pose=SIT, skin=SKINS[2], scarf=SLATE, top=MUST,
           bottom=SLATE, skirt=TEAL, ra=(50, 120))
    chair_side(s, 814, 540, TEAL, -1)
    person(s, 824, 538, 23, view="side", facing=-1, pose=SIT, skin=SKINS[0], hair=HAIR["grey"],
           style="short", top=SLATE, bottom=WOOD2, la=(15, 80), ra=(25, 85))
    # a low table in the middle with tassen
    s.ellipse(560, 540, 70, 18, WOOD)
    s.rect(553, 540, 567, 590, WOOD2)
    for dx, c in ((-30, WHITE), (0, MUST), (28, WHITE)):
        s.rect(560 + dx - 10, 514, 560 + dx + 10, 534, c, r=4)
    # front, seen from behind: the chair back hides the legs
    person(s, 400, 690, 27, view="back", skin=SKINS[3], hair=HAIR["dark"], style="bun",
           top=PLUM, legs=False, la=(-15, 10), ra=(15, -10))
    s.rect(328, 600, 472, 710, shade(TEAL, 0.88), r=16)
    s.rect(336, 710, 348, H, WOOD2)
    s.rect(452, 710, 464, H, WOOD2)
    return s


def volle_wachtzaal():
    s = Scene("#E8E1D5")
    s.rect(0, 560, W, H, "#D6CCBC")
    s.rect(0, 540, W, 560, "#D2C6B3")
    # clock without numbers
    s.circle(512, 110, 52, WHITE)
    s.ring(512, 110, 52, SLATE, 8)
    s.line(512, 110, 512, 78, SLATE, 7)
    s.line(512, 110, 536, 122, SLATE, 7)
    # a closed door on the right
    s.rect(880, 170, 1010, 540, "#C9BBA5")
    s.rect(892, 182, 998, 540, GREY2)
    s.circle(985, 370, 8, SLATE)
    # back row along the wall
    looks = [dict(skin=SKINS[0], hair=HAIR["blond"], style="ponytail", top=TEAL),
             dict(skin=SKINS[4], hair=HAIR["black"], style="short", top=MUST),
             dict(skin=SKINS[2], scarf=PLUM, top=PLUM),
             dict(skin=SKINS[5], hair=HAIR["black"], style="curly", top=TERRA),
             dict(skin=SKINS[1], hair=HAIR["grey"], style="bun", top=LEAF),
             dict(skin=SKINS[3], hair=HAIR["dark"], style="short", top=SLATE)]
    for i, x in enumerate(range(130, 860, 122)):
        chair_front(s, x, 445, GREY2, 92, 100)
        lk = dict(bottom=SLATE, **looks[i])
        if i in (1, 4):
            j = person(s, x, 445, 18, thigh=0.35, ll=(-6, -2), rl=(6, 2), draw=False, **lk)
            hold = (x, j["hip"][1] - 28)
            person(s, x, 445, 18, thigh=0.35, ll=(-6, -2), rl=(6, 2),
                   hands={"l": (hold[0] - 20, hold[1] + 6), "r": (hold[0] + 20, hold[1] - 6)}, **lk)
            # a baby in a blanket on the lap
            s.ellipse(hold[0], hold[1], 34, 20, WHITE if i == 1 else ROSE)
            s.circle(hold[0] - 26, hold[1] - 12, 13, SKINS[3] if i == 1 else SKINS[1])
        else:
            person(s, x, 445, 18, thigh=0.35, ll=(-6, -2), rl=(6, 2), la=(-12, 30), ra=(12, -30), **lk)
    # front row, seen from behind
    looks2 = [dict(skin=SKINS[1], hair=HAIR["dark"], style="long", top=ROSE),
              dict(skin=SKINS[4], hair=HAIR["black"], style="curly", top=TEAL),
              dict(skin=SKINS[2], hair=HAIR["brown"], style="short", top=MUST),
              dict(skin=SKINS[0], hair=HAIR["red"], style="bun", top=SLATE),
              dict(skin=SKINS[3], scarf=TERRA, top=TERRA)]
    for i, x in enumerate(range(170, 900, 168)):
        person(s, x, 705, 24, view="back", legs=False, la=(-12, 8), ra=(12, -8), **looks2[i])
        s.rect(x - 72, 620, x + 72, 720, GREY2, r=14)
        s.rect(x - 64, 720, x - 52, H, WOOD2)
        s.rect(x + 52, 720, x + 64, H, WOOD2)
    return s


def regen_aan_de_bushalte():
    s = Scene("#C9D1D8")
    for x, y, k in [(130, 90, 1.2), (520, 60, 1.4), (860, 110, 1.1)]:
        for dx, dy, r in [(0, 0, 50), (60, -24, 62), (124, 0, 52), (62, 16, 52)]:
            s.circle(x + dx * k, y + dy * k, r * k, "#B3BCC6")
    s.rect(0, 540, W, 610, "#B5B3AE")
    s.rect(0, 610, W, H, "#7F858C")
    for x in range(30, W, 180):
        s.rect(x, 685, x + 100, 698, "#C9CCCF")
    # puddles with rings
    for x, y, rx in [(220, 580, 90), (700, 740, 130), (900, 590, 60)]:
        s.ellipse(x, y, rx, rx * 0.18, "#9FB4C0")
        s.cmds.append(f"fill none stroke #C5D3DB stroke-width 3 stroke-opacity 1")
        s.cmds.append(f"ellipse {x - rx * 0.3:.1f},{y:.1f} {rx * 0.28:.1f},{rx * 0.06:.1f} 0,360")
    # the bus stop sign, no text
    s.rect(720, 250, 732, 560, SLATE)
    s.circle(726, 245, 44, TEAL)
    s.ring(726, 245, 28, WHITE, 9)
    s.rect(710, 300, 742, 350, WHITE, r=6)
    # the person under an umbrella
    j = person(s, 560, 0, 24, ground=570, draw=False)
    hand = (j["neck"][0] + 46, j["neck"][1] + 84)
    top = (hand[0] - 4, j["head"][1] - 70)
    person(s, 560, 0, 24, ground=570, skin=SKINS[3], hair=HAIR["dark"], style="short", top=MUST,
           bottom=SLATE, skirt=MUST, hands={"r": hand})
    s.line(hand[0], hand[1], top[0], top[1], SLATE, 7)
    s.ellipse(top[0], top[1] + 30, 150, 100, TERRA, 180, 360)
    for k in range(5):
        cx = top[0] - 120 + k * 60
        s.ellipse(cx, top[1] + 30, 30, 12, "#C9D1D8", 0, 180)
    s.circle(hand[0], hand[1], 11, SKINS[3])
    # rain
    rnd = random.Random(17)
    for _ in range(130):
        x, y = rnd.uniform(-40, W), rnd.uniform(0, 720)
        if abs(x - top[0]) < 165 and top[1] - 80 < y < 580:
            continue
        s.line(x, y, x - 10, y + 38, WHITE, 3, opacity=0.7)
    return s


def samen_planten():
    s = Scene(SKY)
    sky_and_grass(s, 440)
    sun(s, 860, 110, 45)
    cloud(s, 160, 110, 0.8)
    for x in range(0, W, 64):
        s.poly([(x + 8, 440), (x + 32, 410), (x + 56, 440), (x + 56, 520), (x + 8, 520)], WHITE)
    s.rect(0, 455, W, 467, "#E9E3D6")
    s.rect(0, 495, W, 507, "#E9E3D6")
    # the bed with small plants
    s.rect(360, 610, 700, 690, WOOD, r=10)
    s.rect(375, 610, 685, 636, "#8C6A4E", r=8)
    for x in (520, 590, 660):
        for a in (-35, 35):
            s.push(x, 614, a)
            s.ellipse(0, -22, 10, 24, LEAF)
            s.pop()
    # the mother, kneeling, planting
    person(s, 290, 0, 25, view="side", pose=KNEEL, ground=712, skin=SKINS[3], scarf=TEAL, top=ROSE,
           bottom=SLATE, t=22, hands={"r": (452, 590), "l": (430, 600)})
    s.push(452, 590, 30)
    s.rect(-5, -8, 5, 26, WOOD2, r=3)
    s.poly([(-12, 24), (12, 24), (0, 52)], GREY2)
    s.pop()
    # the child, watering
    j = person(s, 800, 0, 21, build="child", view="side", facing=-1, ground=705, draw=False)
    hand = (j["neck"][0] - 40, j["neck"][1] + 56)
    can = (hand[0] - 30, hand[1] + 16)
    s.rect(can[0] - 36, can[1] - 20, can[0] + 36, can[1] + 40, MUST, r=10)
    s.poly([(can[0] - 30, can[1]), (can[0] - 90, can[1] - 36), (can[0] - 96, can[1] - 26), (can[0] - 34, can[1] + 20)], MUST)
    for k in range(5):
        s.circle(can[0] - 100 - k * 6, can[1] - 14 + k * 26, 5, WATER2)
    person(s, 800, 0, 21, build="child", view="side", facing=-1, ground=705, skin=SKINS[3],
           hair=HAIR["black"], style="short", top=TERRA, bottom=TEAL, hands={"r": hand})
    return s


def hoge_drempel():
    s = Scene(SKY)
    s.rect(0, 80, W, 660, "#E3D8C6")
    for y in range(110, 660, 50):
        s.line(0, y, W, y, "#D9CCB7", 3)
    s.rect(0, 660, W, H, "#C9C3B8")
    # steep steps up to a door
    n, x0, step_w, step_h = 7, 500, 52, 46
    top = 660 - n * step_h
    for i in range(n):
        s.rect(x0 + i * step_w, 660 - (i + 1) * step_h, W, 660 - i * step_h, GREY if i % 2 else "#D2CFC9")
    s.rect(x0 + n * step_w, top - 8, W, top + 4, GREY2)
    s.rect(880, top - 240, 1000, top - 8, WHITE)
    s.rect(892, top - 228, 988, top - 8, TEAL)
    s.rect(912, top - 210, 968, top - 150, "#8FC0B8", r=6)
    s.circle(975, top - 110, 7, MUST)
    # railing
    s.line(x0 + 20, 660 - step_h - 90, x0 + n * step_w + 20, top - 90, SLATE, 8)
    for i in (0, n):
        s.line(x0 + 20 + i * step_w, 660 - (i + 1 if i < n else n) * step_h, x0 + 20 + i * step_w,
               660 - (i + 1 if i < n else n) * step_h - 90, SLATE, 8)
    # a parent with a pram at the bottom, looking up
    px, py = 330, 640
    for wx in (px - 60, px + 70):
        s.circle(wx, py + 5, 30, SLATE)
        s.circle(wx, py + 5, 12, GREY)
    s.line(px - 60, py + 5, px + 5, py - 55, SLATE, 7)
    s.line(px + 70, py + 5, px + 5, py - 55, SLATE, 7)
    s.rect(px - 75, py - 150, px + 105, py - 55, PLUM, r=36)
    s.ellipse(px + 50, py - 150, 62, 58, shade(PLUM, 0.85), 180, 360)
    s.rect(px - 12, py - 154, px + 110, py - 146, shade(PLUM, 0.85))
    handle = (px - 130, py - 185)
    s.line(px - 66, py - 110, handle[0], handle[1], SLATE, 9)
    person(s, 130, 0, 24, view="side", pose=STAND, ground=680, skin=SKINS[1], hair=HAIR["dark"],
           style="ponytail", top=TEAL, bottom=SLATE, nod=-12, hands={"l": handle, "r": (handle[0] + 3, handle[1] + 2)})
    return s


def gesloten_deur():
    s = Scene("#D5D3D0")
    s.rect(0, 640, W, H, "#B9B5AE")
    for y in range(40, 640, 56):
        off = 0 if (y // 56) % 2 else 60
        for x in range(-off, W, 120):
            s.outline_rect(x, y, x + 120, y + 56, "#CAC7C2", 3)
    # the closed door, a closed window with the blinds down
    s.rect(380, 150, 644, 640, "#9C9890")
    s.rect(400, 170, 624, 640, SLATE)
    s.rect(425, 200, 599, 380, shade(SLATE, 0.9), r=6)
    s.rect(425, 420, 599, 610, shade(SLATE, 0.9), r=6)
    s.rect(575, 390, 612, 404, GREY2, r=5)
    s.rect(360, 640, 664, 662, GREY2)
    s.rect(720, 250, 940, 460, "#9C9890")
    s.rect(736, 266, 924, 444, "#C2C8CC")
    for y in range(272, 444, 16):
        s.rect(736, y, 924, y + 10, "#AEB4B9")
    # doorbell and an empty bin
    s.rect(664, 380, 690, 420, GREY2, r=4)
    s.circle(677, 400, 6, SLATE)
    s.poly([(120, 640), (230, 640), (220, 520), (130, 520)], GREY2)
    s.rect(122, 508, 228, 524, "#9C9890", r=4)
    return s


def eenzame_bank():
    s = Scene("#E4E1DA")
    s.rect(0, 470, W, H, "#C9C7A6")
    s.ellipse(512, 470, 700, 30, "#D2CFB2")
    # a bare tree
    s.poly([(170, 480), (200, 480), (192, 250), (178, 250)], WOOD2)
    for x0, y0, x1, y1, w in [(185, 320, 110, 220, 9), (185, 300, 250, 200, 9), (185, 260, 150, 160, 7),
                              (185, 250, 220, 150, 7), (130, 240, 95, 200, 5), (240, 215, 280, 180, 5)]:
        s.line(x0, y0, x1, y1, WOOD2, w)
    # the bench, alone, and fallen leaves
    s.rect(560, 470, 860, 492, WOOD, r=6)
    s.rect(560, 500, 860, 522, WOOD, r=6)
    s.rect(545, 540, 875, 560, WOOD2, r=6)
    for x in (580, 840):
        s.rect(x - 7, 462, x + 7, 610, SLATE, r=3)
    rnd = random.Random(23)
    for _ in range(26):
        x, y = rnd.uniform(40, 1000), rnd.uniform(520, 750)
        s.push(x, y, rnd.uniform(0, 180))
        s.ellipse(0, 0, 12, 6, [TERRA, MUST, WOOD][rnd.randrange(3)])
        s.pop()
    for x, y in [(300, 300), (360, 380), (700, 250)]:
        s.push(x, y, 30)
        s.ellipse(0, 0, 12, 6, MUST)
        s.pop()
    return s


def wegwijzer():
    s = Scene(SKY)
    sky_and_grass(s, 400)
    cloud(s, 150, 100, 0.8)
    cloud(s, 760, 80, 0.9)
    s.ellipse(200, 410, 300, 40, GRASS2)
    s.ellipse(860, 410, 260, 34, GRASS2)
    # paths that cross and part
    s.poly([(430, H), (620, H), (540, 520), (500, 520)], SAND)
    s.poly([(490, 535), (540, 505), (135, 400), (95, 400)], SAND)
    s.poly([(500, 505), (550, 535), (935, 400), (895, 400)], SAND)
    s.poly([(505, 520), (535, 520), (530, 400), (510, 400)], SAND)
    tree(s, 90, 420, 140, 60)
    tree(s, 940, 420, 150, 62)
    # the signpost with blank signs
    s.rect(560, 200, 578, 560, WOOD2, r=4)
    s.poly([(578, 220), (780, 220), (810, 250), (780, 280), (578, 280)], TERRA)
    s.poly([(560, 300), (370, 300), (340, 330), (370, 360), (560, 360)], TEAL)
    s.poly([(578, 380), (740, 380), (770, 410), (740, 440), (578, 440)], MUST)
    s.circle(569, 196, 14, WOOD2)
    s.ellipse(569, 562, 40, 10, GRASS2)
    return s


def nest():
    s = Scene(SKY)
    s.circle(820, 120, 60, GLOW, opacity=0.5)
    # branch and leaves
    s.line(-20, 560, 1040, 470, WOOD2, 34)
    s.line(760, 490, 900, 380, WOOD2, 16)
    for x, y, a in [(120, 520, -30), (300, 500, 20), (850, 400, -40), (930, 380, 30), (980, 460, -10), (200, 590, 160)]:
        s.push(x, y, a)
        s.ellipse(0, -40, 24, 46, LEAF)
        s.pop()
    # nest with three chicks and a parent bird
    s.ellipse(470, 470, 180, 80, WOOD, 0, 180)
    s.rect(290, 440, 650, 480, WOOD)
    for k in range(9):
        s.line(300 + k * 40, 446, 330 + k * 38, 500, WOOD2, 5)
    for x, c in ((400, "#E9D6A8"), (470, "#E3CC98"), (540, "#E9D6A8")):
        s.ellipse(x, 430, 36, 40, c)
        s.circle(x, 390, 26, c)
        s.poly([(x - 10, 372), (x + 10, 372), (x, 340)], MUST)
    s.ellipse(700, 370, 90, 60, TERRA)
    s.circle(640, 320, 40, TERRA)
    s.poly([(650, 300), (600, 300), (560, 330), (605, 325)], MUST)
    s.poly([(780, 360), (860, 330), (850, 390)], shade(TERRA, 0.85))
    s.ellipse(720, 360, 50, 30, shade(TERRA, 0.88))
    s.line(690, 428, 690, 455, SLATE, 5)
    s.line(720, 428, 720, 455, SLATE, 5)
    return s


def kiemplantjes():
    s = Scene(WALL)
    # window behind
    s.rect(120, 60, 904, 470, WHITE, r=10)
    s.rect(140, 80, 884, 450, SKY)
    s.line(512, 80, 512, 450, WHITE, 14)
    cloud(s, 250, 190, 0.7)
    s.rect(90, 460, 934, 500, WOOD, r=8)
    s.rect(0, 500, W, H, "#E4D8C4")
    # pots with seedlings of different sizes
    for x, h, c in [(200, 40, TERRA), (340, 90, TEAL), (480, 150, MUST), (620, 60, PLUM), (760, 200, TERRA)]:
        s.poly([(x - 50, 400), (x + 50, 400), (x + 40, 462), (x - 40, 462)], c)
        s.rect(x - 56, 388, x + 56, 408, shade(c, 0.85), r=4)
        s.line(x, 392, x, 392 - h, LEAF2, 7)
        n = 1 + h // 50
        for k in range(n):
            y = 392 - h + k * 42
            side = -1 if k % 2 else 1
            s.push(x, y + 10, side * 55)
            s.ellipse(0, -20, 11, 24, LEAF)
            s.pop()
        s.ellipse(x, 392 - h - 6, 12, 14, LEAF)
    return s


def wasdraad():
    s = Scene(SKY)
    sky_and_grass(s, 520)
    sun(s, 880, 100, 40)
    cloud(s, 180, 90, 0.8)
    bush(s, 940, 540, 0.8)
    s.rect(70, 180, 86, 620, WOOD2, r=4)
    s.rect(938, 180, 954, 620, WOOD2, r=4)
    line = [(78, 210), (512, 290), (946, 210)]
    s.curve(line, SLATE, 4)

    def pin(x, y):
        s.rect(x - 5, y - 14, x + 5, y + 10, WOOD, r=3)

    def shirt(t, w, h, col):
        x, y = bezier(line, t)
        s.poly([(x - w / 2, y), (x + w / 2, y), (x + w / 2 + w * 0.3, y + h * 0.3), (x + w / 2, y + h * 0.4),
                (x + w / 2, y + h), (x - w / 2, y + h), (x - w / 2, y + h * 0.4), (x - w / 2 - w * 0.3, y + h * 0.3)], col)
        pin(x - w / 2 + 8, y)
        pin(x + w / 2 - 8, y)

    def trousers(t, w, h, col):
        x, y = bezier(line, t)
        s.poly([(x - w / 2, y), (x + w / 2, y), (x + w / 2 + 6, y + h), (x + 6, y + h), (x, y + h * 0.35),
                (x - 6, y + h), (x - w / 2 - 6, y + h)], col)
        pin(x - w / 2 + 8, y)
        pin(x + w / 2 - 8, y)

    def romper(t, w, h, col):
        x, y = bezier(line, t)
        s.rpoly([(x - w / 2, y + 6), (x + w / 2, y + 6), (x + w / 2 - 6, y + h), (x - w / 2 + 6, y + h)], col, 8)
        s.ellipse(x, y + h, w * 0.28, 10, col)
        pin(x - w / 2 + 8, y)
        pin(x + w / 2 - 8, y)

    def sock(t, col):
        x, y = bezier(line, t)
        s.rect(x - 9, y, x + 9, y + 44, col, r=6)
        s.ellipse(x + 8, y + 44, 16, 9, col)
        pin(x, y)

    shirt(0.09, 120, 150, TEAL)
    trousers(0.22, 90, 170, SLATE)
    romper(0.34, 70, 90, ROSE)
    sock(0.42, MUST)
    sock(0.46, MUST)
    shirt(0.56, 80, 100, TERRA)
    romper(0.66, 60, 76, WHITE)
    trousers(0.76, 66, 110, PLUM)
    shirt(0.89, 110, 140, MUST)
    s.rect(360, 640, 520, 710, WOOD, r=18)
    for y in (660, 685):
        s.line(372, y, 508, y, WOOD2, 5)
    s.ellipse(440, 640, 80, 14, WOOD2)
    s.ellipse(440, 636, 60, 9, WHITE)
    return s


def vlieger():
    s = Scene(SKY)
    cloud(s, 120, 260, 0.7)
    cloud(s, 520, 80, 0.6)
    s.ellipse(300, 760, 620, 260, GRASS)
    s.ellipse(900, 800, 400, 200, GRASS2)
    # kite with a tail
    k = (800, 170)
    s.poly([(k[0], k[1] - 70), (k[0] + 50, k[1]), (k[0], k[1] + 90), (k[0] - 50, k[1])], TERRA)
    s.poly([(k[0], k[1] - 70), (k[0] + 50, k[1]), (k[0], k[1])], MUST)
    s.poly([(k[0], k[1]), (k[0] - 50, k[1]), (k[0], k[1] + 90)], MUST)
    tail = [(k[0], k[1] + 90), (k[0] - 40, k[1] + 170), (k[0] + 40, k[1] + 230), (k[0] - 10, k[1] + 300)]
    s.curve(tail, SLATE, 4)
    for t in (0.25, 0.5, 0.75):
        x, y = bezier(tail, t)
        s.poly([(x - 16, y - 10), (x, y), (x - 16, y + 10)], TEAL)
        s.poly([(x + 16, y - 10), (x, y), (x + 16, y + 10)], TEAL)
    # the child holds the string, the parent points
    kid = person(s, 420, 0, 21, build="child", view="side", ground=532, draw=False)
    hand = (kid["neck"][0] + 50, kid["neck"][1] - 30)
    s.curve([hand, (640, 260), k], WHITE, 3)
    person(s, 420, 0, 21, build="child", view="side", ground=532, skin=SKINS[5], hair=HAIR["black"],
           style="curly", top=MUST, bottom=TEAL, hands={"r": hand, "l": (hand[0] - 6, hand[1] + 10)},
           ll=(-8, -3), rl=(12, 4))
    person(s, 280, 0, 25, view="side", ground=520, skin=SKINS[4], hair=HAIR["black"], top=PLUM,
           bottom=SLATE, ra=(140, 150), la=(20, 40))
    return s


def achter_het_hek():
    s = Scene(SKY)
    sky_and_grass(s, 440)
    sun(s, 800, 110, 45)
    cloud(s, 200, 100, 0.7)
    # the playground on the other side
    s.line(200, 560, 215, 330, SLATE, 12)
    s.line(260, 560, 275, 330, SLATE, 12)
    for y in range(370, 560, 40):
        s.line(206, y, 266, y, SLATE, 8)
    s.rect(200, 318, 330, 338, WOOD2, r=5)
    s.poly([(315, 318), (345, 330), (480, 540), (450, 556)], TERRA)
    s.line(600, 300, 560, 560, WOOD2, 16)
    s.line(600, 300, 640, 560, WOOD2, 16)
    s.line(880, 300, 840, 560, WOOD2, 16)
    s.line(880, 300, 920, 560, WOOD2, 16)
    s.line(590, 300, 890, 300, WOOD2, 18)
    s.line(700, 308, 700, 470, SLATE, 4)
    s.line(770, 308, 770, 470, SLATE, 4)
    s.rect(690, 466, 780, 482, MUST, r=6)
    tree(s, 90, 470, 230, 90)
    # the tall fence, closed
    s.rect(0, 260, W, 278, SLATE)
    s.rect(0, 600, W, 616, SLATE)
    for x in range(20, W, 44):
        s.rect(x - 5, 250, x + 5, 660, SLATE)
        s.poly([(x - 9, 252), (x + 9, 252), (x, 230)], SLATE)
    s.rect(500, 420, 540, 470, MUST, r=6)
    s.ring(520, 418, 14, GREY2, 6)
    s.rect(0, 660, W, H, GRASS2)
    # a parent and a child in front of it, seen from behind
    kid = person(s, 600, 0, 20, build="child", view="back", ground=735, draw=False)
    person(s, 600, 0, 20, build="child", view="back", ground=735, skin=SKINS[1], hair=HAIR["blond"],
           style="short", top=TERRA, bottom=SLATE,
           hands={"l": (kid["lsh"][0] - 14, kid["lsh"][1] - 40, "left"), "r": (kid["rsh"][0] + 14, kid["rsh"][1] - 40, "right")})
    person(s, 420, 0, 25, view="back", ground=740, skin=SKINS[2], hair=HAIR["dark"], style="long",
           top=TEAL, bottom=SLATE)
    return s


IMAGES = {   # in the order of the deck
    "koffie": koffie,
    "welkom-aan-de-deur": welkom_aan_de_deur,
    "bank": bank,
    "babbelen-op-de-bank": babbelen_op_de_bank,
    "handen": handen,
    "gesloten-deur": gesloten_deur,
    "lange-tafel": lange_tafel,
    "papa-met-kinderwagen": papa_met_kinderwagen,
    "zandbak": zandbak,
    "deur-op-een-kier": deur_op_een_kier,
    "volle-wachtzaal": volle_wachtzaal,
    "brug": brug,
    "grootouders": grootouders,
    "stoelenkring": stoelenkring,
    "gesprekskring": gesprekskring,
    "lamp-in-raam": lamp_in_raam,
    "baby-op-speelmat": baby_op_speelmat,
    "speeltuin": speeltuin,
    "achter-het-hek": achter_het_hek,
    "tuin": tuin,
    "samen-planten": samen_planten,
    "keukentafel": keukentafel,
    "koffie-inschenken": koffie_inschenken,
    "picknickkleed": picknickkleed,
    "wegwijzer": wegwijzer,
    "open-poort": open_poort,
    "eerste-stapjes": eerste_stapjes,
    "stapstenen": stapstenen,
    "nest": nest,
    "boom": boom,
    "papa-met-draagzak": papa_met_draagzak,
    "puzzel": puzzel,
    "kampvuur": kampvuur,
    "hoge-drempel": hoge_drempel,
    "bushalte": bushalte,
    "gezinswandeling": gezinswandeling,
    "marktkraam": marktkraam,
    "regen-aan-de-bushalte": regen_aan_de_bushalte,
    "soeppot": soeppot,
    "kiemplantjes": kiemplantjes,
    "schommel": schommel,
    "vlieger": vlieger,
    "hinkelpad": hinkelpad,
    "boekenhoek": boekenhoek,
    "voorlezen": voorlezen,
    "voetstappen": voetstappen,
    "eenzame-bank": eenzame_bank,
    "deurmat": deurmat,
    "wasdraad": wasdraad,
    "vuurtoren": vuurtoren,
    "twee-stoelen": twee_stoelen,
}


def imagemagick():
    """The ImageMagick command from the PATH: 'convert' (as before), else 'magick' (version 7)."""
    for name in ("convert", "magick"):
        path = shutil.which(name)
        if path:
            return path
    return None


def render(name, out_dir, tool="convert"):
    scene = IMAGES[name]()
    out = os.path.join(out_dir, name + ".png")
    cmd = [tool, "-size", f"{W}x{H}", f"xc:{scene.bg}", "-draw", scene.mvg(),
           "-resize", f"{W // 2}x{H // 2}", "+dither", "-colors", "48",
           "-strip", "-define", "png:compression-level=9", "PNG8:" + out]
    subprocess.run(cmd, check=True)
    return out


def main(argv):
    tool = imagemagick()
    if not tool:
        sys.exit("make_images.py needs ImageMagick ('magick' or 'convert') on the PATH")
    out_dir = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    names = argv[2:] or list(IMAGES)
    unknown = [n for n in names if n not in IMAGES]
    if unknown:
        sys.exit("unknown image id: " + ", ".join(unknown) + "\nknown: " + " ".join(IMAGES))
    for n in names:
        path = render(n, out_dir, tool)
        print(f"{path}  {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main(sys.argv)
