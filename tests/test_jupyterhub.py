"""A class on a real JupyterHub: three students and one instructor, as a university would run it.

A local JupyterHub (from PyPI; configurable-http-proxy from npm) with the dummy authenticator and
the simple local spawner (every server runs as the user running the test, each in its own home
folder). The module is a local git repository, handed out with an nbgitpuller link exactly as a hub
would from the course repository. A read-only shared copy of the module provides ``helpers`` (as a
hub image would); as root it is also bind-mounted read-only for the hub and every server it starts.

- each student opens the nbgitpuller link, runs a notebook in their own server (through the hub's
  API, as the browser would), and codes a claim with the claim coder;
- every file a student makes stays in their own home; no student can reach another's server or
  files; nothing is written to the shared copy;
- the instructor releases two assignments through nbgrader's exchange, the students fetch and
  submit them, and the instructor collects and autogrades them.

Needs ``configurable-http-proxy`` on PATH (``npm install -g configurable-http-proxy``; .ci/run does it).
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import nbformat
import pytest
import requests
from conftest import ROOT, tree_digest
from harness import free_port

pytestmark = pytest.mark.heavy  # starts a JupyterHub, its proxy and kernels

STUDENTS = ["student1", "student2", "student3"]
INSTRUCTOR = "instructor"
ASSIGNMENTS = ["00_start_here", "06_principles"]
REPO_NAME = "regional-integration-claims"
VENV_BIN = Path(sys.executable).parent
COURSE_ID = re.search(r'course_id = "([^"]+)"', (ROOT / "instructor" / "nbgrader_config.py").read_text()).group(1)


def _read_only_mount(shared: Path, cmd: list) -> list:
    """cmd run with ``shared`` read-only: chmod is enough for a user; root ignores it, so as root the copy is
    bind-mounted read-only in a private mount namespace that the hub and every server it starts share."""
    if os.geteuid() != 0:
        return cmd
    return ["unshare", "--mount", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"',
            str(shared), *cmd]


class Hub:
    """A running JupyterHub and what the test needs to talk to it."""

    def __init__(self, root: Path):
        proxy = shutil.which("configurable-http-proxy")
        if not proxy:
            pytest.fail("configurable-http-proxy is missing: run `npm install -g configurable-http-proxy` (.ci/run does)")
        self.root = root
        self.homes = root / "home"
        self.homes.mkdir()
        self.shared = root / "shared" / REPO_NAME
        for part in ("helpers", "corpus", "notebooks"):
            shutil.copytree(ROOT / part, self.shared / part, ignore=shutil.ignore_patterns("__pycache__"))
        subprocess.run(["chmod", "-R", "a-w", str(self.shared)], check=True)
        self.shared_digest = tree_digest(self.shared)
        self.repo = self._course_repository(root / "course" / REPO_NAME)
        self.exchange = root / "exchange"
        self.exchange.mkdir(mode=0o777)
        self.exchange.chmod(0o777)
        config_dir = root / "jupyter-config"  # what a hub admin puts in /etc/jupyter for every server
        config_dir.mkdir()
        (config_dir / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.Exchange.root = {str(self.exchange)!r}\nc.CourseDirectory.course_id = {COURSE_ID!r}\n")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(16)
        env_for_servers = {"PYTHONPATH": str(self.shared), "JUPYTER_CONFIG_PATH": str(config_dir),
                           "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        (root / "jupyterhub_config.py").write_text(f"""
