"""The replica lab: N API replicas behind nginx, with a choice of session store.

`run` is the `make cluster` command, `cluster.running_cluster` the library that `check` and
tests/cluster share; `state_size` (`make state-size`) measures the stores themselves.
"""
