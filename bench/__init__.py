"""Load generator and scenarios: the real server against a bare Flask-SocketIO floor.

Run `python -m bench` (or `make bench`); see docs/performance.md.
"""
