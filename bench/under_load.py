"""The portal under load, as users meet it: gunicorn with the production settings on the
bench database, driven from another process by `wrk` (Debian's package) with many
connections at once. bench.py calls `run()` after filling the database; nothing here
asserts, it measures.

For each URL: requests per second, the 50th/95th/99th percentile latency, the share of
the stack's ceiling (`/healthz/?live`: no query, what gunicorn + Django cost alone) and
the errors; the web workers' peak memory last.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REPORT_SCRIPT = HERE / "wrk-report.lua"


@dataclass
class Load:
    label: str
    url: str
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    ratio_to_ceiling: float = 0.0
    queries: int | None = None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def collect_static(env: dict) -> None:
    """Production storage serves hashed names from a manifest: build it once."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_gunicorn(
    env: dict, *, port: int, workers: int, worker_class: str, threads: int = 1
) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    command = [
        gunicorn,
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 90  # a loaded machine starts 8 workers slowly
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/?live", timeout=1)
            return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited before answering") from None
            time.sleep(0.2)
    stop(process)
    raise RuntimeError("gunicorn did not answer within 90 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def worker_peak_rss_mib(master_pid: int, *, with_master: bool = False) -> float:
    """The largest peak resident memory (VmHWM) of the master's worker processes (and of
    the master itself: a Celery worker's main process also holds the app)."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        pids = {fields.get("PPid", "").strip()} | (
            {fields.get("Pid", "").strip()} if with_master else set()
        )
        if str(master_pid) in pids and "VmHWM" in fields:
            peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return max(peaks, default=0.0)


def start_celery(env: dict, *, broker: str) -> subprocess.Popen:
    """A Celery worker as docker-compose runs it (prefork), one child: the statistics
    computations of the run go through it, for its peak memory."""
    command = [
        sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork",
        "--concurrency=1", "--loglevel=WARNING", "--without-gossip", "--without-mingle",
        f"--hostname=bench-{os.getpid()}@localhost",
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=ROOT, env={**env, "CELERY_BROKER_URL": broker}, start_new_session=True
    )


def check(url: str, headers: dict) -> None:
    """The page answers 200 to this client (a redirect to the login would measure nothing)."""
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200 or response.url != url:
            raise RuntimeError(f"{url} answered {response.status} at {response.url}")


def drive(url: str, *, headers: dict, seconds: int, connections: int, threads: int) -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed: apt-get install wrk")
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(REPORT_SCRIPT),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    report = next(line for line in reversed(output) if line.startswith("{"))
    return json.loads(report)


def run(
    pages: list[tuple[str, dict, str, int | None]],
    *,
    env: dict,
    seconds: int,
    connections: int,
    workers: int,
    worker_class: str = "sync",
    threads: int = 1,
) -> tuple[list[Load], float]:
    """pages: (label, headers, path, queries). Returns the loads, ceiling first, and the
    web workers' peak memory in MiB."""
    collect_static(env)
    port = free_port()
    server = start_gunicorn(
        env, port=port, workers=workers, worker_class=worker_class, threads=threads
    )
    threads = min(connections, os.cpu_count() or 1)
    loads: list[Load] = []
    try:
        for label, headers, path, queries in [
            ("ceiling: /healthz/?live", {}, "/healthz/?live", 0),
            *pages,
        ]:
            url = f"http://127.0.0.1:{port}{quote(path, safe='/?=&-%')}"
            check(url, headers)
            drive(url, headers=headers, seconds=1, connections=connections, threads=threads)
            result = drive(
                url, headers=headers, seconds=seconds, connections=connections, threads=threads
            )
            loads.append(
                Load(
                    label=label,
                    url=path,
                    rps=round(result["requests"] / (result["duration_us"] / 1e6), 1),
                    p50_ms=round(result["p50_us"] / 1000, 1),
                    p95_ms=round(result["p95_us"] / 1000, 1),
                    p99_ms=round(result["p99_us"] / 1000, 1),
                    errors=result["errors"],
                    queries=queries,
                )
            )
        peak = worker_peak_rss_mib(server.pid)
    finally:
        stop(server)
    ceiling = loads[0].rps or 1.0
    for load in loads:
        load.ratio_to_ceiling = round(load.rps / ceiling, 3)
    return loads, peak


def table(loads: list[Load]) -> str:
    lines = [
        f"{'under load':<48} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'ceil':>6} {'err':>5}"
    ]
    for load in loads:
        lines.append(
            f"{load.label:<48} {load.rps:>8.0f} {load.p50_ms:>7.1f} {load.p95_ms:>7.1f} "
            f"{load.p99_ms:>7.1f} {load.ratio_to_ceiling:>6.0%} {load.errors:>5}"
        )
    return "\n".join(lines)


def as_json(loads: list[Load]) -> list[dict]:
    return [asdict(load) for load in loads]
