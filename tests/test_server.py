"""`artlint server`: a real LSP session over stdio, and the position arithmetic."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

import pytest

pytest.importorskip("pygls")

from artlint.model import Edit, Finding, Fix, Location, Severity
from artlint.server import Lines, fix_all, units

TIMEOUT = 30.0

NURSE = """---
title: Night Shift Nursing Careers
date: 2024-03-01
---
# Night Shift Nursing Careers

Nurses on the night shift look after wards while the hospital sleeps.
"""

NURSE_AGAIN = """---
title: Night Shift Nursing Careers
date: 2024-04-01
---
# Night Shift Nursing Careers

A second article that happens to carry the same title as the first one.
"""


class Client:
    """A minimal LSP client: Content-Length framing over the server's pipes."""

    def __init__(self, cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "artlint", "server"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.next_id = 0
        assert self.proc.stdout is not None
        threading.Thread(target=self._reader, args=(self.proc.stdout,), daemon=True).start()
        self.notifications: list[dict[str, Any]] = []

    def _reader(self, out: IO[bytes]) -> None:
        while True:
            headers: dict[str, str] = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                key, _, value = line.decode("ascii").partition(":")
                headers[key.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def next_message(self) -> dict[str, Any]:
        try:
            msg = self.messages.get(timeout=TIMEOUT)
        except queue.Empty:
            raise AssertionError("the server sent nothing in time") from None
        if msg is None:
            err = self.proc.stderr.read().decode() if self.proc.stderr else ""
            raise AssertionError(f"the server closed its output: {err}")
        return msg

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        rid = self.next_id
        self.send({"id": rid, "method": method, "params": params})
        while True:
            msg = self.next_message()
            if msg.get("id") == rid and "method" not in msg:
                assert "error" not in msg, msg
                return msg.get("result")
            if "method" in msg and "id" in msg:  # a request from the server
                self.send({"id": msg["id"], "result": None})
            else:
                self.notifications.append(msg)

    def diagnostics(self, uri: str, version: int | None = None) -> list[dict[str, Any]]:
        """The next publishDiagnostics for `uri` (for `version`, when given)."""
        for i, msg in enumerate(self.notifications):
            if _is_diag(msg, uri, version):
                del self.notifications[i]
                return list(msg["params"]["diagnostics"])
        while True:
            msg = self.next_message()
            if "method" in msg and "id" in msg:
                self.send({"id": msg["id"], "result": None})
            elif _is_diag(msg, uri, version):
                return list(msg["params"]["diagnostics"])

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


def _is_diag(msg: dict[str, Any], uri: str, version: int | None) -> bool:
    return (
        msg.get("method") == "textDocument/publishDiagnostics"
        and msg["params"]["uri"] == uri
        and (version is None or msg["params"].get("version") == version)
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / ".artlint.yaml").write_text('corpus: ["posts/**/*.md"]\n', encoding="utf-8")
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "night-nurse.md").write_text(NURSE, encoding="utf-8")
    (posts / "nurse-again.md").write_text(NURSE_AGAIN, encoding="utf-8")
    return tmp_path


def _by_code(diags: list[dict[str, Any]], code: str) -> dict[str, Any]:
    found = [d for d in diags if d.get("code") == code]
    assert found, [d.get("code") for d in diags]
    return found[0]


def test_a_whole_session_over_stdio(site: Path) -> None:
    client = Client(site)
    try:
        init = client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": site.as_uri(),
                "capabilities": {},
                "initializationOptions": {"debounce": 10},
            },
        )
        caps = init["capabilities"]
        assert caps["hoverProvider"]
        assert "source.fixAll.artlint" in caps["codeActionProvider"]["codeActionKinds"]
        client.notify("initialized", {})
        uri = (site / "posts" / "night-nurse.md").as_uri()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": NURSE}},
        )
        diags = client.diagnostics(uri, 1)
        dup = _by_code(diags, "TI002")
        assert dup["source"] == "artlint"
        assert dup["range"]["start"] == {"line": 1, "character": 7}
        assert dup["codeDescription"]["href"].startswith("file://")
        assert dup["codeDescription"]["href"].endswith(".md")
        other = (site / "posts" / "nurse-again.md").as_uri()
        assert [r["location"]["uri"] for r in dup["relatedInformation"]] == [other]
        assert dup["relatedInformation"][0]["location"]["range"]["start"]["line"] == 1

        actions = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": dup["range"],
                "context": {"diagnostics": [dup]},
            },
        )
        titles = [a["title"] for a in actions]
        assert "Disable TI002 for this line" not in titles  # line 2 is front matter
        repeated = _by_code(diags, "TI001")  # the H1 on line 5 restates the title
        line_actions = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": repeated["range"],
                "context": {"diagnostics": [repeated]},
            },
        )
        disable = next(a for a in line_actions if a["title"] == "Disable TI001 for this line")
        edit = disable["edit"]["changes"][uri][0]
        assert edit["range"]["start"] == {"line": 4, "character": 0}
        assert edit["newText"] == "<!-- artlint-disable-next-line TI001 -->\n"

        hover = client.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": dup["range"]["start"]}
        )
        assert hover["contents"]["kind"] == "markdown"
        assert "TI002" in hover["contents"]["value"]
        assert (
            client.request(
                "textDocument/hover",
                {"textDocument": {"uri": uri}, "position": {"line": 6, "character": 0}},
            )
            is None
        )

        renamed = NURSE.replace("Night Shift Nursing Careers", "Day Shift Nursing Careers")
        client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": renamed}]},
        )
        assert "TI002" not in [d.get("code") for d in client.diagnostics(uri, 2)]

        assert client.request("shutdown", None) is None
        client.notify("exit", None)
        assert client.close() == 0
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
            client.proc.wait()


