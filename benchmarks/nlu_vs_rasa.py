"""Embedded NLU against Rasa 3.6 on the same data, in one run: accuracy, latency, memory, time.

    .venv/bin/python benchmarks/nlu_vs_rasa.py [--data tests/data/nlu_test.yml]
        [--out benchmarks/RESULTS.md] [--skip-rasa] [--work DIR] [--blind FILE ...]

Both backends train on nlu/data/*.yml (core intents + `rumbo nlu export` of the articles; the
embedded backend reads the same questions from the articles) and are scored on the held-out file
by `rumbo eval`. Every measurement runs in its own child process, so peak memory (VmHWM / the
largest descendant's max RSS) belongs to that backend alone. Rasa is measured over HTTP on
127.0.0.1 (how the engine uses it); the embedded backend in-process (how the engine uses it).

With `--blind`, the blind topic sets (first messages and follow-up conversations, written by
people who saw neither model nor data) are also played through the whole engine on each backend,
by `benchmarks/topics_blind.py`, while the same Rasa server is up: topic accuracy, clarify rate,
fallback rate and follow-ups answered in context, side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TIMEOUT = 3 * 3600


def _measure_child(cmd: list[str]) -> None:
    """(--measure) Run a command; print its wall time and the peak RSS of its process tree."""
    started = time.perf_counter()
    code = subprocess.run(cmd, check=False).returncode  # noqa: S603 - our own commands
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mb": peak_kb / 1024}))
    sys.exit(code)


def measured(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall time and peak RSS of one command, measured in a fresh child."""
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--measure", *cmd],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=TIMEOUT,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _texts(data: Path) -> list[str]:
    import yaml

    return [str(e["text"]) for e in yaml.safe_load(data.read_text())["examples"]]


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50_ms": 1000 * pick(0.50), "p99_ms": 1000 * pick(0.99)}


