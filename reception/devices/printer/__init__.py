"""The ESC/POS ticket printer (58 or 80 mm thermal, Chinese GB18030 firmware).

Public interface, for the kiosk and the counters:

    from reception.devices.printer import TicketPrinter, PrintResult, PrinterState

    printer = TicketPrinter.from_config(hall_config)  # reads [devices.printer]; ConfigError if wrong
    result = printer.print_slip(hall.slip_for(ticket))  # blocking: call from one worker thread
    result.ok        # True: the ticket went out (as far as the connection can tell)
    result.status    # PrinterStatus: .state (PrinterState), .message (中文), .detail, .can_print
    result.message   # 中文, for the visitor or the staff member
    result.error     # one line for Hall.record_print(error=...); "" when ok
    result.data      # the job's bytes (sent, or that would have been sent)
    result.sent      # the bytes reached the printer (False: nothing was printed)
    result.target    # where: 网络打印机 10.0.0.5:9100, 预览目录 ..., ...
    printer.status() # PrinterStatus now; never raises
    printer.render_slip(slip) -> bytes   # exactly what print_slip sends; no I/O

    from reception.devices.printer.qr import half_block_lines, matrix
    half_block_lines(slip.query_code)  # the same QR symbol as on paper, as ▀▄█ text

PrinterState values: ready, paper_low (prints; tell staff), paper_out,
cover_open, offline, error, unreachable (cannot connect or write), unknown
(the connection cannot tell: the ticket is sent anyway).

Nothing here imports python-escpos, qrcode or Pillow at import time: the kiosk
starts fast; escpos is loaded on the first job (`escpos_loader`).

Modules: settings (config keys), layout (slip → operations, pure), text
(GB18030 and widths), render (operations → ESC/POS bytes), qr (the symbol for
paper and screen), status (status replies), links (connections), decode and
preview (bytes → lines, PNG, text), fonts (a CJK font for images).
"""

from reception.devices.printer.printer import PrintResult, TicketPrinter
from reception.devices.printer.settings import PrinterSettings, parse_printer_settings, printer_settings
from reception.devices.printer.status import PrinterState, PrinterStatus

__all__ = [
    "PrintResult",
    "PrinterSettings",
    "PrinterState",
    "PrinterStatus",
    "TicketPrinter",
    "parse_printer_settings",
    "printer_settings",
]