def test_cli_does_not_import_pygls() -> None:
    code = (
        "import sys, artlint.cli; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pygls', 'lsprotocol') or m == 'artlint.server'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=TIMEOUT
    )
    assert out.stdout.strip() == "[]"


def test_columns_count_utf16_code_units_after_an_emoji() -> None:
    lines = Lines("# Hi\nTeam \N{ROCKET} work-Life here\n", "utf-16")
    # artlint's column 8 is the "w" of "work": 7 characters before it, among them
    # the rocket, which is two UTF-16 code units, so LSP's character is 8, not 7.
    loc = Location("a.md", 2, 8, 2, 17)
    rng = lines.range(loc)
    assert (rng.start.line, rng.start.character) == (1, 8)
    assert (rng.end.line, rng.end.character) == (1, 17)
    assert units("\N{ROCKET}", "utf-8") == 4
    assert units("\N{ROCKET}", "utf-32") == 1
    offset = "# Hi\nTeam \N{ROCKET} ".__len__()
    pos = lines.at_offset(offset)
    assert (pos.line, pos.character) == (1, 8)


def _finding(line: int, edits: tuple[Edit, ...], safe: bool = True) -> Finding:
    return Finding(
        "HD001",
        "heading-case",
        Severity.WARNING,
        "m",
        Location("a.md", line, 1, line, 2),
        fix=Fix(edits, safe),
    )


def test_fix_all_takes_the_safe_edits_one_fix_pass_would() -> None:
    first = _finding(1, (Edit(0, 4, "A"),))
    overlapping = _finding(2, (Edit(2, 6, "B"),))  # found later: the earlier fix wins
    unsafe = _finding(2, (Edit(10, 12, "C"),), safe=False)
    later = _finding(3, (Edit(20, 21, "D"), Edit(30, 31, "E")))
    assert fix_all([later, overlapping, unsafe, first]) == [
        Edit(0, 4, "A"),
        Edit(20, 21, "D"),
        Edit(30, 31, "E"),
    ]


def _linted(text: str, findings: list[Finding]) -> Any:
    from artlint.server import ArtlintServer, Linted

    server = ArtlintServer()
    lines = Lines(text, "utf-16")
    diags = [server.diagnostic(f, lines) for f in findings]
    server.linted["file:///a.md"] = Linted(1, lines, findings, diags, body_start=0)
    return server


