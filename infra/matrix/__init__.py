"""`make matrix`: the lab page's live matrix, run in Chromium, Firefox or WebKitGTK under one of
each engine's cookie settings, saved as the page's own JSON export plus what the engine was.

One module per concern: `settings` (what each ENGINE/SETTING means), `walk` (a person's run of
the matrix through the page's UI, for the Python-driven engines), one driver per engine
(`chromium`, `firefox` + `firefox_walk.mjs`, `webkit` + `xvfb`), `results` (the JSON file),
`table` (the printed table) and `__main__` (the command line).
"""
