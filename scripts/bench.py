#!/usr/bin/env python3
"""kioku's benchmark (`make bench`): builds the corpora, measures kioku stage by
stage and end to end next to raw lindera, MeCab and Python genanki, and writes
bench/RESULTS.md.

Everything runs on this machine with the same dictionary. Wall times are the
best of several runs; peak memory comes from GNU time (`/usr/bin/time -f %M`).
Needs: target/release/kioku and kioku-bench (make bench builds them), the
compiled dictionary (make dict), mecab with mecab-ipadic-utf8 and a Python venv
with genanki (both set up here when missing).
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".cache" / "bench"
KIOKU = ROOT / "target" / "release" / "kioku"
BENCH = ROOT / "target" / "release" / "kioku-bench"
SAMPLE = ROOT / "data" / "notes" / "aws-saa.txt"
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def run(cmd, env=None, stdout=subprocess.DEVNULL):
    """Runs a command under GNU time; returns (seconds, peak MB, stdout)."""
    full_env = dict(os.environ, **(env or {}))
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *map(str, cmd)],
        env=full_env,
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        check=True,
    )
    seconds = time.perf_counter() - started
    peak_kb = int(result.stderr.decode().strip().splitlines()[-1])
    return seconds, peak_kb / 1024, result.stdout, result.stderr.decode()


def best(cmd, env=None):
    """The fastest of RUNS runs, with the largest peak memory seen. A build
    writes into a new, empty folder each run (the `--out` path with the run's
    number), so every run is a first build: kioku leaves exports whose bytes
    are unchanged untouched. The folders are deleted only after the last run:
    on ext4, creating 5 000 files in a folder whose 5 000 files were just
    deleted costs seconds of kernel time looking for inodes that were not
    freed a moment ago, which is the file system's cost, not kioku's."""
    times, peaks = [], []
    out = Path(cmd[cmd.index("--out") + 1]) if "--out" in cmd else None
    used = []
    for i in range(RUNS):
        run_cmd = list(cmd)
        if out is not None:
            fresh = out.with_name(f"{out.name}-run{i}")
            shutil.rmtree(fresh, ignore_errors=True)
            run_cmd[cmd.index("--out") + 1] = fresh
            used.append(fresh)
        seconds, peak, _, _ = run(run_cmd, env)
        times.append(seconds)
        peaks.append(peak)
    for folder in used:
        shutil.rmtree(folder, ignore_errors=True)
    return min(times), max(peaks)


def ensure_mecab():
    if shutil.which("mecab") and Path("/var/lib/mecab/dic/ipadic-utf8").exists():
        return
    print("bench: installing mecab and mecab-ipadic-utf8", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-qq", "mecab", "mecab-ipadic-utf8"], check=True,
                   stdout=subprocess.DEVNULL)


def ensure_genanki():
    venv = WORK / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "genanki"],
                       check=True)
    return python


GENANKI_SCRIPT = """
import sys, genanki
n, out = int(sys.argv[1]), sys.argv[2]
model = genanki.Model(1607392319, 'Basic', fields=[{'name': 'Front'}, {'name': 'Back'}],
    templates=[{'name': 'Card 1', 'qfmt': '{{Front}}', 'afmt': '{{FrontSide}}<hr id=answer>{{Back}}'}])
deck = genanki.Deck(2059400110, 'bench')
for i in range(n):
    deck.add_note(genanki.Note(model=model, fields=[f'用語{i}', f'用語{i}の説明{i}']))