def _embedded_child(var_dir: str, data: str, parent_started: str | None = None) -> None:
    """(--embedded-run) Cold start, latency and peak memory of the embedded backend."""
    spawned = float(parent_started) if parent_started else time.time()
    # What Rasa's `rasa run` does too: load a trained model and answer (no knowledge base).
    from bot.config import Settings
    from bot.understanding.embedded import EmbeddedModel, EmbeddedUnderstanding

    settings = Settings(var_dir=Path(var_dir), _env_file=None)  # type: ignore[call-arg]
    model = EmbeddedModel.load(settings.model_path)
    assert model is not None, "train first"
    nlu = EmbeddedUnderstanding(model, threshold=settings.nlu_threshold)
    nlu.parse_sync("hola")
    cold = time.time() - spawned  # from the parent's spawn: the interpreter's start included
    texts = _texts(Path(data))
    samples, cpu = [], []
    for _ in range(3):
        for text in texts:
            t0, c0 = time.perf_counter(), time.thread_time()
            nlu.parse_sync(text)
            samples.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
    peak = _vm_hwm_mb(os.getpid())
    own = {f"cpu_{k}": v for k, v in _percentiles(cpu).items()}
    print(json.dumps({"cold_start_s": cold, "peak_mb": peak, **_percentiles(samples), **own}))


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _json_of(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """The JSON object a command of ours prints last: on one line (topics_blind.py) or
    indented (`rumbo eval --json`), it starts at the beginning of a line."""
    out = subprocess.run(  # noqa: S603
        cmd, env=env, check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT, timeout=TIMEOUT
    )
    text = out.stdout.strip()
    return dict(json.loads(text[text.rfind("\n{") + 1 :]))


def _eval(backend: str, data: Path, env: dict[str, str]) -> dict[str, Any]:
    return _json_of(
        [str(BIN / "rumbo"), "eval", "--backend", backend, "--data", str(data), "--json"], env
    )


def _blind(blind: list[Path], env: dict[str, str], *backend: str) -> dict[str, Any] | None:
    """The whole-engine figures of topics_blind.py on one backend (None without --blind)."""
    if not blind:
        return None
    script = str(ROOT / "benchmarks" / "topics_blind.py")
    return _json_of([sys.executable, script, "--json", *backend, "--data", *map(str, blind)], env)


def bench_embedded(work: Path, data: Path, blind: list[Path]) -> dict[str, Any]:
    """Train, load, parse and score the embedded backend."""
    env = os.environ | {"RUMBO_VAR_DIR": str(work / "embedded"), "RUMBO_NLU_BACKEND": "embedded"}
    train = measured([str(BIN / "rumbo"), "train"], env)
    from bot.understanding.embedded import EmbeddedModel

    model = EmbeddedModel.load(work / "embedded" / "nlu" / "model.pkl")
    assert model is not None
    out = subprocess.run(  # noqa: S603
        [
            sys.executable,
            __file__,
            "--embedded-run",
            str(work / "embedded"),
            str(data),
            str(time.time()),
        ],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    run = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "train_s": train["seconds"],
        "fit_s": model.trained_seconds,
        "train_peak_mb": train["peak_mb"],
        **run,
        "eval": _eval("embedded", data, env),
        "blind": _blind(blind, env),
    }


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(url: str, process: subprocess.Popen[bytes], limit: float = 600) -> float:
    import httpx

    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise RuntimeError(f"rasa exited with {process.returncode}")
        try:
            if httpx.post(url, json={"text": "hola"}, timeout=5).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("rasa did not start")


def bench_rasa(work: Path, data: Path, blind: list[Path]) -> dict[str, Any]:
    """Train, start, query and score a real Rasa server."""
    import httpx

    script = str(ROOT / "scripts" / "rasa.sh")
    subprocess.run(["bash", script, "venv"], check=True, timeout=TIMEOUT)  # noqa: S603, S607
    out_dir = work / "rasa"
    # A fresh graph cache: with the shared one, Rasa restores an identical model in seconds.
    fresh = os.environ | {"RASA_CACHE_DIRECTORY": str(work / "rasa-cache")}
    train = measured(["bash", script, "train", "--out", str(out_dir), "--force"], fresh)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [
        "bash",
        script,
        "serve",
        "--port",
        str(port),
        "--model",
        str(out_dir / "rumbo-nlu.tar.gz"),
    ]
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        cold = _wait_ready(url + "/model/parse", process)
        samples = []
        with httpx.Client(timeout=30) as client:
            for _ in range(3):
                for text in _texts(data):
                    t0 = time.perf_counter()
                    client.post(url + "/model/parse", json={"text": text}).raise_for_status()
                    samples.append(time.perf_counter() - t0)
        env = os.environ | {"RUMBO_RASA_URL": url, "RUMBO_RASA_TIMEOUT": "30"}
        env["RUMBO_VAR_DIR"] = str(work / "embedded-for-rasa")
        report = _eval("rasa", data, env)
        blind_figures = _blind(blind, env, "--backend", "rasa", "--rasa-url", url)
        peak = _vm_hwm_mb(process.pid)  # `serve` execs rasa: this pid is the server itself
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {
        "train_s": train["seconds"],
        "train_peak_mb": train["peak_mb"],
        "cold_start_s": cold,
        "peak_mb": peak,
        **_percentiles(samples),
        "eval": report,
        "blind": blind_figures,
    }


ROWS = [
    ("topic accuracy", lambda r: r["eval"]["topic_accuracy"], "{:.1%}", True),
    (
        "intent accuracy (topic or core intent)",
        lambda r: r["eval"]["intent_accuracy"],
        "{:.1%}",
        True,
    ),
    ("macro-F1", lambda r: r["eval"]["macro_f1"], "{:.3f}", True),
    ("out-of-scope precision", lambda r: r["eval"]["out_of_scope_precision"], "{:.1%}", True),
    ("out-of-scope recall", lambda r: r["eval"]["out_of_scope_recall"], "{:.1%}", True),
    ("danger recall (shared detector)", lambda r: r["eval"]["danger_recall"], "{:.1%}", True),
    (
        "danger false alarms (shared detector)",
        lambda r: r["eval"]["danger_false_alarm_rate"],
        "{:.1%}",
        False,
    ),
    ("parse latency p50 (ms)", lambda r: r["p50_ms"], "{:.2f}", False),
    ("parse latency p99 (ms)", lambda r: r["p99_ms"], "{:.2f}", False),
    ("training, wall (s)", lambda r: r["train_s"], "{:.1f}", False),
    ("training, peak RSS (MB)", lambda r: r["train_peak_mb"], "{:.0f}", False),
    ("serving, peak RSS (MB)", lambda r: r["peak_mb"], "{:.0f}", False),
    ("cold start to first parse (s)", lambda r: r["cold_start_s"], "{:.2f}", False),
]


BLIND_ROWS = [
    ("blind first messages: topic accuracy", "topic_accuracy", True),
    ("blind first messages: article accuracy", "article_accuracy", True),
    ("blind first messages: clarify rate", "clarify_rate", False),
    ("blind first messages: fallback rate", "fallback_rate", False),
    ("blind follow-ups answered in context", "followup_accuracy", True),
]


def _with_blind(result: dict[str, Any] | None) -> list[tuple[str, Any, str, bool]]:
    """The whole-engine blind rows, when the run had --blind."""
    if not result or not result.get("blind"):
        return []
    return [
        (name, lambda r, key=key: (r.get("blind") or {}).get(key), "{:.1%}", higher)
        for name, key, higher in BLIND_ROWS
    ]


def table(embedded: dict[str, Any], rasa: dict[str, Any] | None) -> str:
    """The side-by-side Markdown table, with embedded / Rasa ratios."""
    lines = ["| measure | embedded | Rasa 3.6 (DIET) | embedded / Rasa |", "|---|---:|---:|---:|"]
    for name, get, fmt, _higher_better in ROWS + _with_blind(embedded):
        e = get(embedded)
        r = get(rasa) if rasa else None
        if e is None:
            continue
        ratio = "n/a" if not r else f"{e / r:.2f}x" if e == 0 or e / r >= 0.1 else f"1/{r / e:.0f}"
        lines.append(
            f"| {name} | {fmt.format(e)} | {fmt.format(r) if r is not None else 'n/a'} | {ratio} |"
        )
    return "\n".join(lines)


def _machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    load = os.getloadavg()
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {mem} MB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average at the end {load[0]:.1f}"
    )


