"""A trainee's first minutes, in a real browser.

JupyterLab runs on 127.0.0.1 with the trainee configuration (tests/conftest.py,
``lab_server``), serving a temporary copy of course/. Headless Chromium (Debian's
package, driven by Playwright) opens the welcome lesson, runs every cell, and checks
that the widgets render and nothing failed. A screenshot goes to screenshots/
(ignored by git) so a person can look at what the trainee sees.

A first test does the same on a tiny notebook made here, so the machinery is proved
independently of the lesson's content.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.request
from pathlib import Path

import nbformat
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPO_ROOT = Path(__file__).resolve().parent.parent
WELCOME = "course/00_welcome.ipynb"
SCREENSHOTS = REPO_ROOT / "screenshots"
RUN_TIMEOUT_MS = 120_000

#: The open notebook panel whose file is ``path`` (JupyterLab's own objects).
_PANEL = """(path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.model) return w;
  }
  return null;
}"""
#: True when that notebook's kernel is idle.
_KERNEL_IDLE = f"""(path) => {{
  const panel = ({_PANEL})(path);
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  return !!(kernel && kernel.status === 'idle');
}}"""
#: True when every non-empty code cell has run, or a cell failed (later cells never run).
_RUN_FINISHED = f"""(path) => {{
  const cells = ({_PANEL})(path).content.model.cells;
  let failed = false;
  for (let i = 0; i < cells.length; i++) {{
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    if (cell.sharedModel.getSource().trim() && cell.executionCount === null) return failed;
    failed = failed || cell.outputs.toJSON().some(o => o.output_type === 'error');
  }}
  return true;
}}"""
#: Every code cell's execution count and outputs.
_OUTPUTS = f"""(path) => {{
  const cells = ({_PANEL})(path).content.model.cells;
  const found = [];
  for (let i = 0; i < cells.length; i++) {{
    const cell = cells.get(i);
    if (cell.type === 'code') found.push({{index: i, count: cell.executionCount, outputs: cell.outputs.toJSON(),
                                          empty: !cell.sharedModel.getSource().trim()}});
  }}
  return found;
}}"""


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium from the system (never a downloaded browser build)."""
    executable = shutil.which("chromium")
    if executable is None:
        message = "Chromium is not installed (Debian: apt-get install chromium; .ci/run does it)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    try:
        yield page
    finally:
        context.close()


def open_and_run(page, server, relpath: str) -> list[dict]:
    """Open a notebook, run all cells, wait for the kernel to go idle; return its cells' outputs."""
    page.goto(server.lab_url(relpath))
    page.wait_for_function(_KERNEL_IDLE, arg=relpath, timeout=60_000)
    page.evaluate(f"(path) => {{ ({_PANEL})(path).content.activate(); }}", relpath)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(_RUN_FINISHED, arg=relpath, timeout=RUN_TIMEOUT_MS)
    page.wait_for_function(_KERNEL_IDLE, arg=relpath, timeout=RUN_TIMEOUT_MS)
    return page.evaluate(_OUTPUTS, relpath)


def errors_shown(page, cells: list[dict]) -> list[str]:
    """Error outputs in the notebook, and tracebacks or errors printed on stderr."""
    found = [
        f"cell {c['index'] + 1}: {o.get('ename')}: {o.get('evalue')}"
        for c in cells for o in c["outputs"] if o["output_type"] == "error"
    ]
    stderr = page.locator('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')
    for text in stderr.all_inner_texts():
        if "Traceback" in text or "Error" in text:
            found.append(f"stderr: {text.strip()[:300]}")
    widget_failures = page.get_by_text("Error displaying widget")
    if widget_failures.count():
        found.append("a widget failed to display")
    return found


def assert_widget_rendered(page):
    """Wait until a widget shows in an output area; return it (scrolled into view)."""
    widget = page.locator(".jp-OutputArea-output .jupyter-widgets, .jp-OutputArea-output [class*='widget-']").first
    widget.wait_for(state="visible", timeout=30_000)
    widget.scroll_into_view_if_needed()
    return widget


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


