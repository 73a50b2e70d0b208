"""How long `artlint server` takes from a keystroke to the article's diagnostics.

It writes one long article (about 3,000 words) into a site made by
benchmarks/generate.py, starts `artlint server` in the site over stdio, opens the
article, then types: each change inserts one character into the body (an
incremental `didChange`, as editors send; every other one a newline, which moves
the headings below it), and the time is taken from sending the change to receiving
the `publishDiagnostics` of that version, debounce included.
Run `artlint .` in the site first so that the other articles' facts come from the
cache, as they would for anyone who has linted the site once.

    python benchmarks/generate.py --count 10000 /tmp/site
    (cd /tmp/site && artlint -q .)
    python benchmarks/server_latency.py /tmp/site --changes 20
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

VOCABULARY = (
    "shift rota ward handover patient schedule overtime rest team lead training course "
    "salary review promotion mentor feedback client project deadline budget report remote "
    "office commute contract notice leave pension benefit skill habit plan goal week month"
)
WORDS = VOCABULARY.split()


def long_article(words: int = 3000) -> str:
    """A Markdown article of about `words` words: front matter, headings, paragraphs."""
    out = [
        "---",
        "title: A Long Guide to Planning Your Working Week",
        "description: Everything a new starter asks about rotas, pay and rest.",
        "date: 2024-05-01",
        "slug: long-guide-working-week",
        "---",
        "# A Long Guide to Planning Your Working Week",
        "",
    ]
    n = 0
    section = 0
    while n < words:
        section += 1
        out += [f"## Part {section} of the Plan", ""]
        for p in range(4):
            para = [WORDS[(section * 7 + p * 3 + i) % len(WORDS)] for i in range(60)]
            para[0] = para[0].capitalize()
            out += [" ".join(para) + ".", ""]
            n += len(para)
    return "\n".join(out) + "\n"


class Server:
    def __init__(self, site: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "artlint", "server"],
            cwd=site,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.ids = 0

    def send(self, msg: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **msg}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any]:
        out: IO[bytes] | None = self.proc.stdout
        assert out is not None
        length = 0
        while True:
            line = out.readline()
            if not line:
                raise SystemExit("the server exited")
            if not line.strip():
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        result: dict[str, Any] = json.loads(out.read(length))
        return result

    def request(self, method: str, params: Any) -> Any:
        self.ids += 1
        self.send({"id": self.ids, "method": method, "params": params})
        while True:
            msg = self.read()
            if msg.get("id") == self.ids and "method" not in msg:
                return msg.get("result")

    def wait_diagnostics(self, uri: str, version: int) -> list[Any]:
        while True:
            msg = self.read()
            if msg.get("method") == "textDocument/publishDiagnostics":
                params = msg["params"]
                if params["uri"] == uri and params.get("version") == version:
                    return list(params["diagnostics"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    site = args.site.resolve()
    text = long_article()
    path = site / "_bench" / "long-guide.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    server = Server(site)
    server.request("initialize", {"processId": None, "rootUri": site.as_uri(), "capabilities": {}})
    server.send({"method": "initialized", "params": {}})
    start = time.perf_counter()
    server.send(
        {
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}
            },
        }
    )
    diags = server.wait_diagnostics(uri, 1)
    opened = time.perf_counter() - start
    times = []
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if line and line[0].isupper()]
    for n in range(args.changes):
        line = body[(n * 7) % len(body)] + n // 2  # the newlines typed so far
        version = n + 2
        start = time.perf_counter()
        server.send(
            {
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": line, "character": 0},
                                "end": {"line": line, "character": 0},
                            },
                            "text": "x" if n % 2 else "\n",
                        }
                    ],
                },
            }
        )
        server.wait_diagnostics(uri, version)
        times.append((time.perf_counter() - start) * 1000)
    server.request("shutdown", None)
    server.send({"method": "exit"})
    server.proc.wait(timeout=30)
    path.unlink()
    path.parent.rmdir()
    words = len(text.split())
    print(
        f"site: {site} ({sum(1 for _ in site.rglob('*.md'))} .md files); "
        f"article: {words} words, {len(diags)} diagnostics"
    )
    print(f"open (loads the corpus facts): {opened * 1000:.0f} ms")
    print(
        f"change -> diagnostics over {len(times)} changes: "
        f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms"
    )


if __name__ == "__main__":
    main()
