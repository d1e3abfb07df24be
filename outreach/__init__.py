"""Broadcasts and result notifications without Telegram: what ``/siaran`` and the CLI share.

Below ``handlers`` and above ``knowledge`` and ``db``: the HTML check and targets of an
announcement (``announce``), and the text of every delivery and of the admin's progress
report (``notify``). Sending them is the sender's job (``bot.delivery``).
"""
