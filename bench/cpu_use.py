"""Where a load run's processor time goes: the server (gunicorn's master and workers), PostgreSQL (every server
process) and the load generator (locust), so that a throughput can be read against what each side spent.

On two cores shared by all three, a request's throughput is bounded by the sum of the three shares; a mix that
costs the load generator more per request (larger responses to parse) is slower for a reason that is not the
server's. Processes that ended during the run (a gunicorn worker recycled after ``max_requests``, a PostgreSQL
backend closed with it) are counted through their parent's time of reaped children. PostgreSQL is counted
whole: the figure is only meaningful on a machine where nothing else uses the database server.
"""

import resource

import psutil


def _tree_seconds(root: psutil.Process) -> float:
    """Processor seconds of ``root``, its live children and its children already reaped."""
    try:
        times = root.cpu_times()
        total = times.user + times.system + times.children_user + times.children_system
        children = root.children(recursive=False)
    except psutil.NoSuchProcess:
        return 0.0
    for child in children:
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:  # reaped between the listing and now: its time is in the parent's
            continue
        total += times.user + times.system
    return total


def _postmaster() -> psutil.Process | None:
    for process in psutil.process_iter(["name", "ppid"]):
        if process.info["name"] in ("postgres", "postmaster"):
            try:
                parent = psutil.Process(process.info["ppid"])
            except psutil.NoSuchProcess:
                continue
            if parent.name() not in ("postgres", "postmaster"):
                return process
    return None


class CpuUse:
    """Processor seconds of each side since the last ``lap()``; the load generator's are those of the
    bench process's children reaped meanwhile (locust runs as a subprocess that has ended by then)."""

    def __init__(self, server_pid: int):
        self.server = psutil.Process(server_pid)
        self.database = _postmaster()
        self._last = self._read()

    def _read(self) -> dict[str, float]:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "server": _tree_seconds(self.server),
            "database": _tree_seconds(self.database) if self.database else float("nan"),
            "load generator": children.ru_utime + children.ru_stime,
        }

    def lap(self) -> dict[str, float]:
        now = self._read()
        spent = {side: now[side] - self._last[side] for side in now}
        self._last = now
        return spent


def per_request_line(spent: dict[str, float], requests: int) -> str:
    """'processor per request: server 3.1 ms, database 0.8 ms, load generator 1.2 ms (5.1 ms)'."""
    if not requests:
        return "processor per request: no requests"
    parts = [f"{side} {seconds / requests * 1000:.2f} ms" for side, seconds in spent.items()]
    total = sum(spent.values()) / requests * 1000
    return f"processor per request: {', '.join(parts)} (all {total:.2f} ms)"
