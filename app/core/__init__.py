"""The spine: event log, command registry and dispatcher, scopes, snapshot/sync, errors.

It knows no domain; domains register commands, snapshot parts and socket hooks with it.
"""