c = get_config()
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {self.port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{root / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = "{root / 'cookie_secret'}"
c.ConfigurableHTTPProxy.pid_file = "{root / 'proxy.pid'}"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {set(STUDENTS + [INSTRUCTOR])!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{self.homes}/{{username}}"
c.Spawner.cmd = [{str(VENV_BIN / 'jupyterhub-singleuser')!r}]
c.Spawner.environment = {env_for_servers!r}
c.Spawner.args = {["--allow-root"] if os.geteuid() == 0 else []!r}  # the simple spawner runs every server as the hub's user
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.services = [{{"name": "course-test", "api_token": {self.token!r}}}]
c.JupyterHub.load_roles = [{{"name": "admin", "services": ["course-test"]}}]
""")
        env = {k: v for k, v in os.environ.items() if k not in ("CLAIMS_CORPUS", "CLAIMS_WORK_DIR", "JUPYTER_CONFIG_DIR")}
        self.log = open(root / "jupyterhub.log", "w")
        self.proc = subprocess.Popen(_read_only_mount(self.shared, [str(VENV_BIN / "jupyterhub"), "-f", "jupyterhub_config.py"]),
                                     cwd=root, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait(lambda: requests.get(f"{self.url}/hub/api/", timeout=5).ok, "the hub to answer")
        self.user_tokens = {}

    @staticmethod
    def _course_repository(path: Path) -> Path:
        """The course repository: a local git repository holding this module (its committed files)."""
        subprocess.run(["git", "clone", "-q", "--bare", "--branch", _branch(), str(ROOT), str(path)], check=True)
        return path

    def _wait(self, ok, what, timeout=120):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"the hub stopped: {(self.root / 'jupyterhub.log').read_text()[-3000:]}")
            try:
                if ok():
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}; hub log: {(self.root / 'jupyterhub.log').read_text()[-3000:]}")

    def api(self, method, path, token=None, **kw):
        return requests.request(method, f"{self.url}/hub/api{path}", timeout=60,
                                headers={"Authorization": f"token {token or self.token}"}, **kw)

    def start_servers(self, users):
        """Start the users' servers (all at once, as a class logs in) and make a token for each user."""
        for user in users:
            r = self.api("POST", f"/users/{user}/server")
            assert r.status_code in (201, 202), r.text
        for user in users:
            self._wait(lambda: (self.api("GET", f"/users/{user}").json()["servers"].get("", {}) or {}).get("ready"),
                       f"{user}'s server", timeout=180)
            r = self.api("POST", f"/users/{user}/tokens", json={"note": "test: acting as the user"})
            assert r.status_code == 201, r.text
            self.user_tokens[user] = r.json()["token"]

    def server(self, method, user, path, as_user=None, **kw):
        """A request to ``user``'s server, with the token of ``as_user`` (default: the user themself)."""
        token = self.user_tokens[as_user or user]
        return requests.request(method, f"{self.url}/user/{user}{path}", timeout=120, allow_redirects=False,
                                headers={"Authorization": f"token {token}"}, **kw)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the hub stops the servers and the proxy it started
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # anything of this hub's process group still running
        except ProcessLookupError:
            pass
        self.log.close()
        subprocess.run(["chmod", "-R", "u+w", str(self.shared)], check=True)


def _branch() -> str:
    out = subprocess.run(["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() != "HEAD" else "main"


class Kernel:
    """A kernel in a user's server, driven over the server's websocket as JupyterLab drives it."""

    def __init__(self, hub: Hub, user: str, notebook_path: str):
        import websocket
        from jupyter_client.session import Session

        r = hub.server("POST", user, "/api/sessions",
                       json={"path": notebook_path, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
        assert r.status_code == 201, r.text
        self.hub, self.user, self.id = hub, user, r.json()["kernel"]["id"]
        self.session = Session(username=user)
        self.ws_url = hub.url.replace("http", "ws", 1) + f"/user/{user}/api/kernels/{self.id}/channels"
        self.connect, self.ws, self.used = websocket.create_connection, None, 0.0

    def _socket(self):
        """The kernel's websocket, opened again after a pause: this client answers the server's pings only
        while it reads, so the server closes a connection that sat idle (the kernel itself keeps running)."""
        if self.ws is None or not self.ws.connected or time.monotonic() - self.used > 10:
            if self.ws is not None:
                self.ws.close()
            self.ws = self.connect(self.ws_url, header=[f"Authorization: token {self.hub.user_tokens[self.user]}"],
                                   timeout=300)
        self.used = time.monotonic()
        return self.ws

    def run(self, code: str) -> str:
        """Run code; return what it printed; raise AssertionError with the traceback if it fails."""
        ws = self._socket()
        msg = self.session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        msg["channel"] = "shell"
        ws.send(json.dumps(msg, default=str))
        out, error = [], None
        while True:
            reply = json.loads(ws.recv())
            self.used = time.monotonic()
            if reply.get("parent_header", {}).get("msg_id") != msg["header"]["msg_id"]:
                continue
            kind, content = reply["msg_type"], reply["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                error = "\n".join(content["traceback"])
            elif kind == "status" and content["execution_state"] == "idle":
                break
        if error:
            error = re.sub(r"\x1b\[[0-9;]*m", "", error)  # without the terminal colours
            raise AssertionError(f"{self.user}: a cell failed:\n{code[:300]}\n{error[-2000:]}")
        return "".join(out)

    def run_notebook(self, path: Path):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                self.run(cell.source)

    def close(self):
        if self.ws is not None:
            self.ws.close()
        self.hub.server("DELETE", self.user, f"/api/kernels/{self.id}")


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    root = tmp_path_factory.mktemp("hub")
    root.chmod(0o755)
    h = Hub(root)
    try:
        yield h
    finally:
        h.stop()


def _pull(hub: Hub, user: str) -> Path:
    """Follow the nbgitpuller link as the student's browser does; return the clone in the student's home."""
    query = urllib.parse.urlencode({"repo": f"file://{hub.repo}", "branch": _branch(),
                                    "urlpath": f"lab/tree/{REPO_NAME}/notebooks/00_start_here.ipynb"})
    link = f"{hub.url}/hub/user-redirect/git-pull?{query}"  # the link an instructor hands out
    browser = requests.Session()  # the student logs in (dummy authenticator: any password), then opens the link
    browser.get(f"{hub.url}/hub/login", timeout=60)
    r = browser.post(f"{hub.url}/hub/login", data={"username": user, "password": "any", "_xsrf": browser.cookies.get("_xsrf")},
                     timeout=60)
    assert r.ok, (user, r.status_code)
    page = browser.get(link, timeout=120)
    assert page.status_code == 200 and urllib.parse.urlsplit(page.url).path == f"/user/{user}/git-pull", (user, page.url)
    assert "nbgitpuller" in page.text.lower(), user
    # what the page's script then asks for: the pull itself, as a stream of progress events
    r = browser.get(f"{hub.url}/user/{user}/git-pull/api?{query}&targetpath={REPO_NAME}", stream=True, timeout=120)
    events = [json.loads(line[5:]) for line in r.iter_lines(decode_unicode=True) if line.startswith("data:")]
    assert events and events[-1].get("phase") == "finished", (user, events[-3:])
    clone = hub.homes / user / REPO_NAME
    assert (clone / "notebooks" / "00_start_here.ipynb").is_file(), user
    return clone


NBGRADER = ("import os, subprocess\n"
            "def nbgrader(*args):\n"
            "    p = subprocess.run(['nbgrader', *args], capture_output=True, text=True)\n"
            "    assert p.returncode == 0, p.stdout + p.stderr\n"
            "    return p.stdout + p.stderr\n")
CODE_A_CLAIM = (  # the claim coder, driven as a student drives it: quote, find, target, stance, frame, theme, add
    "from helpers import load_corpus\nfrom helpers.coder import coder\ncorpus = load_corpus()\n"
    "c = coder(corpus, 'llorenti_2021')\n"
    "c.quote.value = 'ALBA remained to be a hope'\nc.find.click()\n"
    "c.rows[0].institution.value = 'alba — ' + corpus.institutions.set_index('institution_id').name['alba']\n"
    "c.rows[0].stance.value = 'supportive'\nc.frame.value = 'diagnostic'\nc.themes['integration'].value = True\n"
    "c.paraphrase.value = 'Llorenti says ALBA remained a hope (' + os.environ['JUPYTERHUB_USER'] + ').'\n"
    "c.add.click()\nprint(c.status.value)\nprint(c.save_to.resolve())")


def _student_session(hub: Hub, user: str) -> str:
    """One student's session in their own server: runs notebook 0, codes a claim, fetches and submits both
    assignments; returns what the coder printed."""
    k = Kernel(hub, user, f"{REPO_NAME}/notebooks/00_start_here.ipynb")
    try:
        k.run_notebook(hub.homes / user / REPO_NAME / "notebooks" / "00_start_here.ipynb")
        saved = k.run(NBGRADER + CODE_A_CLAIM)
        k.run(f"os.chdir({str(hub.homes / user)!r})")
        for a in ASSIGNMENTS:
            k.run(f"nbgrader('fetch_assignment', {a!r})")
            if user == "student1" and a == "00_start_here":  # student1 answers the first exercise
                k.run("import nbformat\np = '00_start_here/00_start_here.ipynb'\nnb = nbformat.read(p, as_version=4)\n"
                      "cell = next(c for c in nb.cells if c.source.startswith('answer_0_1 = None'))\n"
                      "cell.source = 'answer_0_1 = len(corpus.documents)'\nnbformat.write(nb, p)")
            # nbgrader names a submission after the account; every server here runs as one account, so
            # the student says who they are, as on a hub whose servers all run as "jovyan"
            k.run(f"nbgrader('submit', {a!r}, '--CourseDirectory.student_id=' + os.environ['JUPYTERHUB_USER'])")
    finally:
        k.close()
    return saved


def test_a_class_on_jupyterhub(hub):
    from concurrent.futures import ThreadPoolExecutor

    hub.start_servers(STUDENTS + [INSTRUCTOR])
    with ThreadPoolExecutor(len(STUDENTS) + 1) as everyone:  # the class opens the link at once
        list(everyone.map(lambda user: _pull(hub, user), STUDENTS + [INSTRUCTOR]))

    # the instructor releases two assignments through nbgrader's exchange, from their own copy
    course = hub.homes / INSTRUCTOR / REPO_NAME / "instructor"
    teacher = Kernel(hub, INSTRUCTOR, f"{REPO_NAME}/instructor/grading.ipynb")
    try:
        teacher.run(NBGRADER + f"os.chdir({str(course)!r})")
        for a in ASSIGNMENTS:
            teacher.run(f"nbgrader('generate_assignment', {a!r}, '--force'); nbgrader('release_assignment', {a!r})")
        assert sorted(p.name for p in (hub.exchange / COURSE_ID / "outbound").iterdir()) == ASSIGNMENTS

        # the students, each in their own server and at the same time: run notebook 0, code a claim, fetch and
        # submit both assignments
        with ThreadPoolExecutor(len(STUDENTS)) as students:
            said = dict(zip(STUDENTS, students.map(lambda user: _student_session(hub, user), STUDENTS)))
        for user, saved in said.items():
            assert "Saved llorenti_2021_c01" in saved, saved
            coding = Path(saved.strip().splitlines()[-1])
            assert coding == hub.homes / user / REPO_NAME / "notebooks" / "my_coding.csv", coding
            assert all((hub.homes / user / a / f"{a}.ipynb").is_file() for a in ASSIGNMENTS)

        # files stay home: each student's coding is in their own home only; nothing reached the shared copy
        for user in STUDENTS:
            text = (hub.homes / user / REPO_NAME / "notebooks" / "my_coding.csv").read_text(encoding="utf-8")
            assert f"({user})" in text and all(f"({other})" not in text for other in STUDENTS if other != user)
        assert tree_digest(hub.shared) == hub.shared_digest, "something wrote into the shared copy"

        # nothing of one student is visible to another: not their server, not their files through their own
        assert hub.server("GET", "student2", "/api/contents", as_user="student1").status_code in (302, 403)
        assert hub.server("GET", "student1", "/api/contents/..%2Fstudent2").status_code in (400, 403, 404)
        listing = hub.server("GET", "student1", "/api/contents").json()
        assert {c["name"] for c in listing["content"]} >= {REPO_NAME} and "student2" not in json.dumps(listing)

        inbound = [p.name for p in (hub.exchange / COURSE_ID / "inbound").iterdir()]
        assert sorted({name.split("+")[0] for name in inbound}) == STUDENTS and len(inbound) == 6

        # the instructor collects and autogrades
        for a in ASSIGNMENTS:
            teacher.run(f"nbgrader('collect', {a!r}); nbgrader('autograde', {a!r})")
        scores = json.loads(teacher.run(
            "from nbgrader.api import Gradebook\nimport json\n"
            "with Gradebook('sqlite:///gradebook.db') as gb:\n"
            "    print(json.dumps({f'{s.student.id} {s.assignment.name}': s.score for a in gb.assignments "
            "for s in a.submissions}))"))
    finally:
        teacher.close()
    assert set(scores) == {f"{u} {a}" for u in STUDENTS for a in ASSIGNMENTS}
    assert scores["student1 00_start_here"] == scores["student2 00_start_here"] + 1, scores
    for user in STUDENTS:
        for a in ASSIGNMENTS:
            assert (course / "autograded" / user / a / f"{a}.ipynb").is_file()
    assert tree_digest(hub.shared) == hub.shared_digest
