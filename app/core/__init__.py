"""The spine: event log, command registry and dispatcher, scopes, snapshot/sync, errors.

It knows no domain; domains register commands and snapshot parts with it, and hear each
other through its signals (signals.py).
"""
