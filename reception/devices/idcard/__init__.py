"""Serial ID card readers speaking the SAM frame protocol (GA 467).

frames     -- frame building and stream parsing, no I/O
text_block -- the 256-byte UCS-2 text block of resident, J and I cards
reader     -- the pyserial reader: find → select → read, debounce, recovery
simulator  -- a reader on the other end of a pseudo-terminal, for tests and demos
settings   -- `[devices.card_reader]` checked
"""
