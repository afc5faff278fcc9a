"""Benchmarks: what each auth style costs per request and in server state (`make bench`)."""
