"""Writing the register and the reports to files (issue 14): xlsx through openpyxl, csv.

The core (`reception.queue.ledger_desk`) reads and counts; this package lays
the rows out and writes them. Every file holds personal data: it is written
0600, to a temporary file in the same directory first, and moved into place
only once complete (`files.private_output`), so an interrupted export
(Ctrl+C, a full disk) leaves no partial file. openpyxl is imported lazily.
"""
