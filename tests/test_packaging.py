"""The built distributions ship what cvmatch needs, and an installed wheel works elsewhere.

The wheel and the sdist are built once with hatchling's PEP 517 hooks (what
``pip wheel --no-build-isolation`` calls), offline. The wheel is installed into a fresh
venv and used from a folder outside the repository, so the shipped taxonomy, not the
work tree's, is what it reads. ``.ci/check_layout.py`` is tested here too.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TAXONOMY = ROOT / "taxonomy"
TEMPLATES = ROOT / "src" / "cvmatch" / "explain" / "templates"
AUDIT_TEMPLATES = ROOT / "src" / "cvmatch" / "audit" / "templates"

RESUME = """Alex Example
Call Center Representative, Example Telecom, 2019 - 2024
- Answered 80 inbound calls a day and resolved billing complaints.
- Logged every call in Zendesk and processed refunds.
"""

#: Run inside the fresh venv, from another folder: score a resume, say where things came from.
SCORE_SCRIPT = """
import json, sys
from importlib.resources import files
import cvmatch
text = sys.stdin.read()
result = cvmatch.score_resume(text)
profile = cvmatch.extract_skills(text, kind="resume")
print(json.dumps({
    "file": cvmatch.__file__,
    "taxonomy": str(files("cvmatch.taxonomy") / "data" / "roles.toml"),
    "roles": [role.id for role in result.roles],
    "best_score": result.roles[0].score,
    "skills": [skill.id for skill in profile.skills],
}))
"""


def _shipped_data() -> list[str]:
    """The taxonomy files, relative to ``taxonomy/``; the test fails if there are none."""
    names = sorted(p.relative_to(TAXONOMY).as_posix() for p in TAXONOMY.rglob("*.toml"))
    assert {"roles.toml", "headings.toml", "cues.toml", "weights.toml"} <= set(names)
    assert any(name.startswith("concepts/") for name in names)
    return names


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel and the sdist, built from the work tree."""
    pytest.importorskip("hatchling", reason="building needs hatchling (the build backend)")
    out = tmp_path_factory.mktemp("dist")
    build = (
        "import sys, hatchling.build as b; "
        "print(b.build_wheel(sys.argv[1])); print(b.build_sdist(sys.argv[1]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", build, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wheel_name, sdist_name = done.stdout.split()[-2:]
    return {"wheel": out / wheel_name, "sdist": out / sdist_name}


def test_wheel_ships_the_taxonomy_data_and_the_report_template(dists: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(dists["wheel"]).namelist())
    expected = {f"cvmatch/taxonomy/data/{name}" for name in _shipped_data()}
    expected |= {f"cvmatch/explain/templates/{p.name}" for p in TEMPLATES.iterdir() if p.is_file()}
    expected |= {
        f"cvmatch/audit/templates/{p.name}" for p in AUDIT_TEMPLATES.iterdir() if p.is_file()
    }
    expected |= {"cvmatch/py.typed", "cvmatch/__init__.py"}
    assert not expected - names, sorted(expected - names)
    assert "cvmatch/explain/templates/report.html" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(dists["wheel"]).read(entry_points).decode()
    assert "[spacy_factories]" in text and "cvmatch_skills" in text


def test_sdist_ships_the_top_level_taxonomy(dists: dict[str, Path]) -> None:
    with tarfile.open(dists["sdist"]) as sdist:
        # drop the "cvmatch-<version>/" folder every entry starts with
        names = {name.partition("/")[2] for name in sdist.getnames()}
    missing = {f"taxonomy/{name}" for name in _shipped_data()} - names
    assert not missing, (
        f"the sdist lacks {sorted(missing)}: hatchling takes the files once, through the "
        "src/cvmatch/taxonomy/data link; add to pyproject.toml "
        '[tool.hatch.build.targets.sdist.force-include] "taxonomy" = "taxonomy"'
    )
    assert {"pyproject.toml", "README.md", "src/cvmatch/__init__.py"} <= names


def _fresh_venv(path: Path) -> Path:
    """A venv that sees this environment's packages (spaCy, pydantic...) but not cvmatch's src/.

    ``--system-site-packages`` gives the base interpreter's packages; when the tests run
    in a venv themselves (as CI does), a ``.pth`` file adds that venv's site-packages too.
    Paths added that way come after the new venv's own, and their ``.pth`` files (the
    editable install's) are not read, so the installed wheel is the cvmatch imported.
    """
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(path)],
        check=True,
        timeout=60,
    )
    python = path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    parents = dict.fromkeys([*site.getsitepackages(), sysconfig.get_paths()["purelib"]])
    Path(purelib, "_cvmatch_test_parent_env.pth").write_text("\n".join(parents) + "\n")
    return python


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def test_installed_wheel_scores_a_resume_from_another_folder(
    dists: dict[str, Path], tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    python = _fresh_venv(venv)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    install = subprocess.run(
        [*pip, "--no-deps", "--no-index", "--ignore-installed", str(dists["wheel"])],
        capture_output=True,
        text=True,
        timeout=180,
        env=_clean_env(),
        check=False,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run(
        [str(python), "-c", SCORE_SCRIPT],
        input=RESUME,
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=180,
        env=_clean_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    installed = venv.resolve()
    assert Path(found["file"]).resolve().is_relative_to(installed), found["file"]
    assert not Path(found["file"]).resolve().is_relative_to(ROOT)
    assert Path(found["taxonomy"]).resolve().is_relative_to(installed), found["taxonomy"]
    assert len(found["roles"]) == len(set(found["roles"])) >= 6
    assert found["roles"][0] == "call_center_specialist" and found["best_score"] > 0
    assert {"phone_support", "complaint_handling"} <= set(found["skills"])


# --- .ci/check_layout.py ---------------------------------------------------------------------
def _check_layout(root: Path) -> subprocess.CompletedProcess[str]:
    script = ROOT / ".ci" / "check_layout.py"
    return subprocess.run(
        [sys.executable, str(script), str(root)], capture_output=True, text=True, check=False
    )


def test_check_layout_lists_long_modules_and_fails(tmp_path: Path) -> None:
    package = tmp_path / "src" / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text('"""A package."""\n')
    (package / "sub" / "long.py").write_text("x = 1\n" * 501)
    (package / "fits.py").write_text("x = 1\n" * 500)
    done = _check_layout(tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "src/pkg/sub/long.py: 501 lines (limit 500)"
    assert "fits.py" not in done.stdout
    assert lines[-1].startswith("check_layout: 3 modules") and "1 over the limit" in lines[-1]


def test_check_layout_passes_when_every_module_fits(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "small.py").write_text("x = 1\n" * 10)
    done = _check_layout(tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [
        "check_layout: 1 modules under src/, longest 10 lines, limit 500: all within the limit"
    ]
