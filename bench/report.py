#!/usr/bin/env python3
"""Prints the benchmark table from bench/run.sh's raw results and writes them as JSON.

Usage: report.py RESULTS.jsonl|results.json [--out results.json]

Each line of RESULTS.jsonl is {"scenario": ..., "run": n, "result": <kring-load JSON>}
(restart runs carry {"events", "bytes", "hwm_kib", "probe"} instead). The table shows the
median over the runs of each scenario; bench/README.md explains every column.
"""
import json
import os
import platform
import statistics
import sys
import time

ORDER = ["echo", "echo1", "room1", "room1x1", "rooms400", "room1-pg", "rooms400-pg", "paced", "paced-pg",
         "live-phones", "live-projector",
         "restart-fill", "smoke"]


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def get(d, *path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d


def fmt(v, digits=0, unit=""):
    if v is None:
        return "-"
    if isinstance(v, float) and digits == 0:
        return f"{v:,.0f}{unit}"
    if isinstance(v, (int,)) and digits == 0:
        return f"{v:,}{unit}"
    return f"{v:,.{digits}f}{unit}"


def summarise(results):
    """Medians (and worst cases where they matter) of one scenario's runs."""
    ok = [r for r in results if r]
    s = {"runs": len(results), "ok_runs": sum(1 for r in ok if r.get("ok"))}
    if not ok:
        return s
    first = ok[0]
    s["mode"] = first.get("mode")
    s["participants"] = first.get("participants")
    s["rooms"] = first.get("rooms")
    s["statements"] = first.get("statements")
    s["rounds"] = first.get("rounds")
    s["pattern"] = first.get("pattern")
    s["rate_target"] = first.get("rate_target")
    s["procs"] = first.get("procs")
    s["joined_min"] = min(r.get("joined", 0) for r in ok)
    s["refused_max"] = max(r.get("refused", 0) for r in ok)
    s["dropped_max"] = max(r.get("dropped", 0) for r in ok)
    s["unacked_max"] = max(r.get("answers_expected", 0) - r.get("answers_acked", 0) for r in ok)
    s["unobserved_max"] = max(r.get("unobserved", 0) or 0 for r in ok)
    reasons = {}
    for r in ok:
        for k, v in (r.get("refused_reasons") or {}).items():
            reasons[k] = reasons.get(k, 0) + v
        for k, v in (r.get("answer_errors") or {}).items():
            reasons["answer: " + k] = reasons.get("answer: " + k, 0) + v
        for k, v in (r.get("drop_reasons") or {}).items():
            reasons["dropped: " + k] = reasons.get("dropped: " + k, 0) + v
    s["problems"] = reasons
    s["aborted"] = [r.get("abort_reason") for r in ok if r.get("aborted")]
    s["join_s"] = med([r.get("join_s") for r in ok])
    s["answers_per_s"] = med([r.get("durable_answers_per_s") for r in ok])
    s["answers_per_s_runs"] = [round(r.get("durable_answers_per_s") or 0) for r in ok]
    for q in ("p50", "p95", "p99", "max"):
        s["latency_" + q] = med([get(r, "projector_latency_ms", q) for r in ok])
        s["ack_" + q] = med([get(r, "ack_latency_ms", q) for r in ok])
    s["latency_p99_runs"] = [get(r, "projector_latency_ms", "p99") for r in ok]
    s["hwm_kib"] = med([get(r, "server", "hwm_kib") for r in ok])
    s["kib_per_participant"] = med([get(r, "server", "kib_per_participant") for r in ok])
    s["kib_per_participant_at_join"] = med([get(r, "server", "kib_per_participant_at_join") for r in ok])
    s["server_cpu_join_s"] = med([get(r, "server", "cpu_join_s") for r in ok])
    s["server_cpu_answer_s"] = med([get(r, "server", "cpu_answer_s") for r in ok])
    s["server_cpu_total_s"] = med([get(r, "server", "cpu_total_s") for r in ok])
    s["bytes_per_answer"] = med([r.get("bytes_per_answer") for r in ok])
    s["gen_cpu_join_s"] = med([get(r, "generator", "cpu_join_s") for r in ok])
    s["gen_cpu_answer_s"] = med([get(r, "generator", "cpu_answer_s") for r in ok])
    s["gen_util_max"] = max((get(r, "generator", "max_proc_util_answer") or 0) for r in ok)
    s["gen_saturated_runs"] = sum(1 for r in ok if get(r, "generator", "saturated"))
    s["other_cpu_answer_s"] = med([r.get("other_cpu_answer_s") for r in ok])
    s["answer_wall_s"] = med([get(r, "generator", "answer_wall_s") for r in ok])
    s["server_cpu_us_per_answer"] = med([get(r, "server", "cpu_us_per_answer") for r in ok])
    gen_us = []
    for r in ok:
        acked = r.get("answers_acked") or 0
        if acked:
            gen_us.append((get(r, "generator", "cpu_answer_s") or 0) * 1e6 / acked)
    s["gen_cpu_us_per_answer"] = med(gen_us)
    cores = os.cpu_count() or 1
    if s["server_cpu_us_per_answer"] and s["gen_cpu_us_per_answer"] is not None and s.get("pattern") != "paced":
        # What this machine could do with nothing else running: its cores spent on the
        # server and the generator only, at the CPU cost per answer measured.
        s["capacity_per_s"] = cores * 1e6 / (s["server_cpu_us_per_answer"] + s["gen_cpu_us_per_answer"])
    s["server_runq_wait_answer_s"] = med([get(r, "server", "runq_wait_answer_s") for r in ok])
    s["server_runq_wait_join_s"] = med([get(r, "server", "runq_wait_join_s") for r in ok])
    rates = []
    for r in ok:
        wall = r.get("views_window_s") or 0
        joined = r.get("joined") or 0
        if wall > 0 and joined > 0 and r.get("participant_views_answer_phase") is not None:
            rates.append(r["participant_views_answer_phase"] / wall / joined)
    s["views_per_participant_per_s"] = med(rates)
    s["live"] = first.get("live")
    per_min = []
    for r in ok:
        wall = r.get("views_window_s") or 0
        joined = r.get("joined") or 0
        if wall > 0 and joined > 0 and r.get("participant_bytes_answer_phase") is not None:
            per_min.append(r["participant_bytes_answer_phase"] / joined / wall * 60)
    s["phone_bytes_per_min"] = med(per_min)
    s["participant_views_answer_phase"] = med([r.get("participant_views_answer_phase") for r in ok])
    s["observer_views_answer_phase"] = med([r.get("observer_views_answer_phase") for r in ok])
    return s


def summarise_restart(results):
    ok = [r for r in results if r]
    s = {"runs": len(results), "ok_runs": sum(1 for r in ok if get(r, "probe", "ok"))}
    if not ok:
        return s
    s["events"] = ok[0].get("events")
    s["bytes"] = ok[0].get("bytes")
    s["listening_s"] = med([get(r, "probe", "listening_s") for r in ok])
    s["ack_s"] = med([get(r, "probe", "ack_s") for r in ok])
    s["ack_s_runs"] = [get(r, "probe", "ack_s") for r in ok]
    s["hwm_kib"] = med([r.get("hwm_kib") for r in ok])
    return s


def summarise_floor(results):
    """kring-floor's parts (microseconds of CPU per operation): medians over the runs."""
    ok = [r for r in results if r and r.get("store_us") is not None]
    s = {"runs": len(results), "ok_runs": len(ok)}
    for key in ("wake_us", "recv_us", "send_us", "store_us"):
        s[key] = med([r.get(key) for r in ok])
    return s


def floor_of_vote(fl, live):
    """The least CPU a calm vote of `live` (a live-phones run) can cost here, in us: a wake-up,
    the vote read, one answer made durable, the ack and the two big screens' views sent, and
    the phones' views that run sent per vote. None without both."""
    if not fl or fl.get("store_us") is None or not live:
        return None
    rate, vpp, n = live.get("answers_per_s"), live.get("views_per_participant_per_s"), live.get("participants")
    if not rate or vpp is None or not n:
        return None
    views = vpp * n / rate
    total = fl["wake_us"] + fl["recv_us"] + fl["store_us"] + (3 + views) * fl["send_us"]
    return {"us": total, "phone_views_per_vote": views}


def summarise_takeover(results):
    ok = [r for r in results if r and r.get("median_s") is not None]
    s = {"runs": len(results), "ok_runs": sum(1 for r in ok if r.get("ok"))}
    if not ok:
        return s
    s["participants"] = ok[0].get("participants")
    s["takeovers"] = sum(r.get("takeovers") or 0 for r in ok)
    s["median_s"] = med([r.get("median_s") for r in ok])
    s["p99_s"] = med([r.get("p99_s") for r in ok])
    s["max_s"] = max(r.get("max_s") for r in ok)
    s["first_back_s"] = [x for r in ok for x in (r.get("first_back_s") or [])]
    return s


def targets(sc):
    out = []

    def add(name, measured, met, note=""):
        out.append({"target": name, "measured": measured, "met": met, "note": note})

    r1, r4, echo, rs = sc.get("room1"), sc.get("rooms400"), sc.get("echo"), sc.get("restart")
    if r1 and r1.get("participants"):
        n = r1["participants"]
        add(f"{n:,} in one room, all joined, nobody refused",
            f"joined {r1['joined_min']:,} (worst run), refused {r1['refused_max']}",
            r1["joined_min"] == n and r1["refused_max"] == 0 and r1["dropped_max"] == 0)
    for name, what in (("room1x1", "one answer each, all at once"),
                       ("room1", f"{(r1 or {}).get('statements') or 'all'} answers each, all at once"),
                       ("paced", "paced"), ("paced-pg", "paced, on PostgreSQL")):
        x = sc.get(name)
        if x and x.get("latency_p99") is not None:
            p99 = x["latency_p99"]
            add(f"answer in projector aggregate <= 50 ms p99 ({name}: {what})",
                f"p99 {fmt(p99, 1)} ms (median of runs)", p99 <= 50)
    if r4 and r4.get("participants"):
        n = r4["participants"]
        add(f"{n:,} across {r4['rooms']} rooms, all joined, nobody refused",
            f"joined {r4['joined_min']:,} (worst run), refused {r4['refused_max']}",
            r4["joined_min"] == n and r4["refused_max"] == 0 and r4["dropped_max"] == 0)
    for name in ("room1", "rooms400"):
        x = sc.get(name)
        if x and x.get("answers_per_s") is not None:
            add(f">= 50,000 durable answers/s ({name})", f"{fmt(x['answers_per_s'])}/s",
                x["answers_per_s"] >= 50000)
    if echo and echo.get("answers_per_s"):
        for name in ("room1", "rooms400"):
            x = sc.get(name)
            if x and x.get("answers_per_s") is not None:
                ratio = x["answers_per_s"] / echo["answers_per_s"]
                goal = 0.9 if name == "room1" else 0.8
                add(f">= {goal} x echo message rate ({name})",
                    f"{ratio:.2f} x ({fmt(x['answers_per_s'])} / {fmt(echo['answers_per_s'])})",
                    ratio >= goal,
                    "echo generator saturated" if echo.get("gen_saturated_runs") else "")
                if echo.get("server_cpu_us_per_answer") and x.get("server_cpu_us_per_answer"):
                    cpu_ratio = echo["server_cpu_us_per_answer"] / x["server_cpu_us_per_answer"]
                    add(f"   same, by server CPU per message ({name}; not disturbed by other load)",
                        f"{cpu_ratio:.2f} x ({x['server_cpu_us_per_answer']:.1f} us vs "
                        f"{echo['server_cpu_us_per_answer']:.1f} us per message)",
                        cpu_ratio >= goal)
    for name in ("room1", "rooms400"):
        x = sc.get(name)
        if x and x.get("kib_per_participant") is not None:
            add(f"<= 12 KiB server memory per participant ({name})",
                f"{x['kib_per_participant']:.1f} KiB (peak RSS growth / joined)",
                x["kib_per_participant"] <= 12)
    for name in ("room1", "rooms400"):
        x, pg = sc.get(name), sc.get(name + "-pg")
        if x and pg and x.get("answers_per_s") and pg.get("answers_per_s") is not None:
            ratio = pg["answers_per_s"] / x["answers_per_s"]
            add(f">= 0.5 x SQLite durable answers/s on PostgreSQL ({name}-pg)",
                f"{ratio:.2f} x ({fmt(pg['answers_per_s'])} / {fmt(x['answers_per_s'])})",
                ratio >= 0.5)
    e1, x1 = sc.get("echo1"), sc.get("room1x1")
    if e1 and x1 and e1.get("answer_wall_s") and x1.get("answer_wall_s") is not None:
        ratio = x1["answer_wall_s"] / e1["answer_wall_s"]
        add(f"a burst of {fmt(x1.get('participants'))} answers (one each, at once) fully on the "
            f"projector within 1.2 x the echo server's time for the same burst (room1x1 / echo1)",
            f"{ratio:.2f} x ({x1['answer_wall_s']:.2f} s / {e1['answer_wall_s']:.2f} s)",
            ratio <= 1.2)
    if rs and rs.get("ack_s") is not None:
        add(f"restart with {fmt(rs.get('events'))} events accepts answers <= 0.5 s",
            f"{rs['ack_s']:.2f} s to the first ack", rs["ack_s"] <= 0.5)
    lp = sc.get("live-phones")
    if lp and lp.get("server_cpu_us_per_answer") is not None:
        fv = floor_of_vote(sc.get("floor"), lp)
        add("server CPU per vote <= 0.35 ms with results live on the phones (live-phones)",
            f"{lp['server_cpu_us_per_answer'] / 1000:.3f} ms", lp["server_cpu_us_per_answer"] <= 350,
            f"this machine's floor for such a vote: {fv['us'] / 1000:.3f} ms (floor); "
            f"{lp['server_cpu_us_per_answer'] / fv['us']:.1f} x it" if fv else "")
        if lp.get("views_per_participant_per_s") is not None:
            add("<= 2 views a second per phone while results are live (live-phones)",
                f"{lp['views_per_participant_per_s']:.2f}", lp["views_per_participant_per_s"] <= 2)
    tk = sc.get("takeover-pg")
    if tk and tk.get("max_s") is not None:
        add(f"every client back within 15 s after its node is killed ({fmt(tk.get('takeovers'))} "
            f"take-overs, {fmt(tk.get('participants'))} participants)",
            f"max {tk['max_s']:.2f} s, median {tk['median_s']:.2f} s",
            tk["max_s"] <= 15 and tk["ok_runs"] == tk["runs"])
    return out


def floor_lines(sc):
    """The floor scenario's parts, and what they add up to for the live rows."""
    fl = sc.get("floor") or {}
    if fl.get("store_us") is None:
        return []
    out = ["", f"floor of a calm vote on this machine (kring-floor, CPU per operation, median of "
               f"{fl['ok_runs']}): a wake-up {fmt(fl['wake_us'], 1)} us, a vote read "
               f"{fmt(fl['recv_us'], 1)} us, one answer durable through the store "
               f"{fmt(fl['store_us'], 1)} us, a view sent {fmt(fl['send_us'], 1)} us"]
    for n in ("live-phones", "live-projector"):
        x = sc.get(n) or {}
        fv = floor_of_vote(fl, x)
        if fv and x.get("server_cpu_us_per_answer"):
            out.append(f"  {n}: with its {fv['phone_views_per_vote']:.1f} phone views and 3 messages "
                       f"a vote, at least {fv['us'] / 1000:.3f} ms a vote; Kring "
                       f"{x['server_cpu_us_per_answer'] / 1000:.3f} ms = "
                       f"{x['server_cpu_us_per_answer'] / fv['us']:.1f} x the floor")
    return out


def render(cols, rows):
    lines = [" ".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(cols))]
    lines.append("-" * len(lines[0]))
    for cells in rows:
        lines.append(" ".join(c.rjust(w) if i else c.ljust(w) for i, (c, (_, w)) in enumerate(zip(cells, cols))))
    return lines