def test_quick_fixes_and_fix_all_come_from_the_findings_fixes() -> None:
    from lsprotocol import types

    text = "# Work-life \N{ROCKET} balance\n\nSome text about work-Life here.\n"
    heading = Finding(
        "HD001",
        "heading-case",
        Severity.WARNING,
        "write 'Balance'",
        Location("a.md", 1, 15, 1, 22),
        fix=Fix((Edit(14, 21, "Balance"),), message="Write 'Balance'"),
    )
    risky = Finding(
        "HD002",
        "odd-case",
        Severity.WARNING,
        "odd case",
        Location("a.md", 3, 17, 3, 26),
        fix=Fix((Edit(40, 49, "Work-Life"),), safe=False),
    )
    server = _linted(text, [heading, risky])
    whole = types.Range(types.Position(0, 0), types.Position(3, 0))
    actions = server.code_actions(
        types.CodeActionParams(
            types.TextDocumentIdentifier("file:///a.md"), whole, types.CodeActionContext([])
        )
    )
    by_title = {a.title: a for a in actions}
    fix = by_title["Write 'Balance'"]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    (edit,) = fix.edit.changes["file:///a.md"]
    # Offset 14 is after the rocket: character 14 in UTF-16 is 15.
    assert (edit.range.start.line, edit.range.start.character) == (0, 15)
    assert (edit.range.end.character, edit.new_text) == (22, "Balance")
    assert "Fix HD002: odd case (unsafe)" in by_title
    assert not by_title["Fix HD002: odd case (unsafe)"].is_preferred
    disable = by_title["Disable HD002 for this line"].edit.changes["file:///a.md"][0]
    assert (disable.range.start.line, disable.new_text) == (
        2,
        "<!-- artlint-disable-next-line HD002 -->\n",
    )
    (fix_all_action,) = [a for a in actions if a.kind == "source.fixAll.artlint"]
    assert [e.new_text for e in fix_all_action.edit.changes["file:///a.md"]] == ["Balance"]
    only_all = server.code_actions(
        types.CodeActionParams(
            types.TextDocumentIdentifier("file:///a.md"),
            whole,
            types.CodeActionContext([], only=["source.fixAll"]),
        )
    )
    assert [a.kind for a in only_all] == ["source.fixAll.artlint"]


def test_the_linter_rereads_a_changed_config_and_saved_files(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from artlint.server import Linter

    monkeypatch.chdir(site)
    linter = Linter(str(site), use_cache=False)
    linter.reload()
    path = str(site / "posts" / "night-nurse.md")
    codes = [f.code for f in linter.lint(path, NURSE)[0]]
    assert "TI002" in codes
    other = site / "posts" / "nurse-again.md"
    other.write_text(NURSE_AGAIN.replace("Night Shift", "Weekend"), encoding="utf-8")
    assert "TI002" in [f.code for f in linter.lint(path, NURSE)[0]]  # kept until told
    linter.refresh([str(other)])
    assert "TI002" not in [f.code for f in linter.lint(path, NURSE)[0]]
    other.write_text(NURSE_AGAIN, encoding="utf-8")
    linter.refresh([str(other)])
    assert "TI002" in [f.code for f in linter.lint(path, NURSE)[0]]
    config = site / ".artlint.yaml"
    config.write_text('corpus: ["posts/**/*.md"]\nignore: [TI002]\n', encoding="utf-8")
    st = config.stat()
    os.utime(config, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert "TI002" not in [f.code for f in linter.lint(path, NURSE)[0]]


def test_a_directive_in_the_buffer_hides_a_cross_file_finding(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from artlint.server import Linter

    monkeypatch.chdir(site)
    linter = Linter(str(site), use_cache=False)
    linter.reload()
    path = str(site / "posts" / "night-nurse.md")
    hushed = NURSE + "\n<!-- artlint-disable-file TI002 -->\n"  # the same title fact
    found = linter.lint(path, NURSE)[0]
    assert [(f.code, f.location.line) for f in found if f.code == "TI002"] == [("TI002", 2)]
    assert [f.code for f in linter.lint(path, hushed)[0] if f.code[:2] == "TI"] == ["TI001"]
    assert "TI002" in [f.code for f in linter.lint(path, NURSE)[0]]


def test_a_slow_cross_file_rule_waits_for_a_pause_in_typing(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from artlint import server

    monkeypatch.chdir(site)
    monkeypatch.setattr(server, "SLOW", -1.0)  # every rule counts as slow
    linter = server.Linter(str(site), use_cache=False)
    linter.reload()
    path = str(site / "posts" / "night-nurse.md")
    assert "TI002" in [f.code for f in linter.lint(path, NURSE)[0]]
    renamed = NURSE.replace("Night Shift Nursing Careers", "Day Shift Nursing Careers")
    findings, _, stale = linter.lint(path, renamed, quick=True)
    assert stale and "TI002" in [f.code for f in findings]  # the last run's, for now
    findings, _, stale = linter.lint(path, renamed)
    assert not stale and "TI002" not in [f.code for f in findings]
