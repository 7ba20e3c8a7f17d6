"""Pieces shared by the staff front ends (counter console, leader view)."""