def label_of(name, s):
    return name if s.get("pattern") != "paced" else f"{name}@{fmt(s.get('rate_target'))}"


def diagnostics(sc):
    cols = [
        ("scenario", 14), ("ack p50", 8), ("ack p99", 8), ("srv us/ans", 10), ("gen us/ans", 10),
        ("capacity/s", 10), ("x echo CPU", 10), ("srv runq s", 10),
        ("other CPU s", 11), ("answer wall s", 13), ("views/part/s", 12), ("obs views", 9),
        ("gen util", 8),
    ]
    echo_us = (sc.get("echo") or {}).get("server_cpu_us_per_answer")
    rows = []
    for name in ORDER:
        s = sc.get(name)
        if not s or "participants" not in s:
            continue
        rows.append([
            label_of(name, s), fmt(s.get("ack_p50"), 1), fmt(s.get("ack_p99"), 1),
            fmt(s.get("server_cpu_us_per_answer"), 1), fmt(s.get("gen_cpu_us_per_answer"), 1),
            fmt(s.get("capacity_per_s")),
            f"{echo_us / s['server_cpu_us_per_answer']:.2f}" if echo_us and s.get("server_cpu_us_per_answer") and name not in ("echo", "restart-fill") else "-",
            fmt(s.get("server_runq_wait_answer_s"), 1),
            fmt(s.get("other_cpu_answer_s"), 1), fmt(s.get("answer_wall_s"), 2),
            fmt(s.get("views_per_participant_per_s"), 1), fmt(s.get("observer_views_answer_phase")),
            f"{s.get('gen_util_max', 0):.0%}" + (" SAT" if s.get("gen_saturated_runs") else ""),
        ])
    return "\n".join(render(cols, rows))


