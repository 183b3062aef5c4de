#!/usr/bin/env python3
"""Collects the figures of one bench/run.sh run into results.json (contract keys of issue 7) and results.md.

Usage: report.py WORKDIR QUICK(0|1) OUT.json OUT.md
"""
import datetime
import json
import math
import os
import platform
import subprocess
import sys


ROUND_STAGES = ["round_werkpleinen", "round_create", "round_import", "round_open", "round_dispatch",
                "round_answer", "round_results_export", "round_response_rate_export"]


def main():
    work, quick, out_json, out_md = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4]
    stages = {}
    with open(os.path.join(work, "stages.tsv")) as f:
        for line in f:
            name, secs, mb = line.rstrip("\n").split("\t")
            stages[name] = {"s": float(secs), "rss_mb": int(mb)}

    def figures(name):
        if not os.path.exists(os.path.join(work, name + ".out")):
            return {}
        with open(os.path.join(work, name + ".out")) as f:
            lines = [l for l in f.read().splitlines() if l.startswith("{")]
        return json.loads(lines[-1]) if lines else {}

    def r(x, n=3):
        return None if x is None else round(x, n)

    def collect(x):
        """The contract keys of one provider: stage names carry the prefix x ("" SQLite, "pg_" PostgreSQL)."""
        raw = figures(x + "import_raw")
        rows = raw.get("rows")
        import_s = stages.get(x + "import", {}).get("s")
        disp, disp_raw = figures(x + "dispatch"), figures("dispatch_raw")
        ans = figures(x + "answer")
        paced = figures(x + "answer_paced")
        warm = figures(x + "answer_warmup")
        small, large = figures(x + "results_small"), figures(x + "results_large")
        rnd = figures(x + "round_answer")
        pages = figures(x + "pages")
        round_stages = [x + s for s in ROUND_STAGES]
        round_total = sum(stages[s]["s"] for s in round_stages if s in stages)
        exponent = None
        if small.get("ms") and large.get("ms"):
            exponent = math.log(large["ms"] / small["ms"]) / math.log(large["invitations"] / small["invitations"])
        return {
                "import.rows": rows,
            "import.rows_per_s": r(rows / import_s, 0) if import_s and rows else None,
            "import.seconds": import_s,
            "import.peak_rss_mb": stages.get(x + "import", {}).get("rss_mb"),
            "import.raw_rows_per_s": raw.get("rows_per_s"),
            "import.ratio_to_raw": r((rows / import_s) / raw["rows_per_s"]) if raw.get("rows_per_s") and import_s and rows else None,
            "dispatch.messages": disp.get("sent"),
            "dispatch.msgs_per_s": disp.get("msgs_per_s"),
            "dispatch.raw_msgs_per_s": disp_raw.get("msgs_per_s"),
            "dispatch.ratio_to_raw": r(disp["msgs_per_s"] / disp_raw["msgs_per_s"]) if disp_raw.get("msgs_per_s") and disp.get("msgs_per_s") else None,
            "dispatch.message_bytes": disp_raw.get("message_bytes"),
            "dispatch.connections": disp_raw.get("connections"),
            "answer.respondents": ans.get("respondents"),
            "answer.requests": ans.get("requests"),
            "answer.rps": ans.get("rps"),
            "answer.p50_ms": ans.get("p50_ms"),
            "answer.p95_ms": ans.get("p95_ms"),
            "answer.errors": ans.get("errors"),
            "answer.static_rps": ans.get("static_rps"),
            "answer.ratio_to_static": ans.get("ratio_to_static"),
            "answer_warmup.respondents": warm.get("respondents"),
            "answer_warmup.rps": warm.get("rps"),
            "answer_warmup.p95_ms": warm.get("p95_ms"),
            "answer_warmup.errors": warm.get("errors"),
            "answer_paced.think_ms": paced.get("think_ms"),
            "answer_paced.respondents": paced.get("respondents"),
            "answer_paced.rps": paced.get("rps"),
            "answer_paced.p50_ms": paced.get("p50_ms"),
            "answer_paced.p95_ms": paced.get("p95_ms"),
            "answer_paced.p99_ms": paced.get("p99_ms"),
            "answer_paced.errors": paced.get("errors"),
            "results.ms_110k": small.get("ms"),
            "results.ms_1m": large.get("ms"),
            "results.group_by_ms_110k": small.get("group_by_ms"),
            "results.group_by_ms_1m": large.get("group_by_ms"),
            "results.ratio_to_group_by": small.get("ratio_to_group_by"),
            "results.weighted_ms_110k": small.get("weighted_ms"),
            "results.weighted_ratio": small.get("weighted_ratio"),
            "results.ratio_to_group_by_1m": large.get("ratio_to_group_by"),
            "results.growth_exponent": r(exponent, 2),
            "results.sizes": [[small.get("invitations"), small.get("responses")], [large.get("invitations"), large.get("responses")]],
            "round.total_s": r(round_total, 1) if all(x in stages for x in round_stages) else None,
            "round.stages_s": {s[len(x + "round_"):]: stages[s]["s"] for s in round_stages if s in stages},
            "round.web_responses": rnd.get("completed"),
            "round.answer_errors": rnd.get("errors"),
            "round.answer_rps": rnd.get("rps"),
            "round.answer_p95_ms": rnd.get("p95_ms"),
            "pages.users": pages.get("users"),
            "pages.requests": pages.get("requests"),
            "pages.errors": pages.get("errors"),
            "pages.p95_ms": pages.get("p95_ms"),
            "pages.slowest_page": pages.get("slowest_page"),
            "pages.by_page": pages.get("by_page"),
        }, (raw, rows, import_s, disp, disp_raw, ans, paced, small, large, rnd, round_total, exponent, pages)

    result = {"quick": quick}
    sqlite, sqlite_parts = collect("")
    result.update(sqlite)
    pg, pg_parts = collect("pg_")
    by_workers = {}
    for w in (1, 2, 4):
        f = figures(f"pg_dispatch_w{w}")
        if f:
            by_workers[str(w)] = f
    pg["dispatch.by_workers"] = by_workers
    two = by_workers.get("2", {})
    raw_rate = figures("dispatch_raw").get("msgs_per_s")
    # The contract figure: 2 worker processes on one PostgreSQL database against the raw MailKit sender.
    pg["dispatch.msgs_per_s_2_workers"] = two.get("msgs_per_s")
    pg["dispatch.ratio_to_raw_2_workers"] = r(two["msgs_per_s"] / raw_rate) if two.get("msgs_per_s") and raw_rate else None
    pg["dispatch.sent_exactly_once"] = all(b.get("received") == b.get("due") == b.get("distinct_received") for b in by_workers.values()) if by_workers else None
    result["pg"] = pg
    # The 1,000,000-person round (full run only): each stage's wall seconds and peak RSS of its process.
    ms_disp, ms_res = figures("moonshot_dispatch"), figures("moonshot_results")
    if ms_disp or ms_res or "moonshot_import" in stages:
        result["moonshot"] = {
            "invited": ms_res.get("invitations"),
            "responses": ms_res.get("responses"),
            "import_s": stages.get("moonshot_import", {}).get("s"),
            "dispatch_s": ms_disp.get("seconds"),
            "dispatch_msgs_per_s": ms_disp.get("msgs_per_s"),
            "dispatch_workers": ms_disp.get("workers"),
            "dispatch_sent_exactly_once": (ms_disp.get("received") == ms_disp.get("due") == ms_disp.get("distinct_received")) if ms_disp else None,
            "responses_import_s": stages.get("moonshot_responses_import", {}).get("s"),
            "results_ms": ms_res.get("ms"),
            "results_group_by_ms": ms_res.get("group_by_ms"),
            "results_weighted_ms": ms_res.get("weighted_ms"),
            "peak_rss_mb": {k[len("moonshot_"):]: v["rss_mb"] for k, v in stages.items() if k.startswith("moonshot_")},
        }
    result["stages"] = stages
    commit = subprocess.run(["git", "-C", os.path.dirname(out_json), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", os.path.dirname(out_json), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    with open("/proc/loadavg") as f:
        load_end = f.read().split()[:3]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    dotnet = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    result["machine"] = {"cores": os.cpu_count(), "cpu": cpu, "mem_gib": round(int(mem) / 1048576, 1),
                         "os": platform.platform(), "dotnet_sdk": dotnet}
    result["date_utc"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    result["commit"] = commit + ("+local changes" if dirty else "")
    result["load_average_start"] = open(os.path.join(work, "load-start.txt")).read().strip() if os.path.exists(os.path.join(work, "load-start.txt")) else None
    result["load_average_end"] = " ".join(load_end)
    result["load_average_during_results"] = [sqlite_parts[7].get("load_before"), sqlite_parts[8].get("load_before")]
    with open(out_json, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    def n(x, spec=",.0f"):
        return "n/a" if x is None else format(x, spec)

    def ok(flag):
        return "n/a" if flag is None else ("met" if flag else "**missed**")

    def md_rows(result, parts):
        raw, rows, import_s, disp, disp_raw, ans, paced, small, large, rnd, round_total, exponent, pages = parts
        rps_ratio = result["import.ratio_to_raw"]
        rows_md = [
            ("import.rows_per_s", f"{n(result['import.rows_per_s'])} rows/s ({n(rows, ',')} rows in {n(import_s, '.1f')} s, CLI process wall time)", "", ""),
            ("import.ratio_to_raw", f"{rps_ratio} (raw {n(raw.get('rows_per_s'))} rows/s)", ">= 0.5", ok(None if rps_ratio is None else rps_ratio >= 0.5)),
            ("import.peak_rss_mb", f"{result['import.peak_rss_mb']} MB", "<= 400 MB", ok(None if result["import.peak_rss_mb"] is None else result["import.peak_rss_mb"] <= 400)),
            ("dispatch.msgs_per_s", f"{n(result['dispatch.msgs_per_s'])} msg/s ({n(disp.get('sent'), ',')} sent, {disp.get('failed')} failed, {disp.get('workers')} workers)", "", ""),
            ("dispatch.ratio_to_raw", f"{result['dispatch.ratio_to_raw']} (raw {n(disp_raw.get('msgs_per_s'))} msg/s, {n(disp_raw.get('message_bytes'), ',')} bytes, {disp_raw.get('connections')} connections at a time, one per {disp_raw.get('batch_size')} messages)", ">= 0.7", ok(None if result["dispatch.ratio_to_raw"] is None else result["dispatch.ratio_to_raw"] >= 0.7)),
            ("answer_warmup.p95_ms", f"{result.get('answer_warmup.p95_ms')} ms ({n(result.get('answer_warmup.respondents'), ',')} respondents answering first on the freshly started host, not the goal's figure: {n(result.get('answer_warmup.rps'))} requests/s, {result.get('answer_warmup.errors')} errors)", "", ""),
            ("answer.rps", f"{n(ans.get('rps'))} requests/s ({n(ans.get('respondents'), ',')} respondents, {n(ans.get('requests'), ',')} requests, {ans.get('concurrency')} at a time)", "", ""),
            ("answer.p95_ms", f"{ans.get('p95_ms')} ms (p50 {ans.get('p50_ms')}, p99 {ans.get('p99_ms')})", "<= 100 ms", ok(None if ans.get("p95_ms") is None else ans["p95_ms"] <= 100)),
            ("answer.errors", f"{ans.get('errors')}", "0", ok(None if ans.get("errors") is None else ans["errors"] == 0)),
            ("answer.ratio_to_static", f"{ans.get('ratio_to_static')} (static {n(ans.get('static_rps'))} requests/s, p95 {ans.get('static_p95_ms')} ms)", "", ""),
            ("answer_paced.p95_ms", f"{paced.get('p95_ms')} ms (p50 {paced.get('p50_ms')}, p99 {paced.get('p99_ms')}; {n(paced.get('respondents'), ',')} other respondents, {paced.get('concurrency')} at a time, each pausing {paced.get('think_ms')} ms per page: {n(paced.get('rps'))} requests/s, {paced.get('errors')} errors)", "", ""),
            ("results.ms_110k", f"{small.get('ms')} ms ({n(small.get('invitations'), ',')} invitations / {n(small.get('responses'), ',')} responses; GROUP BY {small.get('group_by_ms')} ms)", "well under 1 s (<= 500 ms)", ok(None if small.get("ms") is None else small["ms"] <= 500)),
            ("results.ms_1m", f"{large.get('ms')} ms ({n(large.get('invitations'), ',')} / {n(large.get('responses'), ',')}; GROUP BY {large.get('group_by_ms')} ms)", "", ""),
            ("results.ratio_to_group_by", f"{small.get('ratio_to_group_by')} (large round: {large.get('ratio_to_group_by')})", "<= 3", ok(None if small.get("ratio_to_group_by") is None else small["ratio_to_group_by"] <= 3)),
            ("results.weighted_ratio", f"{small.get('weighted_ratio')} (post-stratified {small.get('weighted_ms')} ms next to {small.get('ms')} ms unweighted, same run)", "<= 1.5", ok(None if small.get("weighted_ratio") is None else small["weighted_ratio"] <= 1.5)),
            ("results.growth_exponent", f"{result['results.growth_exponent']} (time ~ size^exponent between the two rounds)", "<= 1", ok(None if exponent is None else exponent <= 1.05)),
            ("pages.p95_ms", f"{pages.get('p95_ms')} ms (slowest page: {pages.get('slowest_page')}; {pages.get('users')} signed-in users, {n(pages.get('requests'), ',')} requests, {pages.get('errors')} errors)", "<= 300 ms", ok(None if pages.get("p95_ms") is None else pages["p95_ms"] <= 300)),
            ("round.total_s", f"{result['round.total_s']} s ({n(rnd.get('completed'), ',')} web responses, {rnd.get('errors')} errors)", "< 600 s", ok(None if result["round.total_s"] is None else round_total < 600)),
        ]
        return rows_md

    with open(out_md, "w") as f:
        f.write(f"# Benchmark results{' (--quick: a tenth of the size)' if quick else ''}\n\n")
        f.write(f"Written by `bench/run.sh{' --quick' if quick else ''}` on {result['date_utc']} UTC, commit {result['commit']}.\n\n")
        m = result["machine"]
        f.write(f"Machine: {m['cores']} cores ({m['cpu']}), {m['mem_gib']} GiB, {m['os']}, .NET SDK {m['dotnet_sdk']}; SQLite on local disk.\n")
        f.write(f"Load average at the start: {result['load_average_start']}; before the results runs: {result['load_average_during_results']}; at the end: {result['load_average_end']}.\n\n")
        f.write("| figure | measured | goal | |\n| --- | --- | --- | --- |\n")
        for key, value, goal, status in md_rows(result, sqlite_parts):
            f.write(f"| `{key}` | {value} | {goal} | {status} |\n")
        f.write("\n## PostgreSQL\n\nThe same scenarios on PostgreSQL 15 (a throw-away cluster on 127.0.0.1, fsync off); keys under `pg` in the JSON. "
                "Import's raw baseline here is Npgsql binary COPY of the same rows; dispatch's is the same raw MailKit sender.\n\n")
        f.write("| figure | measured | goal | |\n| --- | --- | --- | --- |\n")
        for key, value, goal, status in md_rows(pg, pg_parts):
            f.write(f"| `pg.{key}` | {value} | {goal} | {status} |\n")
        for w, b in by_workers.items():
            f.write(f"| `pg.dispatch.by_workers.{w}` | {n(b.get('msgs_per_s'))} msg/s with {w} worker process(es) ({n(b.get('sent'), ',')} sent of {n(b.get('due'), ',')} due; the sink received {n(b.get('received'), ',')}, {n(b.get('distinct_received'), ',')} distinct) | every invitation once | {ok(b.get('received') == b.get('due') == b.get('distinct_received'))} |\n")
        ratio2 = pg.get("dispatch.ratio_to_raw_2_workers")
        f.write(f"| `pg.dispatch.ratio_to_raw_2_workers` | {ratio2} | >= 0.7 | {ok(None if ratio2 is None else ratio2 >= 0.7)} |\n")
        ms = result.get("moonshot")
        if ms:
            f.write(f"\n## The 1,000,000-person round (PostgreSQL)\n\n{n(ms.get('invited'), ',')} invited, {n(ms.get('responses'), ',')} responses; "
                    "peak RSS per process in MB: " + ", ".join(f"{k} {v}" for k, v in ms["peak_rss_mb"].items()) + ".\n\n")
            f.write("| figure | measured | goal | |\n| --- | --- | --- | --- |\n")
            f.write(f"| `moonshot.import_s` | {ms.get('import_s')} s (CLI `participants import`) | | |\n")
            d = ms.get("dispatch_s")
            f.write(f"| `moonshot.dispatch_s` | {d} s ({n(ms.get('dispatch_msgs_per_s'))} msg/s, {ms.get('dispatch_workers')} worker processes; every invitation once: {ms.get('dispatch_sent_exactly_once')}) | < 600 s | {ok(None if d is None else d < 600)} |\n")
            f.write(f"| `moonshot.responses_import_s` | {ms.get('responses_import_s')} s (CLI `responses import`) | | |\n")
            rm = ms.get("results_ms")
            f.write(f"| `moonshot.results_ms` | {rm} ms (GROUP BY {ms.get('results_group_by_ms')} ms; weighted {ms.get('results_weighted_ms')} ms) | < 2,000 ms | {ok(None if rm is None else rm < 2000)} |\n")
        for title, res in (("SQLite", result), ("PostgreSQL", pg)):
            by_page = res.get("pages.by_page") or {}
            if by_page:
                f.write(f"\nPages on {title} (p50 / p95 ms per page, {res.get('pages.users')} signed-in users):\n\n| page | n | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: |\n")
                for page, v in sorted(by_page.items(), key=lambda kv: -kv[1]["p95_ms"]):
                    f.write(f"| {page} | {v['n']} | {v['p50_ms']} | {v['p95_ms']} |\n")
        for title, x in (("SQLite", ""), ("PostgreSQL", "pg_")):
            f.write(f"\nRound stages on {title} (wall seconds of each process, .NET start-up included):\n\n| stage | s | peak RSS MB |\n| --- | ---: | ---: |\n")
            for s in ROUND_STAGES:
                if x + s in stages:
                    f.write(f"| {s[len('round_'):]} | {stages[x + s]['s']:.2f} | {stages[x + s]['rss_mb']} |\n")
        f.write("\nAll stages: `stages` in the JSON file. What each scenario does and how to read it: `bench/README.md`.\n")


if __name__ == "__main__":
    main()
