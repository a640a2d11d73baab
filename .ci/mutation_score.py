"""Print the mutation score of the last `make mutation` run: killed / (killed + survived),
from mutmut's own result listing. Timeouts count as killed (the tests noticed), and mutants no
test reached count as survivors."""

import re
import subprocess
import sys
from collections import Counter

listing = subprocess.run(
    [".venv/bin/mutmut", "results", "--all", "true"], capture_output=True, text=True, check=False
).stdout
states = Counter(re.findall(r":\s*(killed|survived|timeout|no tests|suspicious|skipped)", listing))
killed = states["killed"] + states["timeout"]
survived = states["survived"] + states["no tests"] + states["suspicious"]
total = killed + survived
print(dict(states))
if not total:
    sys.exit("No mutation results found; run `make mutation` first.")
print(f"Mutation score: {killed}/{total} = {100 * killed / total:.1f}% of mutants killed")
