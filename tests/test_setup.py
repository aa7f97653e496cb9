"""Setting up a fresh machine: what make lint and make test install, and waiting for Debian's package lock."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

SYSTEM_DEPS = ROOT / "scripts" / "system-deps"


def make_recipes(target: str) -> str:
    """Every command ``make target`` runs on a fresh clone (``-B``: as if nothing were installed yet)."""
    result = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_lint_and_format_install_only_python_tools():
    for target in ("lint", "format"):
        commands = make_recipes(target)
        assert "ruff" in commands
        assert "system-deps" not in commands and "npm" not in commands and "requirements-test" not in commands


def test_test_installs_the_debian_packages_and_axe():
    commands = make_recipes("test")
    assert "scripts/system-deps" in commands and "npm ci" in commands


def fake_machine(tmp_path: Path) -> Path:
    """A PATH with bash and the few tools the script uses but none of the packages, and an apt-get that
    records each call and whether a package's service could start then (policy-rc.d answering 101 stops it)."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("bash", "id", "sleep", "env", "tee", "chmod", "rm", "sh"):
        (tools / name).symlink_to(shutil.which(name))
    (tools / "python3").symlink_to(Path(sys.executable).resolve())
    apt = tools / "apt-get"
    apt.write_text(
        '#!/bin/sh\nstatus=$("$POLICY_RC_D" nginx start >/dev/null 2>&1; echo $?)\n'
        'echo "$* services:$status" >> "$APT_LOG"\n',
        encoding="utf-8",
    )
    apt.chmod(0o755)
    return tools


def system_deps(tmp_path: Path, lock: Path, wait: int) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "PATH": str(fake_machine(tmp_path)),
        "DPKG_LOCK": str(lock),
        "SYSTEM_DEPS_WAIT": str(wait),
        "POLICY_RC_D": str(tmp_path / "policy-rc.d"),
        "APT_LOG": str(tmp_path / "apt.log"),
    }
    return subprocess.run([str(SYSTEM_DEPS)], env=environment, capture_output=True, text=True, timeout=60)


def test_system_deps_waits_for_the_package_lock_then_says_what_to_do(tmp_path):
    """With the lock held past the limit, it stops with a message, before running apt at all."""
    lock = tmp_path / "lock-frontend"
    with open(lock, "w") as held:
        fcntl.lockf(held, fcntl.LOCK_EX)
        result = system_deps(tmp_path, lock, wait=2)
    assert result.returncode == 1
    assert f"Another package manager is installing (it holds {lock}); waiting for it, at most 2 s" in result.stderr
    assert "held the package lock for 2 s: let it finish" in result.stderr
    assert not (tmp_path / "apt.log").exists()


def test_system_deps_installs_with_every_service_kept_from_starting(tmp_path):
    lock = tmp_path / "lock-frontend"
    lock.touch()
    result = system_deps(tmp_path, lock, wait=2)
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "apt.log").read_text(encoding="utf-8").splitlines()
    assert [call.split()[-1] for call in calls] == ["services:101", "services:101"]  # update, then install
    assert "install -y" in calls[1] and "chromium" in calls[1] and "DPkg::Lock::Timeout=2" in calls[1]
    assert not (tmp_path / "policy-rc.d").exists()  # removed again afterwards


def test_readme_says_what_make_test_installs_and_that_nginx_is_only_a_test_server():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    for installed in ("chromium", "Java", "nginx", "axe-core"):
        assert installed in readme
    assert "nginx is used only as a test server" in readme