# -- the machinery, on a notebook made here ---------------------------------------------------


def test_trainee_lab_runs_a_notebook_and_renders_a_widget(lab_server, page):
    folder = lab_server.root / "smoke"
    folder.mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Smoke test"),
        nbformat.v4.new_code_cell("import ipywidgets as widgets\nimport sefkit\ncoverage = 2.5"),
        nbformat.v4.new_code_cell("widgets.FloatSlider(value=coverage, min=0, max=5, description='Coverage')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, folder / "smoke.ipynb")

    cells = open_and_run(page, lab_server, "smoke/smoke.ipynb")
    assert [c["count"] for c in cells] == [1, 2] and not any(c["empty"] for c in cells)
    assert_widget_rendered(page)
    assert errors_shown(page, cells) == []
    assert screenshot(page, "smoke").stat().st_size > 0


def test_errors_are_caught(lab_server, page):
    """The error check can fail: a notebook that raises is reported."""
    folder = lab_server.root / "smoke"
    folder.mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0"), nbformat.v4.new_code_cell("x = 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, folder / "broken.ipynb")
    cells = open_and_run(page, lab_server, "smoke/broken.ipynb")
    assert any("ZeroDivisionError" in e for e in errors_shown(page, cells))


def test_trainee_set_up_in_the_browser(lab_server, page):
    """No news pop-up and no instructor panels; the trainee's nbgrader tools are there."""
    page.goto(f"{lab_server.url}/lab?token={lab_server.token}")
    page.wait_for_function("() => !!window.jupyterapp && window.jupyterapp.started !== undefined", timeout=60_000)
    page.wait_for_function("() => window.jupyterapp.commands.hasCommand('nbgrader:open-assignment-list')",
                           timeout=60_000)
    state = page.evaluate("""() => {
      const app = window.jupyterapp;
      return {
        formgrader: app.commands.hasCommand('nbgrader:open-formgrader'),
        createAssignment: app.commands.hasCommand('nbgrader:open-create-assignment'),
        courseList: app.commands.hasCommand('nbgrader:open-course-list'),
        announcements: app.hasPlugin('@jupyterlab/apputils-extension:announcements'),
      };
    }""")
    assert state == {"formgrader": False, "createAssignment": False, "courseList": False, "announcements": False}
    page.wait_for_timeout(1000)  # give a news request the time it would need
    assert not [u for u in page.requested if "/lab/api/news" in u or "/lab/api/update" in u]
    assert page.locator(".jp-Notification-Toast").count() == 0


def test_trainee_server_has_validate_but_no_formgrader(lab_server):
    import nbgrader

    def get(path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"{lab_server.url}{path}", timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, ""

    token = f"token={lab_server.token}"
    assert get(f"/formgrader?{token}")[0] == 404
    # The Validate button's first call (served by the course_list server extension), with the
    # version the installed labextension sends: it must answer, and say the versions match.
    code, body = get(f"/nbgrader_version?version={nbgrader.__version__}&{token}")
    assert code == 200, f"/nbgrader_version answered HTTP {code}"
    assert json.loads(body) == {"success": True}, body
    with urllib.request.urlopen(f"{lab_server.url}/lab?{token}", timeout=10) as response:
        html = response.read().decode()
    data = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
    config = json.loads(data.group(1))
    assert "@jupyter/nbgrader:formgrader" in config["disabledExtensions"]


# -- the welcome lesson ------------------------------------------------------------------------


def test_welcome_lesson_runs_in_the_browser(lab_server, page):
    cells = open_and_run(page, lab_server, WELCOME)
    assert errors_shown(page, cells) == []
    assert [c["index"] + 1 for c in cells if not c["empty"] and c["count"] is None] == [], "cells that never ran"
    assert_widget_rendered(page)
    screenshot(page, "00_welcome")
