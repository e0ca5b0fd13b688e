"""Livslang: regional competence partnerships for continuing education."""
