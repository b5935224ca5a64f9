"""Reviewer screens."""
