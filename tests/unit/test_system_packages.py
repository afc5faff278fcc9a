"""make test's first step names (or installs) the Debian packages the suites drive."""

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
