"""The guided report draft, without Telegram: ``handlers/report_flow.py`` asks the questions.

* :mod:`~knowledge.report.answers` cleans and limits what the user typed and reads yes/no
  answers;
* :mod:`~knowledge.report.dates` reads dates such as "3 Maret 2025", "03/2025",
  "2 minggu lalu", "kemarin" or "2023" against an injectable ``today``;
* :mod:`~knowledge.report.draft` holds the answers of one conversation (:class:`Draft`);
* :mod:`~knowledge.report.routing` finds the body an agency name or a place refers to and
  the Ombudsman office the report goes to;
* :mod:`~knowledge.report.compose` writes the ready-to-copy draft from the answers plus
  sourced facts in ``data/facts.json``, with the "Sumber"/"Sources" URLs at the end.

The user's own words are never interpreted beyond that: they are printed as typed.
"""
