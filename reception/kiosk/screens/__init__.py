"""One module per kiosk screen, each with its own .tcss."""
