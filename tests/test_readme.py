"""The README's promises: the two commands, the Binder link, the links to files."""

import re

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_command():
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [l for l in block.splitlines() if l and not l.startswith("#")]
    assert len(commands) == 2
    open_cmd, test_cmd = commands
    assert "requirements.txt" in open_cmd and "jupyter lab --ServerApp.root_dir=. " in open_cmd
    assert "notebooks/00_start_here.ipynb" in open_cmd  # tests/test_browser.py runs this command in Chromium
    assert "requirements-dev.txt" in test_cmd and "pytest" in test_cmd
    assert README.index("```bash") < README.index("##")  # before anything else
    assert test_cmd in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_binder_link_is_set_in_one_place_and_opens_the_start_notebook():
    definitions = re.findall(r"^\[binder\]: (\S+)$", README, re.M)
    assert len(definitions) == 1
    assert "mybinder.org/v2/gh/" not in README.replace(definitions[0], "")
    urlpath = re.search(r"urlpath=lab/tree/(\S+)", definitions[0]).group(1)
    assert (ROOT / urlpath).is_file()
    assert "][binder]" in README


def test_relative_links_point_to_existing_files():
    for target in re.findall(r"\]\(([^)#:]+)\)", README):
        assert (ROOT / target).exists(), target
    guide = (ROOT / "instructor" / "GUIDE.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#:]+)\)", guide):
        assert (ROOT / "instructor" / target).exists(), target


def test_the_readme_and_the_guide_give_each_notebook_the_time_its_header_states():
    """One fact, one place: the time in each notebook's header is the one the tables repeat."""
    import nbformat

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "instructor" / "GUIDE.md").read_text(encoding="utf-8")
    for n, path in enumerate(sorted((ROOT / "instructor" / "source").glob("*/*.ipynb"))):
        header = nbformat.read(path, as_version=4).cells[0].source
        stated = re.search(r"\*\*Time:\*\* about (\d+) minutes", header)
        if stated:
            minutes = [int(stated.group(1))]
        else:  # a notebook in parts: "Part A about 25 minutes ... Part B about 50 minutes"
            minutes = [int(m) for m in re.findall(r"about (\d+) minutes", header.split("**Prerequisites", 1)[0])]
        assert minutes, f"{path.name}: no time in the header"
        row_readme = next(line for line in readme.splitlines() if line.startswith(f"| [{n} ·"))
        row_guide = next(line for line in guide.splitlines() if line.startswith(f"| {n} |"))
        for cell in (row_readme.split("|")[-2], row_guide.split("|")[3]):
            assert [int(t) for t in re.findall(r"\d+", cell)] == minutes, (path.name, cell, minutes)


def test_the_readme_says_how_to_run_the_fast_tier_and_its_marker_exists():
    import tomllib

    assert 'python -m pytest -m "not heavy"' in README
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("heavy:") for m in options["markers"])
    assert "-n auto" in options["addopts"], "the full run is spread over the cores (pytest-xdist)"
