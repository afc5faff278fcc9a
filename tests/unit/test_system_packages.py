"""make test's first step names (or installs) the Debian packages the suites drive."""

import shutil

from infra import system_packages


def pretend_missing(monkeypatch, program: str) -> None:
    real_which = system_packages.shutil.which
    real_exists = system_packages.os.path.exists
    places = system_packages.PROGRAMS[program][1]
    monkeypatch.setattr(
        system_packages.shutil, "which", lambda p: None if p == program else real_which(p)
    )
    monkeypatch.setattr(
        system_packages.os.path, "exists", lambda p: False if p in places else real_exists(p)
    )


def test_present_programs_need_nothing():
    assert system_packages.missing_packages() == []


def test_a_missing_program_is_named_with_the_command_to_fix_it(monkeypatch, capsys):
    pretend_missing(monkeypatch, "nginx")
    monkeypatch.setattr(system_packages.os, "geteuid", lambda: 1000)
    assert system_packages.missing_packages() == ["nginx"]
    assert system_packages.main() == 1
    message = capsys.readouterr().err
    assert "sudo apt-get install -y --no-install-recommends nginx" in message


def test_without_node_make_test_stops_and_names_debians_nodejs(monkeypatch, capsys):
    # The web client's unit tests are never skipped for want of node: the run stops first.
    pretend_missing(monkeypatch, "node")
    monkeypatch.setattr(system_packages.os, "geteuid", lambda: 1000)
    assert system_packages.missing_packages() == ["nodejs"]
    assert system_packages.main() == 1
    assert "sudo apt-get install -y --no-install-recommends nodejs" in capsys.readouterr().err


def test_this_node_runs_the_web_clients_modules():
    assert system_packages.node_problem() is None


def test_a_node_that_cannot_load_es_modules_stops_the_run(tmp_path):
    # The real node, made to behave as a node older than 20.19 does with plain .js modules.
    old_node = tmp_path / "node"
    old_node.write_text(
        f'#!/bin/sh\nexec {shutil.which("node")} --no-experimental-detect-module "$@"\n'
    )
    old_node.chmod(0o755)
    problem = system_packages.node_problem(str(old_node))
    assert problem is not None
    assert "cannot load the web client's ES modules" in problem
    assert "node >= 20.19" in problem