genanki.Package(deck).write_to_file(out)
"""


def corpora():
    WORK.mkdir(parents=True, exist_ok=True)
    sample = SAMPLE.read_text(encoding="utf-8")
    big = WORK / "corpus.txt"
    big.write_text((sample + "\n") * 100, encoding="utf-8")
    for factor in (1, 10):
        (WORK / f"corpus-{factor}x.txt").write_text((sample + "\n") * factor, encoding="utf-8")
    folder = WORK / "folder"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    lines = sample.splitlines()
    for i in range(1000):
        start = (i * 37) % len(lines)
        chunk = (lines + lines)[start:start + 60]
        (folder / f"notes-{i:04}.txt").write_text("\n".join(chunk) + "\n", encoding="utf-8")
    # Distinct definitions, for deck writing at scale.
    terms = WORK / "terms.txt"
    terms.write_text("".join(f"用語{i}\n用語{i}とは、説明{i}のこと\n" for i in range(10_000)), encoding="utf-8")
    return big, folder, terms


def mb(path):
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir()) / 1e6
    return path.stat().st_size / 1e6


def main():
    big, folder, terms = corpora()
    size = mb(big)
    rows = []

    # Raw lindera: segmentation only, dictionary already loaded.
    lindera_runs = [json.loads(run([BENCH, "lindera", big], stdout=None)[2]) for _ in range(RUNS)]
    raw = min(r["segment_seconds"] for r in lindera_runs)
    _, raw_peak = best([BENCH, "lindera", big])
    rows.append(("lindera segmentation (raw)", raw, size / raw, raw_peak))
    # The same, with kioku's user dictionary in the lattice too (the
    # dictionary kioku segments with); the ratios stay against the row above.
    user_runs = [json.loads(run([BENCH, "lindera-user", big], stdout=None)[2]) for _ in range(RUNS)]
    raw_user = min(r["segment_seconds"] for r in user_runs)
    _, raw_user_peak = best([BENCH, "lindera-user", big])
    rows.append(("lindera segmentation with kioku's user dictionary", raw_user, size / raw_user, raw_user_peak))

    # kioku stage by stage (single thread).
    # KIOKU_RULE_TIMES: each extraction rule's time too, on standard error.
    stage_runs, rules = [], {}
    for _ in range(RUNS):
        _, _, stdout, stderr = run([BENCH, "stages", big, WORK / "stages"], {"KIOKU_RULE_TIMES": "1"}, None)
        stage_runs.append(json.loads(stdout))
        for line in stderr.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == "ms":
                rules[parts[2]] = min(rules.get(parts[2], 1e9), float(parts[0]) / 1000)
    stages = {}
    for r in stage_runs:
        for s in r["stages"]:
            stages[s["stage"]] = min(stages.get(s["stage"], 1e9), s["seconds"])
    notes = stage_runs[0]["notes"]

    # kioku end to end, one thread.
    one = {"RAYON_NUM_THREADS": "1"}
    e2e, e2e_peak = best([KIOKU, "build", big, "--out", WORK / "out-big", "--force", "-q"], one)
    rows.append(("kioku end to end, all exports, 1 thread", e2e, size / e2e, e2e_peak))

    # MeCab over the same text.
    ensure_mecab()
    mecab, mecab_peak = best(["mecab", "-d", "/var/lib/mecab/dic/ipadic-utf8", big, "-o", "/dev/null"])
    rows.append(("MeCab (mecab-ipadic-utf8)", mecab, size / mecab, mecab_peak))

    # The folder of 1 000 files, one and two threads.
    folder_size = mb(folder)
    f1, f1_peak = best([KIOKU, "build", folder, "--out", WORK / "out-folder", "--force", "-q"], one)
    f2, f2_peak = best([KIOKU, "build", folder, "--out", WORK / "out-folder", "--force", "-q"],
                       {"RAYON_NUM_THREADS": "2"})
    rows.append((f"kioku, folder of 1 000 files ({folder_size:.1f} MB), 1 thread", f1, folder_size / f1, f1_peak))
    rows.append((f"kioku, folder of 1 000 files ({folder_size:.1f} MB), 2 threads", f2, folder_size / f2, f2_peak))
    # The same into memory (tmpfs): kioku's own cost, without the disk file
    # system's time for creating 5 000 files right after deleting them.
    shm = Path("/dev/shm")
    if shm.is_dir():
        out = shm / "kioku-bench-folder"
        for threads in ("1", "2"):
            t, peak = best([KIOKU, "build", folder, "--out", out, "--force", "-q"],
                           {"RAYON_NUM_THREADS": threads})
            rows.append((f"kioku, folder of 1 000 files, into tmpfs, {threads} thread{'s' if threads == '2' else ''}",
                         t, folder_size / t, peak))
        shutil.rmtree(out, ignore_errors=True)

    # Deck writing: 10 000 notes, kioku's .apkg stage against Python genanki.
    # (the best of RUNS runs, as everywhere else)
    deck_runs = [json.loads(run([BENCH, "stages", terms, WORK / "terms-out"], stdout=None)[2]) for _ in range(RUNS)]
    kioku_notes = deck_runs[0]["notes"]
    kioku_deck = min(next(s["seconds"] for s in r["stages"] if s["stage"] == "export apkg") for r in deck_runs)
    python = ensure_genanki()
    script = WORK / "genanki_bench.py"
    script.write_text(GENANKI_SCRIPT, encoding="utf-8")
    genanki_s, genanki_peak = best([python, script, kioku_notes, WORK / "genanki.apkg"])

    # Memory as the input grows.
    scaling = []
    for factor, path in ((1, WORK / "corpus-1x.txt"), (10, WORK / "corpus-10x.txt"), (100, big)):
        seconds, peak = best([KIOKU, "build", path, "--out", WORK / f"out-{factor}x", "--force", "-q"], one)
        scaling.append((factor, mb(path), seconds, peak))

    # The sample: dictionary load and every export.
    sample_s, sample_peak = best([KIOKU, "build", SAMPLE, "--out", WORK / "out-sample", "--force", "-q"], one)

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
        machine = f"{cpu}; {machine}"
    except (OSError, StopIteration):
        pass
    out = ["# Benchmark results", "",
           f"Made by `make bench` on {time.strftime('%Y-%m-%d')} ({machine}). "
           f"Best of {RUNS} runs; peak memory from GNU time. Corpus: the sample notes repeated "
           f"to {size:.1f} MB ({stage_runs[0]['lines']} lines). Raw lindera is its segmentation "
           "time alone (dictionary loaded, line by line, the system dictionary alone); every ratio is "
           "against it. The row after it puts kioku's user dictionary into the same lattice: the "
           "dictionary kioku segments with.", "",
           "| what | wall s | MB/s | peak MB | × raw lindera |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, seconds, rate, peak in rows:
        out.append(f"| {name} | {seconds:.3f} | {rate:.1f} | {peak:.0f} | {seconds / raw:.2f} |")
    out += ["", "## kioku stage by stage (same corpus, one thread)", "",
            "| stage | s | MB/s | × raw lindera |", "| --- | ---: | ---: | ---: |"]
    for name, seconds in stages.items():
        rate = size / seconds if seconds > 0 else float("inf")
        out.append(f"| {name} | {seconds:.3f} | {rate:.1f} | {seconds / raw:.2f} |")
    top = sorted(rules.items(), key=lambda r: -r[1])
    shown = top[:12]
    out += ["", f"The corpus repeats one file, so kioku's deck holds {notes} distinct notes.", "",
            f"### Extraction rule by rule (the {len(shown)} slowest of {len(top)}; all together "
            f"{sum(r[1] for r in top):.3f} s)", "",
            "| rule | s | × raw lindera |", "| --- | ---: | ---: |"]
    for name, seconds in shown:
        out.append(f"| `{name}` | {seconds:.3f} | {seconds / raw:.2f} |")
    out += ["",
            "## Deck writing", "",
            "| writer | notes | s | peak MB |", "| --- | ---: | ---: | ---: |",
            f"| kioku `.apkg` export | {kioku_notes} | {kioku_deck:.3f} | — |",
            f"| Python genanki (a whole process) | {kioku_notes} | {genanki_s:.3f} | {genanki_peak:.0f} |",
            "", "## Memory as the input grows", "",
            "| input | MB | s | peak MB |", "| --- | ---: | ---: | ---: |"]
    for factor, size_mb, seconds, peak in scaling:
        out.append(f"| sample × {factor} | {size_mb:.2f} | {seconds:.3f} | {peak:.0f} |")
    out += ["", f"The sample alone (dictionary load and all five exports): {sample_s * 1000:.0f} ms, "
            f"{sample_peak:.0f} MB peak.", ""]
    target = ROOT / "bench" / "RESULTS.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text("\n".join(out), encoding="utf-8")
    print("\n".join(out))


if __name__ == "__main__":
    main()
