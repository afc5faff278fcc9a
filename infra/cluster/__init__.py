"""The replica lab: N API replicas behind nginx, with a choice of session store.

`run` is the `make cluster` command, `cluster.running_cluster` the library the tests and the
measuring commands (`check`, `state_size`) share.
"""
