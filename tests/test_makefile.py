import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_lists_every_target():
    """A newcomer reads `make help`; a target it does not mention is a target nobody finds."""
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.MULTILINE)) - {"help"}

    shown = subprocess.run(
        ["make", "--no-print-directory", "help"],  # noqa: S607 - make from PATH, as users run it
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert targets
    assert {target for target in targets if f"make {target} " not in shown} == set()
