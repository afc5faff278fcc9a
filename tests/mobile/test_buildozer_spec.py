"""The Android package is complete: buildozer.spec names every dependency the client imports,
keeps tests out, allows network access, and cleartext HTTP only to the development host."""

import ast
import configparser
import importlib.metadata
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

CLIENT = Path(__file__).resolve().parents[2] / "mobile_client"
SPEC = CLIENT / "buildozer.spec"


def spec_app() -> configparser.SectionProxy:
    parser = configparser.ConfigParser()
    parser.optionxform = str  # buildozer's option names are case-sensitive
    parser.read(SPEC)
    return parser["app"]


def listed(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names() -> set[str]:
    return {
        normalized(re.split(r"[=<>!~]", item)[0]) for item in listed(spec_app()["requirements"])
    }


def third_party_imports() -> set[str]:
    """Top-level modules imported anywhere in mobile_client that are neither stdlib nor ours."""
    modules = set()
    for path in CLIENT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"mobile_client", "__future__"}


def distributions_of(module: str) -> set[str]:
    return {normalized(d) for d in importlib.metadata.packages_distributions().get(module, [])}


def runtime_dependencies(distribution: str) -> set[str]:
    """A distribution's own requirements, without optional extras."""
    needed = set()
    for requirement in importlib.metadata.requires(distribution) or []:
        if "extra ==" not in requirement:
            needed.add(normalized(re.split(r"[ ;=<>!~\[(]", requirement)[0]))
    return needed


def test_the_client_imports_something_third_party_at_all():
    assert {"kivy", "requests"} <= third_party_imports()


@pytest.mark.parametrize("module", sorted(third_party_imports()))
def test_every_third_party_import_is_a_requirement_with_its_dependencies(module):
    distributions = distributions_of(module)
    assert distributions, f"{module} is imported but not installed"
    requirements = requirement_names()
    assert distributions & requirements, f"{module} ({distributions}) missing from requirements"
    for distribution in distributions & requirements:
        if distribution == "kivy":
            continue  # kivy's recipe brings its own native dependencies (SDL2 and friends)
        missing = runtime_dependencies(distribution) - requirements
        assert not missing, f"{distribution} needs {sorted(missing)} in requirements"


def test_python_and_kivy_versions_are_pinned_for_the_build():
    requirements = listed(spec_app()["requirements"])
    assert "python3" in requirements
    assert "kivy==2.3.1" in requirements


def test_tests_are_excluded_from_the_package():
    app = spec_app()
    assert "tests" in listed(app["source.exclude_dirs"])
    packaged = CLIENT / app["source.dir"]
    assert not [p for p in packaged.rglob("test_*.py") if "tests" not in p.parts]


def test_the_app_may_use_the_network_but_cleartext_only_to_the_development_host():
    app = spec_app()
    assert "INTERNET" in listed(app["android.permissions"])
    config = ET.parse(CLIENT / app["android.res_xml"]).getroot()
    assert config.find("base-config").get("cleartextTrafficPermitted") == "false"
    allowed = config.find("domain-config")
    assert allowed.get("cleartextTrafficPermitted") == "true"
    assert {domain.text for domain in allowed.iter("domain")} == {
        "10.0.2.2",
        "localhost",
        "127.0.0.1",
    }
    attributes = (CLIENT / app["android.extra_manifest_application_arguments"]).read_text()
    xml_name = Path(app["android.res_xml"]).stem
    assert f'android:networkSecurityConfig="@xml/{xml_name}"' in attributes


@pytest.mark.mobile
def test_main_py_starts_from_the_apk_layout_where_the_folder_is_not_a_package(tmp_path):
    """python-for-android runs main.py from a folder that is not importable as mobile_client."""
    app_dir = tmp_path / "app"
    shutil.copytree(CLIENT, app_dir, ignore=shutil.ignore_patterns("__pycache__", "android"))
    probe = (
        "import runpy; runpy.run_path('app/main.py', run_name='apk');"
        "import mobile_client.ui.app as ui; print(ui.SessionTokenLabApp.__module__, ui.__file__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"SDL_VIDEODRIVER": "offscreen", "KIVY_HOME": str(tmp_path / "kivy"),
             "KIVY_NO_ARGS": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"mobile_client.ui.app {app_dir / 'ui' / 'app.py'}" in done.stdout
