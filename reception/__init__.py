"""reception: kiosk and visit queue for a petition reception hall (信访接待大厅)."""

__version__ = "0.1.0"
