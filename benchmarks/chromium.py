"""Headless Chromium over the DevTools protocol, with the standard library only.

The browser is started with `--remote-debugging-pipe`: it reads commands from
its file descriptor 3 and writes replies and events to 4, each message one JSON
object ended by a NUL byte.  No port, no websocket client, nothing downloaded.
The HTML report's browser test uses this, and so does the load-time measurement:

    python benchmarks/chromium.py report.html [--screenshot out.png] [--runs 5]

prints the file's size and, per run, the time from navigation to DOMContentLoaded,
first contentful paint and the load event, as the page's own Performance API saw it.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-extensions",
    "--mute-audio",
    "--hide-scrollbars",
)


def executable() -> str | None:
    """The Chromium to use: $CHROMIUM, else `chromium` or `chromium-browser` on PATH."""
    named = os.environ.get("CHROMIUM")
    if named:
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds used so far by process `pid` and each descendant (Linux /proc).

    On a busy machine wall-clock timings mostly measure the other processes; the
    browser's own CPU time is what an idle machine would roughly take.
    """
    stats: dict[int, tuple[int, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    out: dict[int, float] = {}
    todo = [pid]
    while todo:
        here = todo.pop()
        out[here] = stats.get(here, (0, 0.0))[1]
        todo += [child for child, (parent, _) in stats.items() if parent == here]
    return out


def cpu_since(pid: int, before: dict[int, float]) -> float:
    """Milliseconds of CPU the browser's processes used since `before` (of the
    processes alive now: a tab closed in between takes its time with it)."""
    now = tree_cpu(pid)
    return sum(t - before.get(p, 0.0) for p, t in now.items()) * 1000


class CdpError(RuntimeError):
    """The browser answered a command with an error, or did not answer in time."""


class Browser:
    """One headless Chromium with an empty profile; a context manager."""

    def __init__(self, exe: str | None = None, timeout: float = 60.0) -> None:
        exe = exe or executable()
        if exe is None:
            raise FileNotFoundError("chromium not found")
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="artlint-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # Move the child's ends above 4 first, so that placing them on 3 and 4
        # cannot overwrite one with the other.
        high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)

        def place() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [
                exe,
                *FLAGS,
                f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=place,
        )
        for fd in {to_child_r, from_child_w, high_r, high_w}:
            os.close(fd)
        self._next = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                data = os.read(self._from_child, 1 << 16)
            except OSError:
                data = b""
            if not data:
                self._inbox.put(None)
                return
            buf += data
            *messages, buf = buf.split(b"\0")
            for m in messages:
                self._inbox.put(json.loads(m))

    def _pump(self, deadline: float) -> None:
        """Take one message from the browser into replies or events."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise CdpError("the browser did not answer in time")
        try:
            msg = self._inbox.get(timeout=left)
        except queue.Empty:
            raise CdpError("the browser did not answer in time") from None
        if msg is None:
            raise CdpError("the browser closed the connection")
        if "id" in msg:
            self._replies[msg["id"]] = msg
        else:
            self._events.append(msg)

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        msg: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode("utf-8") + b"\0")
        deadline = time.monotonic() + self.timeout
        while ident not in self._replies:
            self._pump(deadline)
        reply = self._replies.pop(ident)
        if "error" in reply:
            raise CdpError(f"{method}: {reply['error'].get('message')}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def events(self, method: str) -> list[dict[str, Any]]:
        """The params of every `method` event received so far."""
        return [e.get("params", {}) for e in self._events if e.get("method") == method]

    def wait_event(self, method: str, session: str | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for k, e in enumerate(self._events):
                if e.get("method") == method and (session is None or e.get("sessionId") == session):
                    del self._events[k]
                    params: dict[str, Any] = e.get("params", {})
                    return params
            self._pump(deadline)

    def close(self) -> None:
        with contextlib.suppress(CdpError, OSError):
            self.send("Browser.close")
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """A tab attached through a flat session."""

    def __init__(self, browser: Browser, width: int = 1280, height: int = 900) -> None:
        self.browser = browser
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.send("Page.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, self.session)

    def open(self, url: str) -> float:
        """Navigate and wait for the load event; returns the seconds it took."""
        start = time.perf_counter()
        self.send("Page.navigate", {"url": url})
        self.browser.wait_event("Page.loadEventFired", self.session)
        return time.perf_counter() - start

    def evaluate(self, expression: str) -> Any:
        reply = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in reply:
            raise CdpError(f"{expression[:60]}: {reply['exceptionDetails'].get('text')}")
        return reply["result"].get("value")

    def screenshot(self, path: Path, full: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full:
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", params)["data"]
        path.write_bytes(base64.b64decode(data))


TIMING = """new Promise(done => {
  const report = paint => {
    const nav = performance.getEntriesByType("navigation")[0];
    done(JSON.stringify({dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
      fcp: paint ? paint.startTime : -1, nodes: document.getElementsByTagName("*").length}));
  };
  const seen = performance.getEntriesByName("first-contentful-paint")[0];
  if (seen) return report(seen);
  new PerformanceObserver(list => {
    const e = list.getEntriesByName("first-contentful-paint")[0];
    if (e) report(e);
  }).observe({type: "paint", buffered: true});
  setTimeout(() => report(null), 5000);
})"""


#: For an artlint report: when the script has built every batch, and how long
#: filtering by the most frequent rule takes once it has.
REPORT = """new Promise(done => {
  const finish = () => {
    const built = performance.now(), select = document.querySelector("select[name=rule]");
    if (!select || select.options.length < 2) return done(JSON.stringify({built, filter: -1}));
    const t = performance.now();
    select.value = select.options[1].value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
    done(JSON.stringify({built, filter: performance.now() - t}));
  };
  const wait = () => document.documentElement.dataset.built ? finish() : setTimeout(wait, 20);
  wait();
})"""


def measure(report: Path, runs: int, screenshot: Path | None) -> list[dict[str, float]]:
    """Open `report` in a fresh tab `runs` times; the page's own timings of each run."""
    out = []
    with Browser() as browser:
        for _ in range(runs):
            page = Page(browser)
            before = tree_cpu(browser.proc.pid)
            page.open(report.resolve().as_uri())
            timing = json.loads(page.evaluate(TIMING))
            timing["cpu_load"] = cpu_since(browser.proc.pid, before)
            timing.update(json.loads(page.evaluate(REPORT)))
            timing["cpu_built"] = cpu_since(browser.proc.pid, before)
            out.append(timing)
            if screenshot is not None:
                page.screenshot(screenshot)
            page.send("Page.close")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--screenshot", type=Path, default=None)
    args = parser.parse_args()
    size = args.report.stat().st_size
    print(f"{args.report}: {size:,} bytes ({size / 1e6:.1f} MB)")
    timings = measure(args.report, args.runs, args.screenshot)
    for t in timings:
        print(
            f"DOMContentLoaded {t['dcl']:.0f} ms, first contentful paint {t['fcp']:.0f} ms, "
            f"load {t['load']:.0f} ms, {t['nodes']:,} elements at load; every batch built "
            f"at {t['built']:.0f} ms, then a filter by one rule takes {t['filter']:.0f} ms; "
            f"browser CPU time to the load {t['cpu_load']:.0f} ms, to every batch built "
            f"{t['cpu_built']:.0f} ms"
        )
    for key, what in (("load", "load"), ("cpu_load", "browser CPU time to the load")):
        values = sorted(t[key] for t in timings)
        print(f"median {what} {values[len(values) // 2]:.0f} ms over {len(values)} runs")


if __name__ == "__main__":
    main()
