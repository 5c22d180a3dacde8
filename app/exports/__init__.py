"""Exports that join several domains: the printable session report and attendance per
session run. They sit above every domain they read; a domain's own CSV and JSON stay in
its views (through core/spreadsheets.py)."""
