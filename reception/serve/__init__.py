"""Serving the counter, leader and display apps to browsers on the hall LAN."""