def report(embedded: dict[str, Any], rasa: dict[str, Any] | None, args: argparse.Namespace) -> str:
    """RESULTS.md text."""
    command = "python benchmarks/nlu_vs_rasa.py " + " ".join(sys.argv[1:])
    misses = [m for m in embedded["eval"]["misses"] if m["danger"] and not m["detected"]]
    parts = [
        "## NLU: embedded vs Rasa",
        "",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {_machine()}",
        f"- command: `{command.strip()}`",
        f"- test file: `{args.data}` ({embedded['eval']['examples']} messages); training data: "
        "`nlu/data/*.yml` (both backends)",
        *(
            [
                f"- blind sets through the whole engine: {', '.join(f'`{b}`' for b in args.blind)} "
                f"({embedded['blind']['messages']} first messages, "
                f"{embedded['blind']['followups']} follow-up conversations)"
            ]
            if embedded.get("blind")
            else []
        ),
        f"- embedded fit alone (without process start and imports): {embedded['fit_s']:.2f} s; "
        f"embedded parse CPU time (not wall): p50 {embedded['cpu_p50_ms']:.2f} ms, "
        f"p99 {embedded['cpu_p99_ms']:.2f} ms",
        f"- Rasa fallbacks to embedded during its evaluation: "
        f"{rasa['eval'].get('rasa_fallbacks', 0) if rasa else 'n/a'} (must be 0)",
        "",
        table(embedded, rasa),
        "",
        "Latency: embedded in-process `parse`, Rasa `POST /model/parse` over HTTP on 127.0.0.1 "
        "with a kept-alive connection (each message 3 times). Cold start: process start to the "
        "first answered parse. Danger detection is independent of the backend, so its figures "
        "are the same on both sides.",
        f"Missed danger messages: {len(misses)}.",
        "",
        "Most confused (embedded): "
        + ", ".join(f"{e} -> {p} ({n})" for e, p, n in embedded["eval"]["confused"][:6]),
    ]
    if rasa:
        parts.append(
            "Most confused (Rasa): "
            + ", ".join(f"{e} -> {p} ({n})" for e, p, n in rasa["eval"]["confused"][:6])
        )
    return "\n".join(parts) + "\n"


def main() -> None:
    """Run both benchmarks and write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("tests/data/nlu_test.yml"))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--skip-rasa", action="store_true")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--blind", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    blind = [path.resolve() for path in args.blind]
    data = args.data.resolve()
    with tempfile.TemporaryDirectory(prefix="rumbo-bench-") as tmp:
        work = args.work or Path(tmp)
        rasa = None if args.skip_rasa else bench_rasa(work, data, blind)
        embedded = bench_embedded(work, data, blind)
    text = report(embedded, rasa, args)
    write_block(args.out, text)
    print(text)


START, END = "<!-- nlu_vs_rasa.py writes from here -->", "<!-- to here -->"


def write_block(path: Path, text: str) -> None:
    """Replace this benchmark's block in RESULTS.md, leaving the other benchmarks' sections."""
    block = f"{START}\n{text.rstrip()}\n{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in old and END in old:
        head, rest = old.split(START, 1)
        new = head + block + rest.split(END, 1)[1]
    else:
        new = (old.rstrip() + "\n\n" if old else "") + block + "\n"
    path.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        _measure_child(sys.argv[2:])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "--embedded-run":
        _embedded_child(*sys.argv[2:])
    else:
        main()
