"""Every helpers module imports, and no two import each other (directly or round a longer loop).

The import graph is read from the source (``ast``), counting every import, also those inside a
function (a lazy import still makes two modules depend on each other). Loading flows one way:
``files`` <- the rule modules (``schema_rules`` <- ``table_rules`` <- ``document_rules``; ``corpus_rules``)
<- ``validate`` <- ``corpus``; ``answers`` <- ``answer_key`` <- ``checks``.
"""

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "helpers"


def module_names(package: Path) -> dict:
    """{dotted module name: file} for every .py file of ``package`` (a package is named by its __init__)."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = (package.name, *path.relative_to(package).with_suffix("").parts)
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imported_modules(name: str, path: Path, known: dict) -> set:
    """The modules of ``known`` that the file of module ``name`` imports, anywhere in it."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . (the package this module is in) or .. (one above)
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[:len(here) - node.level + 1]
                base = ".".join(here + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            subs = {f"{base}.{a.name}" for a in node.names} & known.keys()  # from . import plots
            found |= subs or ({base} & known.keys())
    return found - {name}


def import_cycle(package: Path) -> list | None:
    """The first import loop found, as a list of module names that starts and ends with the same one; else None."""
    known = module_names(package)
    graph = {name: sorted(imported_modules(name, path, known)) for name, path in known.items()}
    state, stack = {}, []  # state: 1 while a module's imports are being walked, 2 when done

    def visit(name):
        state[name] = 1
        stack.append(name)
        for other in graph[name]:
            if state.get(other) == 1:
                return stack[stack.index(other):] + [other]
            if other not in state and (loop := visit(other)):
                return loop
        state[name] = 2
        stack.pop()
        return None

    for name in graph:
        if name not in state and (loop := visit(name)):
            return loop
    return None


@pytest.mark.parametrize("name", sorted(module_names(PACKAGE)))
def test_each_helpers_module_imports(name):
    assert importlib.import_module(name).__name__ == name


def test_no_import_cycle_in_helpers():
    loop = import_cycle(PACKAGE)
    assert loop is None, "import cycle: " + " -> ".join(loop)


RULES = ["helpers.schema_rules", "helpers.table_rules", "helpers.document_rules", "helpers.corpus_rules"]


def test_the_loading_chain_flows_one_way():
    """files knows nothing of the rules, validate or corpus; each rule module reads through files and knows only
    the rule modules before it in RULES; validate runs every rule module and knows nothing of corpus; answers
    nothing of the key or the checks."""
    known = module_names(PACKAGE)
    uses = {name: imported_modules(name, known[name], known) for name in known}
    assert not uses["helpers.files"] & {*RULES, "helpers.validate", "helpers.corpus"}
    for i, rules in enumerate(RULES):
        assert "helpers.files" in uses[rules], rules
        assert not uses[rules] & {*RULES[i:], "helpers.validate", "helpers.corpus"}, (rules, uses[rules])
    assert {"helpers.files", *RULES} <= uses["helpers.validate"] and "helpers.corpus" not in uses["helpers.validate"]
    assert {"helpers.files", "helpers.validate"} <= uses["helpers.corpus"]
    assert not uses["helpers.answers"] & {"helpers.answer_key", "helpers.checks"}
    assert "helpers.checks" not in uses["helpers.answer_key"]


def test_a_lazy_import_loop_is_found_with_its_path(tmp_path):
    """The finder itself: a loop closed by an import inside a function, three modules round, in a subpackage."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import f\n")
    (pkg / "a.py").write_text("from .sub import b\n\ndef f():\n    return b\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("import os\nfrom ..c import g\n")
    (pkg / "c.py").write_text("def g():\n    from . import a  # lazy, still a loop\n    return a\n")
    assert import_cycle(pkg) == ["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]
    (pkg / "c.py").write_text("def g():\n    return 1\n")
    assert import_cycle(pkg) is None
