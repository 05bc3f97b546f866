"""Nothing reaches the network: the whole pipeline runs with sockets blocked.

Reading every format, extraction with a freshly built extractor (so that no model or
data could be fetched on first use), scoring, matching, ranking, the batch API and
the command line all run while any attempt to open a socket or resolve a name fails.
A second test does the same in a fresh interpreter with an audit hook installed
before ``import cvmatch``, which also catches network use at import time.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cvmatch
import cvmatch.extract.profile
from cvmatch.cli import cli
from cvmatch.taxonomy import loader

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


class NetworkUsed(AssertionError):
    pass


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args, **kwargs):  # type: ignore[no-untyped-def]
            attempts.append(f"{name}{args[:2]!r}")
            raise NetworkUsed(f"cvmatch tried to use the network: {name}{args[:2]!r}")

        return blocked

    class BlockedSocket(socket.socket):
        def __init__(self, family: int = -1, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            if family in (socket.AF_UNIX,):  # local pipes (multiprocessing) are not network
                super().__init__(family, *args, **kwargs)
                return
            refuse("socket.socket")(family, *args)

        def connect(self, address):  # type: ignore[no-untyped-def]
            if self.family != socket.AF_UNIX:
                refuse("socket.connect")(address)
            return super().connect(address)

    monkeypatch.setattr(socket, "socket", BlockedSocket)
    for name in (
        "create_connection",
        "getaddrinfo",
        "gethostbyname",
        "gethostbyname_ex",
        "gethostbyaddr",
        "getnameinfo",
    ):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    # a fresh extractor and taxonomy: first use must not fetch anything either
    monkeypatch.setattr(cvmatch.extract.profile, "_EXTRACTORS", {})
    loader._load_shipped.cache_clear()
    yield attempts
    loader._load_shipped.cache_clear()


def test_sockets_really_are_blocked(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    with pytest.raises(NetworkUsed):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    no_network.clear()


def test_whole_pipeline_runs_without_network(no_network: list[str], tmp_path: Path) -> None:
    resumes = EXAMPLES / "resumes"
    posting = EXAMPLES / "postings" / "call-center-rep.txt"
    html_posting = EXAMPLES / "postings" / "cx-manager.html"
    for path in [*sorted(resumes.iterdir()), html_posting]:
        document = cvmatch.read_document(path)
        assert document.text
    # a fresh extractor, built with sockets blocked
    extractor = cvmatch.extract.SkillExtractor(cvmatch.load_taxonomy())
    resume = cvmatch.read_document(resumes / "priya-shah-senior-specialist.pdf")
    assert extractor.extract(resume).skills
    assert cvmatch.extract_skills(resume).skills
    assert cvmatch.extract_skills(resumes / "morgan-lee-cs-manager.docx").skills
    assert cvmatch.score_resume(resume).roles[0].score > 0
    assert cvmatch.score_document(html_posting, kind="posting").roles
    assert cvmatch.match(resume, posting).score is not None
    assert len(cvmatch.rank(posting, sorted(resumes.iterdir()))) == len(list(resumes.iterdir()))
    rows = list(cvmatch.batch.iter_scores([str(resumes)], jobs=1))
    assert rows and all(row.ok for row in rows)
    assert all(r.ok for r in cvmatch.batch.iter_matches(posting, [str(resumes)], jobs=1))
    runner = CliRunner()
    for args in (
        ["extract", str(resumes), "--format", "jsonl", "-q"],
        ["score", str(resumes), "--format", "jsonl", "-q"],
        ["score", str(html_posting), "--kind", "posting", "-q"],
        ["match", "--posting", str(posting), str(resumes), "--format", "csv", "-q"],
        [
            "rank",
            "--posting",
            str(posting),
            str(resumes),
            "--report",
            str(tmp_path / "report.html"),
            "-q",
        ],
    ):
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
    assert (tmp_path / "report.html").stat().st_size > 0
    assert no_network == []


AUDIT_SCRIPT = r"""
import sys

def hook(event, args):
    if event.startswith(("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                         "socket.sendto", "urllib.Request", "http.client.connect")):
        if event == "socket.connect" and isinstance(args[1], (str, bytes)):
            return  # AF_UNIX: a local pipe, not the network
        sys.stderr.write(f"NETWORK {event} {args!r}\n")
        raise RuntimeError(f"network used: {event}")

sys.addaudithook(hook)
import json
import cvmatch
from cvmatch.cli import main

examples = sys.argv[1]
resume = cvmatch.read_document(examples + "/resumes/priya-shah-senior-specialist.pdf")
result = cvmatch.score_resume(resume)
fit = cvmatch.match(examples + "/resumes/morgan-lee-cs-manager.docx",
                    examples + "/postings/cx-manager.html")
print(json.dumps({"best": result.roles[0].id, "match": fit.score}))
sys.argv = ["cvmatch", "score", examples + "/resumes", "--format", "jsonl", "-q"]
main()
"""


def test_fresh_interpreter_with_audit_hook_uses_no_network(tmp_path: Path) -> None:
    env = {**os.environ, "CVMATCH_NO_PROGRESS": "1", "NO_PROXY": "*"}
    done = subprocess.run(
        [sys.executable, "-c", AUDIT_SCRIPT, str(EXAMPLES)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert "NETWORK" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    first = json.loads(done.stdout.splitlines()[0])
    assert first["best"] and first["match"] is not None
