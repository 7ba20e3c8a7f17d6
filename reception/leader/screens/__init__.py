"""Screens of the leader view, each with its own .tcss."""
