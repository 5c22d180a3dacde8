"""Server tests run the real server as a subprocess (tests/serverproc.py) and talk to it
like clients do (roomclients.py); both are importable from the test modules."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE.parent, HERE):  # tests/ (serverproc) and tests/server/ (roomclients)
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
