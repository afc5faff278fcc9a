"""`make scale`: the cost of each session store, and of JWT rotation, at 1k to 1M live sessions."""
