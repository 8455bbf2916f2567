#!/usr/bin/env python3
"""Records server messages from a running kring-server for tests/unit/wire_test.cpp.

    build/server/kring-server --port 18555 --rate 200 --data /tmp/rec/kring.sqlite &
    python3 tests/unit/data/record.py 18555 tests/unit/data

Drives real WebSocket connections (a facilitator on loopback, which is the server's admin,
participants and a projector) through sessions of every activity kind and writes every
WebSocket message each connection received, one per line, exactly as it arrived (an object,
or a batch: a JSON array), into <dir>/<name>.json; of the many views of a busy session only
some (see write()). Only the Python standard library.
"""
import base64
import json
import os
import socket
import struct
import sys
import time


class Ws:
    """A minimal WebSocket client (RFC 6455): text frames, client-side masking."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
            % (port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.buf = b""
        self.received = []  # every message's text, in order
        self.pending = []  # messages received but not looked at yet
        self.seq = 0

    def send(self, obj):
        self.seq += 1
        obj = dict(obj, seq=self.seq)
        data = json.dumps(obj).encode()
        mask = os.urandom(4)
        n = len(data)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))
        return self.seq

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv_one(self, timeout):
        self.sock.settimeout(timeout)
        text = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            op = b0 & 0x0F
            if op == 0x9:  # ping: answer, keep reading
                continue
            if op == 0x8:
                raise EOFError
            text += payload
            if b0 & 0x80:
                break
        s = text.decode()
        self.received.append(s)
        return s

    def messages(self, text):
        j = json.loads(text)
        return j if isinstance(j, list) else [j]

    def until(self, pred, timeout=5.0):
        """The first message (of a batch too) that matches; the ones after it stay pending."""
        end = time.time() + timeout
        while True:
            while self.pending:
                m = self.pending.pop(0)
                if pred(m):
                    return m
            if time.time() >= end:
                raise TimeoutError("no matching message")
            try:
                text = self.recv_one(max(0.05, end - time.time()))
            except socket.timeout:
                continue
            self.pending.extend(self.messages(text))

    def reply(self, obj, timeout=5.0):
        seq = self.send(obj)
        return self.until(lambda m: m.get("seq") == seq, timeout)

    def drain(self, seconds=0.6):
        end = time.time() + seconds
        while time.time() < end:
            try:
                self.recv_one(max(0.05, end - time.time()))
            except socket.timeout:
                break


def session(port, template):
    fac = Ws(port)
    created = fac.reply({"type": "create_session", "protocol_version": 1, "template": template})
    assert created["type"] == "session_created", created
    welcome = fac.until(lambda m: m["type"] == "welcome")
    fac.until(lambda m: m["type"] == "view")
    return fac, created["join_code"], welcome["session"]["steps"]


def participant(port, code, name=""):
    p = Ws(port)
    w = p.reply({"type": "join", "protocol_version": 1, "code": code, "role": "participant",
                 "name": name})
    assert w["type"] == "welcome", w
    p.until(lambda m: m["type"] == "view")
    return p


def control(fac, action, step, **extra):
    r = fac.reply(dict({"type": "control", "action": action, "step": step}, **extra))
    assert r["type"] == "ack", r
    return r


def answer(p, step, value, item=None, comment=None):
    msg = {"type": "answer", "step": step, "value": value}
    if item is not None:
        msg["item"] = item
    if comment is not None:
        msg["comment"] = comment
    r = p.reply(msg)
    assert r["type"] == "ack", r


def write(out_dir, name, conns):
    """Every message each connection received, but of a run of lone views only every fourth
    and the last three (the views of a busy session differ in little but their counters)."""
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        for c in conns:
            lone_views = [i for i, t in enumerate(c.received)
                          if t.startswith("{") and json.loads(t).get("type") == "view"]
            keep = set(lone_views[::4]) | set(lone_views[-3:])
            for i, text in enumerate(c.received):
                if i in keep or i not in lone_views:
                    f.write(text + "\n")


def main():
    port, out_dir = int(sys.argv[1]), sys.argv[2]

    # The whole workshop: inventory, open_text, traffic_light, dot_vote, action_plan.
    fac, code, steps = session(port, "volledige-workshop")
    ids = {s["id"]: s for s in steps}
    proj = Ws(port)
    proj.reply({"type": "join", "protocol_version": 1, "code": code, "role": "projector"})
    people = [participant(port, code, n) for n in ("Tablet 1", "", "")]
    fac.until(lambda m: m["type"] == "devices")
    inv = next(s for s in steps if s["kind"] == "inventory")
    kinds = [k["id"] for k in inv["offer_kinds"]]
    groups = [g["id"] for g in inv["target_groups"]]
    control(fac, "open", inv["id"])
    answer(people[0], inv["id"], [{"name": "Babbelcafé", "kind": kinds[0], "place": "Huis",
                                   "families": groups[:2], "goals": "ontmoeten"}])
    answer(people[1], inv["id"], [{"name": "Speelpleinwerking", "kind": kinds[1]}])
    answer(people[2], inv["id"], "pass")
    control(fac, "close", inv["id"])
    control(fac, "reveal", inv["id"])
    ot = next(s for s in steps if s["kind"] == "open_text")
    control(fac, "open", ot["id"])
    answer(people[0], ot["id"], ["samen koffie drinken", "elkaar groeten"])
    answer(people[1], ot["id"], ["Samen koffie drinken"])
    answer(people[2], ot["id"], ["een warme plek"])
    control(fac, "start_timer", ot["id"], seconds=60)
    control(fac, "set_live", ot["id"], on=True)
    tl = next(s for s in steps if s["kind"] == "traffic_light")
    control(fac, "open", tl["id"])
    for i, p in enumerate(people):
        for j, it in enumerate(tl["items"]):
            answer(p, tl["id"], ["green", "orange", "red", "pass"][(i + j) % 4], it["id"],
                   "opmerking" if i == 0 and j == 0 else "")
    control(fac, "set_tally", tl["id"], item=tl["items"][0]["id"],
            counts={"green": 2, "red": 1})
    control(fac, "set_note", tl["id"], text="Goed gesprek.")
    control(fac, "close", tl["id"])
    control(fac, "reveal", tl["id"])
    ap = next(s for s in steps if s["kind"] == "action_plan")
    control(fac, "open", ap["id"])
    answer(people[0], ap["id"], [{"what": "Koffiemoment", "who": "Ann", "when": "mei"}])
    answer(people[1], ap["id"], [{"what": "Wandeling"}])
    control(fac, "reveal", ap["id"])
    dv = next(s for s in steps if s["kind"] == "dot_vote")
    control(fac, "open", dv["id"])
    view = fac.until(lambda m: m["type"] == "view" and any(
        st["id"] == dv["id"] and "options" in st for st in m["steps"]))
    opts = next(st for st in view["steps"] if st["id"] == dv["id"])["options"]
    answer(people[0], dv["id"], {opts[0]["id"]: 2, opts[1]["id"]: 1})
    answer(people[1], dv["id"], {opts[1]["id"]: 3})
    control(fac, "reveal", dv["id"])
    # A refused request and a few admin replies.
    err = fac.reply({"type": "answer", "step": tl["id"], "item": tl["items"][0]["id"],
                     "value": "green"})
    assert err["type"] == "error", err
    fac.reply({"type": "list_templates"})
    fac.reply({"type": "list_sessions"})
    fac.reply({"type": "get_template", "template": "stoplicht-visie"})
    fac.reply({"type": "export", "format": "md"})
    people[2].reply({"type": "sync"})
    for c in [fac, proj] + people:
        c.drain()
    write(out_dir, "workshop-facilitator", [fac])
    write(out_dir, "workshop-projector", [proj])
    write(out_dir, "workshop-participant", [people[0]])

    # The kinds the workshop does not have: choice, scale, image_choice.
    for template in ("casussen", "evaluatie", "dromen-met-beelden"):
        fac, code, steps = session(port, template)
        p = participant(port, code)
        q = participant(port, code)
        r = participant(port, code)
        first = steps[0]
        control(fac, "open", first["id"])
        if first["kind"] == "choice":
            answer(p, first["id"], first["options"][0]["id"], comment="omdat")
            answer(q, first["id"], "pass")
            answer(r, first["id"], first["options"][1]["id"])
        elif first["kind"] == "scale":
            for it in first["items"]:
                answer(p, first["id"], first["max"], it["id"], "goed")
                answer(q, first["id"], "pass", it["id"])
                answer(r, first["id"], first["min"], it["id"])
        else:
            answer(p, first["id"], [first["images"][0]["id"]], comment="licht")
            answer(q, first["id"], [first["images"][1]["id"]])
            answer(r, first["id"], "pass")
        control(fac, "close", first["id"])
        control(fac, "reveal", first["id"])
        for c in (fac, p, q, r):
            c.drain()
        write(out_dir, template, [fac, p])


if __name__ == "__main__":
    main()