def table(sc):
    cols = [
        ("scenario", 14), ("parts", 7), ("rooms", 5), ("joined", 7), ("join s", 7),
        ("answers/s", 10), ("x echo", 6), ("proj p50", 8), ("p95", 8), ("p99", 8),
        ("RSS MiB", 7), ("KiB/part", 8), ("srv CPU s", 11),
        ("B/answer", 8), ("gen CPU s", 12), ("ok", 5),
    ]
    rows = []
    echo_rate = (sc.get("echo") or {}).get("answers_per_s")
    for name in ORDER:
        s = sc.get(name)
        if not s or "participants" not in s:
            continue
        ratio = "-"
        if echo_rate and s.get("answers_per_s") and name not in ("echo", "restart-fill"):
            ratio = f"{s['answers_per_s'] / echo_rate:.2f}"
        gen = f"{fmt(s.get('gen_cpu_answer_s'), 1)}"
        gen += " SAT" if s.get("gen_saturated_runs") else f" {s.get('gen_util_max', 0):.0%}"
        srv = f"{fmt(s.get('server_cpu_answer_s'), 1)}/{fmt(s.get('server_cpu_total_s'), 1)}"
        rows.append([
            label_of(name, s), fmt(s["participants"]), fmt(s.get("rooms")), fmt(s.get("joined_min")),
            fmt(s.get("join_s"), 2), fmt(s.get("answers_per_s")), ratio,
            fmt(s.get("latency_p50"), 1), fmt(s.get("latency_p95"), 1), fmt(s.get("latency_p99"), 1),
            fmt((s.get("hwm_kib") or 0) / 1024, 1),
            fmt(s.get("kib_per_participant"), 1), srv, fmt(s.get("bytes_per_answer")), gen,
            f"{s['ok_runs']}/{s['runs']}",
        ])
    lines = render(cols, rows)
    rs = sc.get("restart")
    if rs and rs.get("events") is not None:
        lines.append("")
        lines.append(
            f"restart: store of {fmt(rs.get('events'))} events ({fmt((rs.get('bytes') or 0) / 1e6, 1)} MB): "
            f"listening after {fmt(rs.get('listening_s'), 2)} s, first answer acked after "
            f"{fmt(rs.get('ack_s'), 2)} s (median of {rs['runs']}; runs {rs.get('ack_s_runs')}), "
            f"peak RSS {fmt((rs.get('hwm_kib') or 0) / 1024, 1)} MiB")
    live_rows = [(n, sc.get(n)) for n in ("paced", "live-phones", "live-projector")
                 if sc.get(n) and sc[n].get("participants")]
    if any(n != "paced" for n, _ in live_rows):
        lines.append("")
        lines.append("results live while a room answers at a calm pace (what phones receive):")
        cols = [("scenario", 22), ("live", 9), ("parts", 6), ("votes/s", 8),
                ("srv CPU ms/vote", 15), ("views/phone/s", 13), ("KiB/phone/min", 13),
                ("proj p99 ms", 11)]
        rows = []
        for n, s in live_rows:
            rows.append([label_of(n, s), s.get("live") or "off", fmt(s.get("participants")),
                         fmt(s.get("answers_per_s")),
                         fmt((s.get("server_cpu_us_per_answer") or 0) / 1000, 3),
                         fmt(s.get("views_per_participant_per_s"), 2),
                         fmt((s.get("phone_bytes_per_min") or 0) / 1024, 1),
                         fmt(s.get("latency_p99"), 1)])
        lines.extend(render(cols, rows))
    lines.extend(floor_lines(sc))
    tk = sc.get("takeover-pg")
    if tk and tk.get("median_s") is not None:
        firsts = tk.get("first_back_s") or []
        lines.append("")
        lines.append(
            f"take-over (three nodes on PostgreSQL behind HAProxy, the session's node killed "
            f"{fmt(tk.get('takeovers'))} times with {fmt(tk.get('participants'))} participants in it): "
            f"everyone back after median {fmt(tk.get('median_s'), 2)} s, p99 {fmt(tk.get('p99_s'), 2)} s, "
            f"max {fmt(tk.get('max_s'), 2)} s; the first client back after "
            f"{fmt(min(firsts), 2) if firsts else '-'}-{fmt(max(firsts), 2) if firsts else '-'} s; "
            f"nothing lost or doubled in {tk['ok_runs']}/{tk['runs']} runs")
    return "\n".join(lines)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    src = sys.argv[1]
    out = None
    if "--out" in sys.argv:
        out = sys.argv[sys.argv.index("--out") + 1]
    text = open(src).read()
    try:  # a results.json written earlier: render it again from its raw runs
        runs = json.loads(text)["runs"]
    except (ValueError, KeyError, TypeError):
        runs = [json.loads(line) for line in text.splitlines() if line.strip()]
    by = {}
    for r in runs:
        by.setdefault(r["scenario"], []).append(r["result"])
    sc = {}
    for name, results in by.items():
        sc[name] = (summarise_restart(results) if name == "restart"
                    else summarise_takeover(results) if name == "takeover-pg"
                    else summarise_floor(results) if name == "floor"
                    else summarise(results))
    tg = targets(sc)

    print(table(sc))
    print()
    print(diagnostics(sc))
    print()
    notes = []
    for name in ORDER:
        s = sc.get(name) or {}
        if s.get("gen_saturated_runs"):
            notes.append(f"{name}: the generator saturated one core in {s['gen_saturated_runs']} of "
                         f"{s['runs']} runs: its rate is a lower bound of the server's")
        if s.get("problems"):
            notes.append(f"{name}: problems {s['problems']}")
        for a in s.get("aborted") or []:
            notes.append(f"{name}: aborted: {a}")
    for n in notes:
        print("note:", n)
    if tg:
        print()
        print("targets:")
        for t in tg:
            mark = "MET    " if t["met"] else "NOT MET"
            extra = f"  ({t['note']})" if t["note"] else ""
            print(f"  {mark} {t['target']}: {t['measured']}{extra}")

    if out:
        for r in runs:  # keep the JSON readable: codes and secrets are of no use later
            if isinstance(r.get("result"), dict):
                r["result"].pop("sessions", None)
        doc = {
            "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {"cores": os.cpu_count(), "kernel": platform.release(),
                        "loadavg_end": open("/proc/loadavg").read().split()[:3]},
            "scenarios": sc,
            "targets": tg,
            "runs": runs,
        }
        with open(out, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
