"""A newcomer's first command must work in a clone that has no var/ folder yet."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def test_manage_py_creates_its_sqlite_database_in_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    shutil.copytree(
        PROJECT_DIR,
        clone,
        ignore=shutil.ignore_patterns(".git", ".venv", "var", "__pycache__", "*.egg-info"),
    )
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    assert not (clone / "var").exists()

    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert (clone / "var" / "newsroom.sqlite3").is_file()
