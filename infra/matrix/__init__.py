"""`make matrix`: the lab page's live matrix, run in Chromium, Firefox or WebKitGTK under one of
each engine's cookie settings, saved as the page's own JSON export plus what the engine was.

One module per concern: `settings` (what each ENGINE/SETTING means), `walk` (a person's run of
the matrix through the page's UI, for the Python-driven engines), one driver per engine
(`chromium`, `firefox` + `firefox_walk.mjs`, `webkit` + `xvfb`), `trust` (the lab's CA per
engine, over https), `results` (the JSON file), `verdict` (where a run disagrees with the
page's model), `table` (the printed and the Markdown table) and `__main__` (the command line).
"""
