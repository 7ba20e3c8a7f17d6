"""Ticket printing shared by the front ends that print (the kiosk and the counter).

`worker`: one printer thread fed by a queue, recording each result in the core
(no Textual); `messages`: the Textual message the front ends receive it by.
Device drivers live in `reception.devices.printer`; this package sits between
them and the apps, so neither front end imports the other.
"""
